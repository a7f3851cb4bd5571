// add-index, planning: an `add` of index-diff (an `@@index` no index of the table already is, by
// Prisma's pairing; the same definition under another name is Prisma's safe ALTER INDEX RENAME) on
// a table the history has → one create_index step. New tables, columns the history lacks and partitioned tables stay
// Prisma's (its CREATE INDEX then runs where `check` and `fix` see it); so does a changed
// definition under the same name (Prisma's DROP INDEX + CREATE INDEX: `fix` moves both).
import { describeSource, indexesOfTable, tableKey, type AppliedState, type DesiredIndex } from "../../core/state.js";
import { definitionSql, fromDesired } from "../index-definition.js";
import type { CreateIndexStep } from "./steps.js";

export function planAddIndex(want: DesiredIndex, applied: AppliedState): CreateIndexStep | null {
  if (want.unique) return null;
  const table = applied.tables.get(tableKey(want.schema, want.table));
  if (!table || table.partitioned || table.temporary) return null;
  if (want.columns.some((c) => !table.columns.includes(c.name))) return null;
  const definition = fromDesired(want);
  // A name an index Prisma does not see holds (partial, expression): Prisma's CREATE INDEX would fail too.
  if (indexesOfTable(applied, want.schema, want.table).some((i) => i.name === want.name)) return null;
  const statement = definitionSql(definition, { concurrently: true, name: want.name, table: { schema: want.schema, name: want.table, qualified: want.qualified } });
  return { kind: "create-index", index: { schema: want.schema, table: want.table, qualified: want.qualified, name: want.name, statement, source: describeSource(want.source) } };
}
