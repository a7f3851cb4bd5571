// add-unique, planned: each @@unique / @unique on an existing table that no equivalent unique index
// has yet (under any name) → pre-check, concurrent build, attach; or a reason it is left to Prisma.
// Uniques are matched by key columns (isEquivalentUnique), not by index-diff's full definition.
import { indexKey, indexesByTable, sameColumns, tableKey, type AppliedIndex, type AppliedState, type DesiredState, type DesiredUnique } from "../../core/state.js";
import type { PlanOptions, Skip } from "../../core/plan.js";
import type { AttachStep, BuildStep, IndexOnlyReason, PrecheckStep } from "./steps.js";

/** An index that already is the unique: unique, not partial, on the same key columns. */
export function isEquivalentUnique(index: AppliedIndex, unique: { columns: DesiredUnique["columns"] }): boolean {
  return index.unique && !index.partial && sameColumns(index.columns, unique.columns);
}

/** `dropped`: the keys (indexKey) of the constraints drop-unique-constraint removes in the same plan. */
export function planAddUniques(
  desired: DesiredState,
  applied: AppliedState,
  options: PlanOptions,
  dropped: ReadonlySet<string>,
): { steps: (PrecheckStep | BuildStep | AttachStep)[]; skipped: Skip[] } {
  const steps: (PrecheckStep | BuildStep | AttachStep)[] = [];
  const skipped: Skip[] = [];
  const indexesOf = indexesByTable(applied);
  for (const unique of desired.uniques) {
    const table = applied.tables.get(tableKey(unique.schema, unique.table));
    if (!table) {
      skipped.push({ unique, reason: { kind: "new-table", unfollowed: applied.unfollowed } });
      continue;
    }
    const remaining = (indexesOf.get(tableKey(unique.schema, unique.table)) ?? []).filter((i) => !dropped.has(indexKey(i.schema, i.name)));
    if (remaining.some((i) => isEquivalentUnique(i, unique))) continue; // exists, perhaps under another name
    const missing = unique.columns.map((c) => c.name).filter((c) => !table.columns.includes(c));
    if (missing.length > 0) {
      // Folder names sort in history order: the statements from the table's own migration on.
      const unfollowed = applied.unfollowed.filter((u) => u.migration >= table.origin);
      skipped.push({ unique, reason: { kind: "missing-columns", columns: missing, unfollowed } });
      continue;
    }
    if (table.partitioned) {
      skipped.push({ unique, reason: { kind: "partitioned" } });
      continue;
    }
    const existing = applied.indexes.get(indexKey(unique.schema, unique.name));
    if (existing && !dropped.has(indexKey(existing.schema, existing.name))) {
      skipped.push({ unique, reason: { kind: "name-taken", existing } });
      continue;
    }
    // PostgreSQL refuses ADD CONSTRAINT … USING INDEX for an index without default sort order.
    const indexOnlyReason: IndexOnlyReason | null = !options.attachConstraint
      ? "disabled"
      : unique.columns.some((c) => c.desc)
        ? "sort-order"
        : null;
    if (options.precheck) steps.push({ kind: "precheck", unique });
    steps.push({ kind: "build", unique, attach: indexOnlyReason === null, indexOnlyReason });
    if (indexOnlyReason === null) steps.push({ kind: "attach", unique });
  }
  return { steps, skipped };
}
