// The plan: desired state × applied state → steps. Pure; every rule of the product about *what*
// to do lives here, and how it is written out lives in render.ts.
import {
  indexKey,
  indexesByTable,
  sameColumns,
  tableKey,
  type AppliedIndex,
  type AppliedState,
  type DesiredState,
  type DesiredTable,
  type DesiredUnique,
  type Unfollowed,
} from "./state.js";
import type { CatalogStep } from "../catalog/catalog.js";
import type { IndexOnlyReason } from "../catalog/add-unique/steps.js";
import { planAddIndex } from "../catalog/add-index/plan.js";
import { planDropIndex } from "../catalog/drop-index/plan.js";
import { planChangeIndex } from "../catalog/change-index/plan.js";
import { diffIndexes } from "../catalog/index-diff.js";

export interface PlanOptions {
  attachConstraint: boolean;
  precheck: boolean;
}

/** Every step of the catalog's operations (src/catalog/): each spec owns its SQL, header, words and locks. */
export type Step = CatalogStep;
export type { IndexOnlyReason };

/**
 * `unfollowed`: statements of the history whose effect is not replayed (a DO block …) that may have
 * made what the reason says is missing; the message must then say the history could not be followed.
 */
export type SkipReason =
  | { kind: "new-table"; unfollowed: Unfollowed[] }
  | { kind: "missing-columns"; columns: string[]; unfollowed: Unfollowed[] }
  | { kind: "partitioned" }
  | { kind: "name-taken"; existing: AppliedIndex };

export interface Skip {
  unique: DesiredUnique;
  reason: SkipReason;
}

export interface Plan {
  steps: Step[];
  skipped: Skip[];
}

function isEquivalent(index: AppliedIndex, unique: { columns: DesiredUnique["columns"] }): boolean {
  return index.unique && !index.partial && sameColumns(index.columns, unique.columns);
}

export function planChanges(desired: DesiredState, applied: AppliedState, options: PlanOptions): Plan {
  const steps: Step[] = [];
  const skipped: Skip[] = [];

  // Removals first: a unique constraint the schema no longer declares on a table it still has.
  const dropped = new Set<string>();
  const uniquesOf = new Map<string, DesiredUnique[]>();
  for (const u of desired.uniques) {
    const key = tableKey(u.schema, u.table);
    uniquesOf.set(key, [...(uniquesOf.get(key) ?? []), u]);
  }
  for (const index of applied.indexes.values()) {
    if (index.constraint !== "unique") continue;
    const table = desired.tables.get(tableKey(index.schema, index.table));
    if (!table) continue; // the table goes too: Prisma's DROP TABLE takes its constraints along
    const stillDeclared = (uniquesOf.get(tableKey(index.schema, index.table)) ?? []).some((u) => isEquivalent(index, u));
    if (stillDeclared) continue;
    steps.push({ kind: "drop", index, table });
    dropped.add(indexKey(index.schema, index.name));
  }

  const indexesOf = indexesByTable(applied);
  for (const unique of desired.uniques) {
    const table = applied.tables.get(tableKey(unique.schema, unique.table));
    if (!table) {
      skipped.push({ unique, reason: { kind: "new-table", unfollowed: applied.unfollowed } });
      continue;
    }
    const remaining = (indexesOf.get(tableKey(unique.schema, unique.table)) ?? []).filter((i) => !dropped.has(indexKey(i.schema, i.name)));
    if (remaining.some((i) => isEquivalent(i, unique))) continue; // exists, perhaps under another name
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
  // Plain indexes (src/catalog/), from Prisma's own pairing of indexes (index-diff): changes, then
  // adds, then drops, so a table that trades one index for another keeps one throughout.
  const changes = diffIndexes(desired, applied);
  for (const change of changes) if (change.kind === "change") steps.push(...(planChangeIndex(change.have, change.want, applied) ?? []));
  for (const change of changes) {
    const step = change.kind === "add" ? planAddIndex(change.want, applied) : null;
    if (step) steps.push(step);
  }
  for (const change of changes) {
    const step = change.kind === "drop" ? planDropIndex(change.have, desired, Boolean(applied.tables.get(tableKey(change.have.schema, change.have.table))?.partitioned)) : null;
    if (step) steps.push(step);
  }
  return { steps, skipped };
}
