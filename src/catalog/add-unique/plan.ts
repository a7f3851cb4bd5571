// add-unique, planned: an `add` of index-diff that is a @@unique / @unique (no index of the table
// is this unique by Prisma's pairing; the same unique under another name is Prisma's safe ALTER
// INDEX … RENAME) → pre-check, concurrent build, attach; or a reason it is left to Prisma.
import { indexKey, tableKey, type AppliedState, type DesiredIndex, type DesiredUnique } from "../../core/state.js";
import type { PlanOptions, PlanResult, SkipReason } from "../../core/plan.js";
import type { AttachStep, BuildStep, IndexOnlyReason, PrecheckStep } from "./steps.js";

/**
 * Why a unique on this table cannot be built concurrently now: the table is new (Prisma's CREATE
 * TABLE makes it), a column is not in the history yet, or the table is partitioned. Null: it can.
 */
export function uniqueSkip(unique: DesiredUnique, applied: AppliedState): SkipReason | null {
  const table = applied.tables.get(tableKey(unique.schema, unique.table));
  if (!table) return { kind: "new-table", unfollowed: applied.unfollowed };
  const missing = unique.columns.map((c) => c.name).filter((c) => !table.columns.includes(c));
  // Folder names sort in history order: the statements from the table's own migration on.
  if (missing.length > 0) return { kind: "missing-columns", columns: missing, unfollowed: applied.unfollowed.filter((u) => u.migration >= table.origin) };
  if (table.partitioned) return { kind: "partitioned" };
  return null;
}

/** Why the unique stays an index: PostgreSQL refuses ADD CONSTRAINT … USING INDEX for an index without default sort order. */
export function indexOnlyReason(unique: DesiredUnique, options: PlanOptions): IndexOnlyReason | null {
  return !options.attachConstraint ? "disabled" : unique.columns.some((c) => c.desc) ? "sort-order" : null;
}

export function planAddUnique(unique: DesiredIndex, applied: AppliedState, options: PlanOptions): PlanResult {
  const reason = uniqueSkip(unique, applied);
  if (reason) return { skip: { unique, reason } };
  // A name an index Prisma does not pair holds (partial, expression, kept for another declaration).
  const existing = applied.indexes.get(indexKey(unique.schema, unique.name));
  if (existing) return { skip: { unique, reason: { kind: "name-taken", existing } } };
  return { steps: addUniqueSteps(unique, options) };
}

/** The steps of a new unique, for the generator and for `fix`: pre-check?, concurrent build, attach?. */
export function addUniqueSteps(unique: DesiredUnique, options: PlanOptions): (PrecheckStep | BuildStep | AttachStep)[] {
  const onlyIndex = indexOnlyReason(unique, options);
  const steps: (PrecheckStep | BuildStep | AttachStep)[] = [];
  if (options.precheck) steps.push({ kind: "precheck", unique });
  steps.push({ kind: "build", unique, attach: onlyIndex === null, indexOnlyReason: onlyIndex });
  if (onlyIndex === null) steps.push({ kind: "attach", unique });
  return steps;
}
