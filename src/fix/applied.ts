// Whether the database already applied a migration, from Prisma's own `_prisma_migrations`
// table. A rolled-back row does not count; a failed one (finished_at NULL) is reported as such.
import type pg from "pg";

export type AppliedStatus = "applied" | "failed" | "absent";

export async function appliedStatus(client: pg.Client, migration: string): Promise<AppliedStatus> {
  const [table] = (await client.query<{ exists: boolean }>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`)).rows;
  if (!table?.exists) return "absent";
  const rows = (await client.query<{ finished: boolean }>(
    `SELECT finished_at IS NOT NULL AS finished FROM _prisma_migrations WHERE migration_name = $1 AND rolled_back_at IS NULL`,
    [migration],
  )).rows;
  if (rows.some((r) => r.finished)) return "applied";
  return rows.length > 0 ? "failed" : "absent";
}
