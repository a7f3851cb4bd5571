// change-index, planning: a plain index (no constraint, not unique) whose definition changed
// under the same name into another plain index → rebuild under a temporary name, retire the old
// one, rename. Changes that involve a unique (index ↔ unique, constraint ↔ index) are left to
// Prisma's DROP INDEX + CREATE INDEX, which `check` reports and `fix` rewrites.
import { describeSource, indexKey, tableKey, type AppliedIndex, type AppliedState, type DesiredIndex } from "../../core/state.js";
import { definitionSql, fromDesired } from "../index-definition.js";
import { temporaryIndexName } from "../temporary-name.js";
import type { RebuildIndexStep, RenameIndexStep, RetireIndexStep } from "./steps.js";

export function planChangeIndex(have: AppliedIndex, want: DesiredIndex, applied: AppliedState): [RebuildIndexStep, RetireIndexStep, RenameIndexStep] | null {
  if (want.unique || have.unique || have.constraint !== null || have.table !== want.table || have.schema !== want.schema) return null;
  const table = applied.tables.get(tableKey(want.schema, want.table));
  if (!table || table.partitioned || table.temporary || want.columns.some((c) => !table.columns.includes(c.name))) return null;
  const definition = fromDesired(want);
  const temporary = temporaryIndexName(want.schema, want.name, definition);
  // Index names share the schema's namespace with tables: a relation of that name leaves it to Prisma.
  if (applied.indexes.has(indexKey(want.schema, temporary)) || applied.tables.has(tableKey(want.schema, temporary))) return null;
  const at = { schema: want.schema, table: want.table, qualified: want.qualified };
  const source = describeSource(want.source);
  const statement = definitionSql(definition, { concurrently: true, name: temporary, table: { schema: want.schema, name: want.table, qualified: want.qualified } });
  const target = { ...at, name: want.name };
  return [
    { kind: "rebuild-index", index: { ...at, name: temporary, statement, source }, name: want.name },
    { kind: "retire-index", index: target, temporary, source },
    { kind: "rename-index", index: target, temporary, source },
  ];
}
