// Whether the database already applied a migration, from Prisma's own `_prisma_migrations` table,
// read as every command reads it (project/migration-rows.ts, core/migration-status.ts).
import type pg from "pg";
import { readMigrationRows } from "../project/migration-rows.js";
import { migrationStatus } from "../core/migration-status.js";

export type AppliedStatus = "applied" | "failed" | "absent";

export async function appliedStatus(client: pg.Client, migration: string): Promise<AppliedStatus> {
  const status = migrationStatus(await readMigrationRows(client), migration);
  return status === "pending" ? "absent" : status;
}
