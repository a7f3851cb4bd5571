// drop-index, planning: an index the history built without a constraint (a plain index, or a
// unique index that backs no constraint) on a table the schema still has, that no declared index
// is by name or definition → one drop_index step. Only what Prisma itself would drop (plain
// columns, not partial: Prisma ignores the others), and only while all its columns stay: when a
// column goes, Prisma's DROP COLUMN takes the index along.
import { indexKey, type AppliedIndex, type DesiredState } from "../../core/state.js";
import { fromDesired, sameDefinition } from "../index-definition.js";
import type { DropIndexStep } from "./steps.js";

export function planDropIndex(have: AppliedIndex, desired: DesiredState, partitioned: boolean): DropIndexStep | null {
  if (have.constraint !== null || have.partial || !have.columns || partitioned) return null;
  const table = [...desired.tables.values()].find((t) => t.schema === have.schema && t.name === have.table);
  if (!table) return null;
  const columns = new Set(table.columns.values());
  if (!have.columns.every((c) => columns.has(c.name)) || !have.include.every((c) => columns.has(c))) return null;
  const declared = desired.indexes.filter((d) => d.schema === have.schema && d.table === have.table);
  if (declared.some((d) => indexKey(d.schema, d.name) === indexKey(have.schema, have.name))) return null;
  const definition = { unique: have.unique, method: have.method as DesiredState["indexes"][number]["method"], columns: have.columns };
  if (have.include.length === 0 && declared.some((d) => sameDefinition(fromDesired(d), definition))) return null;
  return { kind: "drop-index", index: { schema: have.schema, table: have.table, name: have.name, qualified: table.qualified } };
}
