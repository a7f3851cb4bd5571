// What one kind of step of a safe operation is: its folder word, whether it must be alone in its
// file, the locks it takes (data), its SQL, its header and its one-line description. Each
// operation folder (add-index/, drop-index/, …) owns the StepSpecs of its steps.
import type { LockTaken } from "./locks.js";
import type { LockStepContext } from "./sql-shapes.js";
import type { ReadBack } from "./read-back.js";
import type { Rule, RuleContext } from "../check/rule.js";
import type { FixOptions, Moved } from "../fix/plan-fix.js";

export type OperationId =
  | "add-unique" | "add-index" | "drop-index" | "change-index" | "drop-unique-constraint"
  | "foreign-key" | "not-null" | "partitioned-index"; // slots: issues 12, 13

/**
 * One safe operation: what Prisma writes and what we write instead (for README, docs and --help),
 * its steps (each with its SQL, header and locks), and the `check` rules that recognise Prisma's
 * statement (stable ids: users' disable comments name them), and `fix`'s recognition. Its plan.ts,
 * recognise.ts and fix.ts sit beside it.
 */
export interface Operation {
  id: OperationId;
  prismaWrites: string;
  weWrite: string;
  steps: readonly StepSpec<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  rules: readonly Rule[];
  /**
   * `fix`'s recognition of Prisma's statement (the same as its rules'): the statement's moves (`[]`
   * when it is this operation's but left alone, e.g. suppressed), or null when it is not this
   * operation's. Throws a UserError when it cannot be done safely. Without it, `fix` never moves a statement for it.
   */
  fix?(ctx: RuleContext, options: FixOptions): Moved[] | null;
}

/** What a step's SQL and header are written with: its folder, and how it waits for a strong lock (catalog/sql-shapes.ts). */
export type StepContext = LockStepContext;

/** What a folder is about: the index (or constraint) and its table. */
export interface StepTarget {
  schema: string;
  table: string;
  name: string;
  qualified: boolean;
}

export interface StepSpec<S extends { kind: string }> {
  kind: S["kind"];
  /** Folder word: `<ts>_concurrently_<word>_<slug>`. Never change one: old folders are read back by it. */
  word: string;
  /** Cannot run in a transaction block: the only statement of its file (both engine script modes). */
  alone: boolean;
  locks: readonly LockTaken[];
  target(step: S): StepTarget;
  /** migration.sql without the header. */
  sql(step: S, ctx: StepContext): string;
  header(step: S, ctx: StepContext): string;
  /** One line for the generator's and fix's output. */
  describe(step: S): string;
  /** How doctor reads a folder of this step back (catalog/read-back.ts) and diagnoses it. */
  readBack: ReadBack;
}
