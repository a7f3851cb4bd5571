// What a `check` rule is: a small function over one parsed statement, the statements of its file,
// and the database model replayed from the history up to (not including) that statement.
import type { Statement } from "../sql/parse.js";
import type { AppliedState } from "../core/state.js";

export type Severity = "error" | "warning";

export interface RuleContext {
  /** Folder name of the migration, e.g. `20260301090000_add_unique`. */
  migration: string;
  statement: Statement;
  /** Every statement of the file, and this one's position among them. */
  statements: readonly Statement[];
  index: number;
  /** The model just before this statement runs. Read it, never change it. */
  state: AppliedState;
  /** Rule ids a `-- prisma-concurrently-disable-next-line` comment turns off for this statement. */
  suppressed: ReadonlySet<string>;
  /** 1-based line and column of a byte offset of the file (PostgreSQL's node locations). */
  positionOf(byteOffset: number): { line: number; column: number };
}

/** What a rule reports: what would break (one sentence) and the exact fix. */
export interface Violation {
  message: string;
  fix: string;
  /** Byte offset to point at, when more precise than the statement's first token. */
  at?: number;
}

export interface Rule {
  id: string;
  severity: Severity;
  /** One line for the documentation and `check --help`. */
  summary: string;
  check(ctx: RuleContext): Violation[];
  /** The generator's one-line notice for this statement, when shorter than the violation's message. */
  notice?(ctx: RuleContext): string | null;
}

/** A violation placed in a file: the stable shape of `check --format json`. */
export interface Finding {
  migration: string;
  line: number;
  column: number;
  rule: string;
  severity: Severity;
  message: string;
  fix: string;
}
