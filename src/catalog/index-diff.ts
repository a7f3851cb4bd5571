// Desired × applied indexes → the changes Prisma's own diff would make, one per index, so that an
// operation can make each of them safe. Matching follows what Prisma does (verified with
// `migrate diff --script`, 6.19 and 7.10):
// - by name first: same name and same definition is nothing to do; same name and another
//   definition is a `change` (Prisma: DROP INDEX + CREATE INDEX of that name);
// - a default name follows its columns, so a column change under default names is an `add` of the
//   new name plus a `drop` of the old one; only the same definition under another name is a
//   `rename` (Prisma's ALTER INDEX … RENAME, which is safe: the operations plan nothing for it);
// - indexes Prisma does not see (partial, expression) are never dropped or changed; those it sees
//   but cannot declare (INCLUDE, NULLS NOT DISTINCT) it drops, so they are dropped here too;
// - primary keys are Prisma's (`@id`), and tables that are new or gone are left to Prisma: adds on
//   a new table are still listed (the plan skips them with a reason), drops only on kept tables.
import { indexesByTable, indexKey, tableKey, type AppliedIndex, type AppliedState, type DesiredIndex, type DesiredState, type DesiredTable } from "../core/state.js";
import { fromApplied, fromDesired, sameDefinition } from "./index-definition.js";

export type IndexChange =
  | { kind: "add"; want: DesiredIndex }
  /** On a table the schema keeps; its columns may be going (Prisma drops the index before the column). */
  | { kind: "drop"; have: AppliedIndex; table: DesiredTable }
  /** Same name, another definition (or another table). */
  | { kind: "change"; have: AppliedIndex; want: DesiredIndex }
  /** Same definition on the same table, another name. */
  | { kind: "rename"; have: AppliedIndex; want: DesiredIndex };

/** Whether Prisma sees the index at all: it ignores partial and expression indexes. */
export function visibleToPrisma(index: AppliedIndex): boolean {
  return !index.partial && index.columns !== null;
}

function sameIndex(have: AppliedIndex, want: DesiredIndex): boolean {
  const applied = fromApplied(have);
  return "definition" in applied && have.table === want.table && sameDefinition(applied.definition, fromDesired(want));
}

export function diffIndexes(desired: DesiredState, applied: AppliedState): IndexChange[] {
  const changes: IndexChange[] = [];
  const matched = new Set<AppliedIndex>();
  const unmatched: DesiredIndex[] = [];

  // By name: index names are unique per schema, whatever the table.
  for (const want of desired.indexes) {
    const have = applied.indexes.get(indexKey(want.schema, want.name));
    // A primary key or an index Prisma cannot see holds the name: an add, which the plan skips (name taken).
    if (!have || have.constraint === "primary" || !visibleToPrisma(have)) {
      unmatched.push(want);
      continue;
    }
    matched.add(have);
    if (!sameIndex(have, want)) changes.push({ kind: "change", have, want });
  }

  // The rest: the same definition under another name on the same table is a rename, else an add.
  const byTable = indexesByTable(applied);
  const namedByDesired = new Set(desired.indexes.map((i) => indexKey(i.schema, i.name)));
  for (const want of unmatched) {
    const have = (byTable.get(tableKey(want.schema, want.table)) ?? []).find(
      (i) => !matched.has(i) && i.constraint !== "primary" && !namedByDesired.has(indexKey(i.schema, i.name)) && sameIndex(i, want),
    );
    if (have) {
      matched.add(have);
      changes.push({ kind: "rename", have, want });
    } else {
      changes.push({ kind: "add", want });
    }
  }

  // Drops: what the history has on a kept table, Prisma sees, and nothing desired matched.
  for (const have of applied.indexes.values()) {
    if (matched.has(have) || have.constraint === "primary" || !visibleToPrisma(have)) continue;
    const table = desired.tables.get(tableKey(have.schema, have.table));
    if (table) changes.push({ kind: "drop", have, table });
  }
  return changes;
}
