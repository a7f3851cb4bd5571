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
import { planForeignKeys, type ForeignKeySkip } from "../catalog/foreign-key/plan.js";
import { planDropPartitionedIndex, planPartitionedIndex } from "../catalog/partitioned-index/plan.js";
import type { KeyProblem } from "../catalog/partitioned-index/tree.js";
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
  /** A unique on a partitioned table without every partition-key column (PostgreSQL refuses it). */
  | { kind: "partition-key"; problem: KeyProblem }
  | { kind: "name-taken"; existing: AppliedIndex };

export interface Skip {
  unique: DesiredUnique;
  reason: SkipReason;
}

export interface Plan {
  steps: Step[];
  skipped: Skip[];
  /** Relations whose foreign key is left to Prisma, each with what to do (catalog/foreign-key/plan.ts). */
  foreignKeysSkipped?: ForeignKeySkip[];
}

export function planChanges(desired: DesiredState, applied: AppliedState, options: PlanOptions): Plan {
  // Removals first: a unique constraint the schema no longer declares on a table it still has.
  const drops = planDropUniqueConstraints(desired, applied);
  const dropped = new Set(drops.map((d) => indexKey(d.index.schema, d.index.name)));
  const uniques = planAddUniques(desired, applied, options, dropped);
  const steps: Step[] = [...drops, ...uniques.steps];
  const skipped: Skip[] = [];
  // A unique on a partitioned table: the partitioned-index operation's recipe.
  for (const skip of uniques.skipped) {
    const want = skip.reason.kind === "partitioned" ? desired.indexes.find((i) => i.unique && i.schema === skip.unique.schema && i.name === skip.unique.name) : undefined;
    const planned = want ? planPartitionedIndex(want, applied, options) : null;
    if (!planned) skipped.push(skip);
    else if ("steps" in planned) steps.push(...planned.steps);
    else skipped.push({ unique: skip.unique, reason: planned.skip });
  }
  // Plain indexes (src/catalog/), from Prisma's own pairing of indexes (index-diff): changes, then
  // adds, then drops, so a table that trades one index for another keeps one throughout.
  const changes = diffIndexes(desired, applied);
  for (const change of changes) if (change.kind === "change") steps.push(...(planChangeIndex(change.have, change.want, applied) ?? []));
  for (const change of changes) {
    if (change.kind !== "add") continue;
    const step = planAddIndex(change.want, applied);
    const partitioned = step || change.want.unique ? null : planPartitionedIndex(change.want, applied, options);
    if (step) steps.push(step);
    else if (partitioned && "steps" in partitioned) steps.push(...partitioned.steps);
  }
  for (const change of changes) {
    if (change.kind !== "drop") continue;
    const partitioned = Boolean(applied.tables.get(tableKey(change.have.schema, change.have.table))?.partitioned);
    const step = planDropIndex(change.have, desired, partitioned) ?? (partitioned ? planDropPartitionedIndex(change.have, desired) : null);
    if (step) steps.push(step);
  }
  // Columns made NOT NULL (String? → String): check NOT VALID, validate, SET NOT NULL without a scan.
  steps.push(...planNotNull(desired, applied, options));
  // Foreign keys last: the unique index a new relation references may be one of the steps above.
  const foreignKeys = planForeignKeys(desired, applied, options);
  steps.push(...foreignKeys.steps);
  return { steps, skipped, foreignKeysSkipped: foreignKeys.skipped };
}
