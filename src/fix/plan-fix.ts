// `fix`, the pure part: for a migration with blocking index statements on existing tables (CREATE
// UNIQUE INDEX, CREATE INDEX, DROP INDEX, and DROP INDEX of a constraint's index, which fails with
// 2BP01), the migration.sql without them and the folders that replace them, right after it. The
// steps are the generator's own (render.ts and the catalog's step specs), so headers, lock_timeout and names match.
import type { LockRetry } from "../catalog/sql-shapes.js";
import type { Step } from "../core/plan.js";
import { renderStep, stepDoneIn, type Folder } from "../core/render.js";
import { encodeFolder } from "../catalog/folder-convention.js";
import { folderLabel, nextTimestamps } from "../core/folder-names.js";
import type { MigrationFile } from "../core/replay.js";
import { describeSource, type DesiredUnique } from "../core/state.js";
import { parseStatements, stringList, type Node, type Statement } from "../sql/parse.js";
import type { RuleContext } from "../check/rule.js";
import { walkHistory } from "../core/replay.js";
import { catalog } from "../catalog/catalog.js";
import { fromIndexStmt } from "../catalog/index-definition.js";
import { changeSteps, type NewIndex, type OldIndex } from "../catalog/change-index/plan.js";
import { UserError } from "../messages/user-error.js";
import { fixMessages } from "../messages/check.js";

export interface FixOptions {
  /** The generator's options of the same names (`lock`: lockAttemptTimeout and lockRetryBudget). */
  lock: LockRetry;
  precheck: boolean;
  attachConstraint: boolean;
  /** The schema's uniques, when the project's Prisma could read it: headers then name the model and fields. */
  schemaUniques?: readonly DesiredUnique[];
}

export type MovedKind = "unique-build" | "index-build" | "index-drop" | "constraint-drop" | "change-drop" | "change-build" | "foreign-key" | "not-null";

/** A statement taken out of Prisma's file, and the steps that replace it. */
export interface Moved {
  statement: Statement;
  /** The index it is about. */
  name: string;
  kind: MovedKind;
  steps: Step[];
  /** The step whose folder the comment left in Prisma's file names (default: a unique's build, else the first step). */
  commentStep?: Step;
  /** What stays in Prisma's file in the statement's place (its other ALTER TABLE clauses); absent: nothing. */
  keep?: string | null;
  /** What later statements must not need: the index by name, and for a unique build the FK key it serves. */
  needed: { name: string; table: string; columns: string[] | null };
}

export interface FixPlan {
  migration: string;
  /** The new text of its migration.sql. */
  sql: string;
  moved: Moved[];
  folders: Folder[];
}

/** Whether a node anywhere holds `value` as a name, or a foreign key that needs a unique index on (table, columns). */
function needs(node: Node, target: Moved["needed"]): boolean {
  if (Array.isArray(node)) return node.some((n) => needs(n, target));
  if (typeof node === "string") return node === target.name;
  if (!node || typeof node !== "object") return false;
  if (target.columns && node.contype === "CONSTR_FOREIGN" && node.pktable?.relname === target.table) {
    const referenced = stringList(node.pk_attrs ?? []);
    if (referenced.length === target.columns.length && referenced.every((c) => target.columns!.includes(c))) return true;
  }
  return Object.values(node).some((n) => needs(n, target));
}

/**
 * The moves for one statement: those of the first operation of the catalog that recognises it (none
 * when no operation does, or its rule is suppressed there). Change-index pairs them afterwards (pairChanges).
 */
function movesOf(ctx: RuleContext, options: FixOptions): Moved[] {
  for (const operation of catalog()) {
    const moves = operation.fix?.(ctx, options);
    if (moves) return moves;
  }
  return [];
}

function withoutStatements(sql: string, moved: readonly Moved[], folderOf: (m: Moved) => string): string {
  const bytes = Buffer.from(sql, "utf8");
  const parts: string[] = [];
  let from = 0;
  for (const m of moved) {
    const { start, end } = m.statement.span;
    if (m.keep) {
      // The statement stays, without the moved clauses: its leading comments too, the note right above it.
      parts.push(bytes.subarray(from, m.statement.byteOffset).toString("utf8"), fixMessages.movedComment(m.kind, m.name, folderOf(m)), "\n", m.keep);
    } else {
      parts.push(bytes.subarray(from, start).toString("utf8"), start === 0 ? "" : "\n\n", fixMessages.movedComment(m.kind, m.name, folderOf(m)));
    }
    from = end;
  }
  parts.push(bytes.subarray(from).toString("utf8"));
  return parts.join("");
}

/** The index a DROP INDEX move removes, as a change's old index: a plain index, or a unique constraint's (2BP01 trap). */
function oldIndexOf(m: Moved): { schema: string; table: string; old: OldIndex } | null {
  const step = m.steps[0];
  if (m.kind === "index-drop" && step?.kind === "drop-index") return { schema: step.index.schema, table: step.index.table, old: { kind: "index" } };
  if (m.kind === "constraint-drop" && step?.kind === "drop") return { schema: step.index.schema, table: step.index.table, old: { kind: "constraint", index: step.index, table: step.table } };
  return null;
}

