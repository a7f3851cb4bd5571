// Desired × applied indexes → the changes Prisma's own diff makes, one per index, so that an
// operation can make each of them safe. Prisma pairs indexes by definition, not by name (verified
// with `migrate diff --script`, 6.19 and 7.10):
// - an applied index with the same definition as a desired one on the same table is kept; under
//   another name it is a `rename` (Prisma's ALTER INDEX … RENAME, which is safe: the operations plan
//   nothing for it) — but only when no other index of the table has the same columns and kind
//   (Prisma does not rename among look-alikes: it keeps them all and renames none);
// - a desired index nothing matches is an `add`, an applied index nothing matches a `drop`; when
//   the two share a name (same name, other definition: Prisma's DROP INDEX + CREATE INDEX of that
//   name) they are one `change`. So a column change under default names is an add and a drop (the
//   default name follows the columns);
// - indexes Prisma does not see (partial, expression) are never dropped or changed, and a name they
//   hold makes an `add` the plan skips (name taken); INCLUDE ones it sees but they match no
//   declaration, so they are dropped or changed (NULLS NOT DISTINCT, collations, NULLS FIRST and
//   storage options do not count when Prisma compares);
// - primary keys are Prisma's (`@id`), and tables that are new or gone are left to Prisma: adds on
//   a new table are still listed (the plan skips them with a reason), drops only on kept tables.
import { indexesByTable, indexKey, tableKey, type AppliedIndex, type AppliedState, type DesiredIndex, type DesiredState, type DesiredTable } from "../core/state.js";
import { fromApplied, fromDesired, sameDefinition } from "./index-definition.js";

export type IndexChange =
  | { kind: "add"; want: DesiredIndex }
  /** On a table the schema keeps; its columns may be going (Prisma drops the index before the column). */
  | { kind: "drop"; have: AppliedIndex; table: DesiredTable }
  /** Same name, another definition (or another table): Prisma drops and creates it under that name. */
  | { kind: "change"; have: AppliedIndex; want: DesiredIndex }
  /** Same definition on the same table, another name. */
  | { kind: "rename"; have: AppliedIndex; want: DesiredIndex };

/** Whether Prisma sees the index at all: it ignores partial and expression indexes. */
export function visibleToPrisma(index: AppliedIndex): boolean {
  return !index.partial && index.columns !== null;
}

function sameIndex(have: AppliedIndex, want: DesiredIndex): boolean {
  const applied = fromApplied(have);
  return "definition" in applied && have.table === want.table && have.schema === want.schema && sameDefinition(applied.definition, fromDesired(want));
}

/** The indexes Prisma pairs with desired ones: on the table, seen by Prisma, not the primary key. */
const pairable = (index: AppliedIndex) => index.constraint !== "primary" && visibleToPrisma(index);

/** Another index of the table with the same columns (INCLUDE ones too) and kind: then Prisma renames neither. */
function hasLookAlike(index: AppliedIndex, tableIndexes: readonly AppliedIndex[]): boolean {
  const columns = (i: AppliedIndex) => [...i.columns!.map((c) => c.name), ...i.include].join("\0");
  return tableIndexes.some((other) => other !== index && pairable(other) && other.unique === index.unique && columns(other) === columns(index));
}

export function diffIndexes(desired: DesiredState, applied: AppliedState): IndexChange[] {
  const byTable = indexesByTable(applied);
  const tableIndexes = (schema: string, table: string) => (byTable.get(tableKey(schema, table)) ?? []).filter(pairable);

  // Pair by definition: every applied index that matches a desired one is kept.
  const kept = new Set<AppliedIndex>();
  const present = new Set<DesiredIndex>();
  const renames: IndexChange[] = [];
  for (const want of desired.indexes) {
    const candidates = tableIndexes(want.schema, want.table);
    const matching = candidates.filter((have) => sameIndex(have, want));
    if (matching.length === 0) continue;
    present.add(want);
    for (const have of matching) kept.add(have);
    const single = matching.length === 1 ? matching[0]! : null;
    if (single && single.name !== want.name && !hasLookAlike(single, candidates)) renames.push({ kind: "rename", have: single, want });
  }

  // The unpaired: a shared name makes one change, else an add or a drop.
  const unkept = (have: AppliedIndex | undefined) => have && pairable(have) && !kept.has(have) ? have : undefined;
  const changed = new Set<AppliedIndex>();
  const changes: IndexChange[] = [];
  for (const want of desired.indexes) {
    if (present.has(want)) continue;
    const have = unkept(applied.indexes.get(indexKey(want.schema, want.name)));
    if (have && !changed.has(have)) {
      changed.add(have);
      changes.push({ kind: "change", have, want });
    } else {
      changes.push({ kind: "add", want });
    }
  }
  changes.push(...renames);
  for (const have of applied.indexes.values()) {
    if (!unkept(have) || changed.has(have)) continue;
    const table = desired.tables.get(tableKey(have.schema, have.table));
    if (table) changes.push({ kind: "drop", have, table });
  }
  return changes;
}
