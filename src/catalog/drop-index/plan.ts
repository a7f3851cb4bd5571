// drop-index, planning: a `drop` of index-diff (no declared index is this one, by Prisma's pairing)
// of an index the history built without a constraint (a plain index, or a unique index that backs
// no constraint) on a table the schema still has → one drop_index step. Only what Prisma itself would drop (plain
// columns, not partial: Prisma ignores the others), and only while all its columns stay: when a
// column goes, Prisma's DROP COLUMN takes the index along.
import type { AppliedIndex, DesiredState } from "../../core/state.js";
import type { DropIndexStep } from "./steps.js";

export function planDropIndex(have: AppliedIndex, desired: DesiredState, partitioned: boolean): DropIndexStep | null {
  if (have.constraint !== null || have.partial || !have.columns || partitioned) return null;
  const table = [...desired.tables.values()].find((t) => t.schema === have.schema && t.name === have.table);
  if (!table) return null;
  const columns = new Set(table.columns.values());
  if (!have.columns.every((c) => columns.has(c.name)) || !have.include.every((c) => columns.has(c))) return null;
  return { kind: "drop-index", index: { schema: have.schema, table: have.table, name: have.name, qualified: table.qualified } };
}
