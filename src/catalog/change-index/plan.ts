// change-index, planning: a `change` of index-diff (same name, another definition: Prisma's DROP
// INDEX + CREATE [UNIQUE] INDEX of that name) → the new definition built concurrently under a
// temporary name, then the old one replaced by it. How the old one goes and the new one takes the
// name depends on what each is (catalog-plan §1.5, the swap verified on PostgreSQL 15 and 17):
//
// | have → want                          | steps                                                       |
// |--------------------------------------|-------------------------------------------------------------|
// | index (plain or unique) → index      | rebuild · retire (DROP INDEX CONCURRENTLY) · rename          |
// | index → unique                       | precheck? · rebuild · retire · attach USING INDEX tmp        |
// | unique constraint → unique           | precheck? · rebuild · swap (DROP + ADD CONSTRAINT, one stmt) |
// | unique constraint → index            | rebuild · drop (DROP CONSTRAINT) · rename                    |
//
// A unique that cannot be a constraint (sort: Desc, attachConstraint = "false") is renamed instead
// of attached. A unique stays enforced throughout by one of the two indexes, except while the old
// index is retired before the attach (the new unique index enforces it then). Anything else (a
// column the history lacks, a partitioned or temporary table, the temporary name taken) is left to
// Prisma, whose DROP + CREATE `check` reports and `fix` rewrites; a unique says why (a skip).
import { describeSource, indexKey, tableKey, type AppliedIndex, type AppliedState, type DesiredIndex, type DesiredState, type DesiredTable, type DesiredUnique } from "../../core/state.js";
import type { PlanOptions, PlanResult, Step } from "../../core/plan.js";
import type { StepTarget } from "../operation.js";
import { definitionSql, fromDesired, type IndexDefinition } from "../index-definition.js";
import { temporaryIndexName } from "../temporary-name.js";
import { indexOnlyReason, uniqueSkip } from "../add-unique/plan.js";

export function planChangeIndex(have: AppliedIndex, want: DesiredIndex, desired: DesiredState, applied: AppliedState, options: PlanOptions): PlanResult | null {
  if (have.constraint === "primary") return null;
  const sameTable = have.table === want.table && have.schema === want.schema;
  if (want.unique) {
    const reason = uniqueSkip(want, applied) ?? (sameTable ? null : { kind: "name-taken" as const, existing: have });
    if (reason) return { skip: { unique: want, reason } };
  }
  const table = applied.tables.get(tableKey(want.schema, want.table));
  const desiredTable = desired.tables.get(tableKey(want.schema, want.table));
  if (!sameTable || !table || !desiredTable || table.partitioned || table.temporary || want.columns.some((c) => !table.columns.includes(c.name))) return null;
  const definition = fromDesired(want);
  const temporary = temporaryIndexName(want.schema, want.name, definition);
  // Index names share the schema's namespace with tables: a relation of that name leaves it to Prisma.
  if (applied.indexes.has(indexKey(want.schema, temporary)) || applied.tables.has(tableKey(want.schema, temporary))) return null;

  const at = { schema: want.schema, table: want.table, qualified: want.qualified };
  const old: OldIndex = have.constraint === "unique" ? { kind: "constraint", index: have, table: desiredTable } : { kind: "index" };
  return { steps: changeSteps(old, { target: { ...at, name: want.name }, definition, source: describeSource(want.source), unique: want.unique ? want : null }, options) };
}

/** The index a change replaces: a unique constraint (dropped or swapped with DROP CONSTRAINT) or an index (retired concurrently). */
export type OldIndex = { kind: "constraint"; index: AppliedIndex; table: DesiredTable } | { kind: "index" };

/** The definition that replaces it under the same name; `unique`: its declaration when it is a unique (pre-check, attach). */
export interface NewIndex {
  target: StepTarget;
  definition: IndexDefinition;
  source: string;
  unique: DesiredUnique | null;
}

/** The steps of one change, by the table of shapes above: for the generator and for `fix`'s DROP + CREATE pairs. */
export function changeSteps(old: OldIndex, want: NewIndex, options: PlanOptions): Step[] {
  const { target, definition, source, unique } = want;
  const temporary = temporaryIndexName(target.schema, target.name, definition);
  const statement = definitionSql(definition, { concurrently: true, name: temporary, table: { schema: target.schema, name: target.table, qualified: target.qualified } });
  const steps: Step[] = [];
  if (unique && options.precheck) steps.push({ kind: "precheck", unique });
  steps.push({ kind: "rebuild-index", index: { ...target, name: temporary, statement, source }, name: target.name });
  const attach = unique !== null && indexOnlyReason(unique, options) === null;
  if (old.kind === "constraint") {
    if (attach) return [...steps, { kind: "swap-unique", index: target, temporary, source }];
    steps.push({ kind: "drop", index: old.index, table: old.table, replacedBy: temporary });
  } else {
    steps.push({ kind: "retire-index", index: target, temporary, source });
    if (attach) return [...steps, { kind: "attach", unique, usingIndex: temporary }];
  }
  steps.push({ kind: "rename-index", index: target, temporary, source });
  return steps;
}
