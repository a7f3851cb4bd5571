// The rows of Prisma's `_prisma_migrations` table, read once the same way for every command
// (core/migration-status.ts gives them their meaning). None when the table does not exist yet.
import type pg from "pg";
import type { MigrationRow } from "../doctor/model.js";

export async function readMigrationRows(client: pg.Client): Promise<MigrationRow[]> {
  const { rows: exists } = await client.query<{ table: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS table");
  if (!exists[0]?.table) return [];
  const { rows } = await client.query<{ migration_name: string; started_at: Date; finished_at: Date | null; rolled_back_at: Date | null; logs: string | null }>(
    "SELECT migration_name, started_at, finished_at, rolled_back_at, logs FROM _prisma_migrations ORDER BY started_at, migration_name",
  );
  return rows.map((r) => ({ name: r.migration_name, startedAt: r.started_at, finishedAt: r.finished_at, rolledBackAt: r.rolled_back_at, logs: r.logs }));
}