/** The definition a CREATE [UNIQUE] INDEX move builds, as a change's new index. */
function newIndexOf(m: Moved): NewIndex | null {
  const build = m.steps.find((s) => s.kind === "build" || s.kind === "create-index");
  if (m.kind === "unique-build" && build?.kind === "build") {
    const u = build.unique;
    const definition = { unique: true, method: "btree" as const, columns: u.columns };
    return { target: { schema: u.schema, table: u.table, name: u.name, qualified: u.qualified }, definition, source: describeSource(u.source), unique: u };
  }
  if (m.kind !== "index-build" || build?.kind !== "create-index") return null;
  const read = fromIndexStmt(m.statement.node);
  if (!("definition" in read)) return null;
  const { schema, table, name, qualified, source } = build.index;
  return { target: { schema, table, name, qualified }, definition: read.definition, source, unique: null };
}

/**
 * Prisma's DROP INDEX "n" + CREATE [UNIQUE] INDEX "n" (a definition changed under one name, or a
 * unique ↔ index change): one change-index set instead, the generator's (change-index `changeSteps`),
 * placed where the DROP was, so the table keeps one of the two indexes throughout and a unique
 * constraint is swapped in one statement.
 */
function pairChanges(moved: Moved[], options: FixOptions): void {
  for (const drop of moved) {
    const from = oldIndexOf(drop);
    if (!from) continue;
    const create = moved.find((m) => (m.kind === "index-build" || m.kind === "unique-build") && m.name === drop.name && m.statement.line > drop.statement.line);
    const to = create ? newIndexOf(create) : null;
    if (!create || !to || to.target.schema !== from.schema || to.target.table !== from.table) continue;
    drop.kind = "change-drop";
    drop.steps = changeSteps(from.old, to, options);
    drop.commentStep = drop.steps.find((s) => s.kind === "retire-index" || s.kind === "drop" || s.kind === "swap-unique");
    create.kind = "change-build";
    create.commentStep = drop.steps.find((s) => s.kind === "rebuild-index");
    create.steps = [];
  }
}

/**
 * The fix for `migration`, or null when it has no blocking index statement on an existing table (a
 * suppressed one is left alone). Throws a UserError when it cannot be done safely.
 */
export function planFix(history: readonly MigrationFile[], migration: string, options: FixOptions): FixPlan | null {
  const at = history.findIndex((m) => m.name === migration);
  if (at === -1) throw new Error(`${migration} is not in the history`);
  const moved: Moved[] = [];
  let statements: readonly Statement[] = [];
  walkHistory(history.slice(0, at + 1), {
    statement(ctx) {
      if (ctx.migration !== migration) return;
      statements = ctx.statements;
      moved.push(...movesOf(ctx, options));
    },
  });
  if (moved.length === 0) return null;
  const movedStatements = new Set(moved.map((m) => m.statement));
  for (const m of moved) {
    const later = statements.slice(statements.indexOf(m.statement) + 1).find((s) => !movedStatements.has(s) && needs(s.node, m.needed));
    if (later) throw new UserError(fixMessages.usedLater(migration, m.statement.line, m.name, later.line));
  }

  pairChanges(moved, options);
  const steps = moved.flatMap((m) => m.steps);
  const names = history.map((m) => m.name);
  const next = names.slice(at + 1)[0] ?? null;
  const stamps = /^\d{14}_/.test(migration) ? nextTimestamps([migration], new Date(0), steps.length) : null;
  const folderNames = stamps?.map((stamp, i) => encodeFolder(stamp, steps[i]!));
  if (!folderNames || (next !== null && folderNames.at(-1)! >= next)) throw new UserError(fixMessages.noGap(migration, next, steps.length));
  // The newest earlier folder of each label: one that did the same step (a unique changed or added
  // again) is history, as for the generator (render.ts); one that no longer does it is a clash.
  const labels = new Map(history.map((m) => [folderLabel(m.name), m]));
  folderNames.forEach((name, i) => {
    const clash = labels.get(folderLabel(name));
    if (clash && !stepDoneIn(steps[i]!, clash.sql)) throw new UserError(fixMessages.clash(clash.name, name));
  });
  const folders: Folder[] = steps.map((step, i) => ({ name: folderNames[i]!, step, sql: renderStep(step, folderNames[i]!, options.lock) }));
  // The comment names the folder that does the statement's work: a unique's build, else its one step.
  const folderOf = (m: Moved) => folders.find((f) => f.step === (m.commentStep ?? m.steps.find((s) => s.kind === "build") ?? m.steps[0]))!.name;
  const sql = withoutStatements(history[at]!.sql, moved, folderOf);
  const kept = moved.filter((m) => m.keep).length;
  if (parseStatements(sql).length !== statements.length - movedStatements.size + kept) throw new Error(`fix: rewriting ${migration} went wrong`);
  return { migration, sql, moved, folders };
}
