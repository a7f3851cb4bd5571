// The plan: desired state × applied state → steps. Prisma's own pairing of indexes (catalog/
// index-diff.ts) gives each index one change; the operation that owns it (src/catalog/*/plan.ts)
// turns it into steps or a reason it is left to Prisma. Changes first, then adds, then drops, so a
// table that trades one index (or unique) for another keeps one throughout. Pure; how each step is
// written out lives in its step spec (render.ts).
import type { AppliedIndex, AppliedState, DesiredState, DesiredUnique, Unfollowed } from "./state.js";
import type { CatalogStep } from "../catalog/catalog.js";
import type { IndexOnlyReason } from "../catalog/add-unique/steps.js";
import { planAddIndex } from "../catalog/add-index/plan.js";
import { planDropIndex } from "../catalog/drop-index/plan.js";
import { planChangeIndex } from "../catalog/change-index/plan.js";
import { diffIndexes, type IndexChange } from "../catalog/index-diff.js";
import { planAddUnique } from "../catalog/add-unique/plan.js";
import { planDropUniqueConstraint } from "../catalog/drop-unique-constraint/plan.js";
import { planForeignKeys, type ForeignKeySkip } from "../catalog/foreign-key/plan.js";
import { planDropPartitionedIndex, planPartitionedIndex } from "../catalog/partitioned-index/plan.js";
import type { KeyProblem } from "../catalog/partitioned-index/tree.js";
import { planNotNull } from "../catalog/not-null/plan.js";
import { tableKey } from "./state.js";

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

/** What an operation's plan makes of one change: its steps, or why a unique is left to Prisma. */
export type PlanResult = { steps: Step[] } | { skip: Skip };

export interface Plan {
  steps: Step[];
  skipped: Skip[];
  /** Relations whose foreign key is left to Prisma, each with what to do (catalog/foreign-key/plan.ts). */
  foreignKeysSkipped?: ForeignKeySkip[];
}

function planOne(change: IndexChange, desired: DesiredState, applied: AppliedState, options: PlanOptions): PlanResult | null {
  const steps = (step: Step | null) => (step ? { steps: [step] } : null);
  switch (change.kind) {
    case "change":
      return planChangeIndex(change.have, change.want, desired, applied, options);
    case "add": {
      const result = change.want.unique ? planAddUnique(change.want, applied, options) : steps(planAddIndex(change.want, applied));
      // Not buildable concurrently on a partitioned table: the partitioned-index operation's recipe.
      const onPartitioned = change.want.unique ? Boolean(result && "skip" in result && result.skip.reason.kind === "partitioned") : !result;
      const partitioned = onPartitioned ? planPartitionedIndex(change.want, applied, options) : null;
      if (!partitioned) return result;
      if ("steps" in partitioned) return { steps: partitioned.steps };
      return result && "skip" in result ? { skip: { unique: result.skip.unique, reason: partitioned.skip } } : result;
    }
    case "drop": {
      const partitioned = Boolean(applied.tables.get(tableKey(change.have.schema, change.have.table))?.partitioned);
      return steps(
        planDropUniqueConstraint(change.have, change.table) ??
          planDropIndex(change.have, desired, partitioned) ??
          (partitioned ? planDropPartitionedIndex(change.have, desired) : null),
      );
    }
    case "rename":
      return null; // Prisma's ALTER INDEX … RENAME takes the index's lock only: safe as it is.
  }
}

export function planChanges(desired: DesiredState, applied: AppliedState, options: PlanOptions): Plan {
  // Indexes and uniques, from Prisma's own pairing (index-diff): changes, then adds, then drops, so a
  // table that trades one index for another keeps one throughout.
  const changes = diffIndexes(desired, applied);
  const plan: Plan = { steps: [], skipped: [] };
  for (const kind of ["change", "add", "drop"] as const) {
    for (const change of changes) {
      const result = change.kind === kind ? planOne(change, desired, applied, options) : null;
      if (result && "skip" in result) plan.skipped.push(result.skip);
      else if (result) plan.steps.push(...result.steps);
    }
  }
  // Columns made NOT NULL (String? → String): check NOT VALID, validate, SET NOT NULL without a scan.
  plan.steps.push(...planNotNull(desired, applied, options));
  // Foreign keys last: the unique index a new relation references may be one of the steps above.
  const foreignKeys = planForeignKeys(desired, applied, options);
  plan.steps.push(...foreignKeys.steps);
  return { ...plan, foreignKeysSkipped: foreignKeys.skipped };
}
