// The plan: desired state × applied state → steps, in the order the operations of the catalog
// (src/catalog/*/plan.ts) plan them: unique constraints dropped, uniques added, then plain indexes
// changed, added, dropped. Pure; how each step is written out lives in its step spec (render.ts).
import { indexKey, tableKey, type AppliedIndex, type AppliedState, type DesiredState, type DesiredUnique, type Unfollowed } from "./state.js";
import type { CatalogStep } from "../catalog/catalog.js";
import type { IndexOnlyReason } from "../catalog/add-unique/steps.js";
import { planAddIndex } from "../catalog/add-index/plan.js";
import { planDropIndex } from "../catalog/drop-index/plan.js";
import { planChangeIndex } from "../catalog/change-index/plan.js";
import { diffIndexes } from "../catalog/index-diff.js";
import { planAddUniques } from "../catalog/add-unique/plan.js";
import { planDropUniqueConstraints } from "../catalog/drop-unique-constraint/plan.js";
import { planNotNull } from "../catalog/not-null/plan.js";

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

export function planChanges(desired: DesiredState, applied: AppliedState, options: PlanOptions): Plan {
  // Removals first: a unique constraint the schema no longer declares on a table it still has.
  const drops = planDropUniqueConstraints(desired, applied);
  const dropped = new Set(drops.map((d) => indexKey(d.index.schema, d.index.name)));
  const uniques = planAddUniques(desired, applied, options, dropped);
  const steps: Step[] = [...drops, ...uniques.steps];
  const skipped = uniques.skipped;
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
  // Columns made NOT NULL (String? → String): check NOT VALID, validate, SET NOT NULL without a scan.
  steps.push(...planNotNull(desired, applied, options));
  return { steps, skipped };
}
