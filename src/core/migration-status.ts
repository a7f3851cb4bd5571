// A migration's state from its rows in `_prisma_migrations`, the way Prisma Migrate reads them (the
// one meaning of applied / failed / pending for doctor, fix and duplicates):
// rows marked rolled back (`migrate resolve --rolled-back`) no longer count; of the others, one with
// `finished_at` set means applied, one without means failed. A migration that failed, was rolled
// back and ran again has several rows.
import type { MigrationRow } from "../doctor/model.js";

export interface RowState {
  status: "applied" | "pending" | "failed";
  /** The row that decides the status (the latest one that is not rolled back). */
  current: MigrationRow | null;
  /** Failed attempts marked rolled back, oldest first. */
  rolledBack: MigrationRow[];
}

export function groupRows(rows: readonly MigrationRow[]): Map<string, MigrationRow[]> {
  const byName = new Map<string, MigrationRow[]>();
  for (const row of [...rows].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())) {
    const list = byName.get(row.name) ?? [];
    list.push(row);
    byName.set(row.name, list);
  }
  return byName;
}

export function rowState(rows: readonly MigrationRow[] | undefined): RowState {
  const list = rows ?? [];
  const rolledBack = list.filter((r) => r.rolledBackAt !== null && r.finishedAt === null);
  const active = list.filter((r) => r.rolledBackAt === null);
  // Prisma treats any unfinished, not rolled-back row as a failure that blocks deploys.
  const failed = active.filter((r) => r.finishedAt === null).at(-1);
  if (failed) return { status: "failed", current: failed, rolledBack };
  const applied = active.at(-1);
  if (applied) return { status: "applied", current: applied, rolledBack };
  return { status: "pending", current: null, rolledBack };
}

/** The state of one migration by name. */
export function migrationStatus(rows: readonly MigrationRow[], name: string): RowState["status"] {
  return rowState(rows.filter((r) => r.name === name)).status;
}
