// `fix`, the pure part: for a migration with blocking index statements on existing tables (CREATE
// UNIQUE INDEX, CREATE INDEX, DROP INDEX, and DROP INDEX of a constraint's index, which fails with
// 2BP01), the migration.sql without them and the folders that replace them, right after it. The
// steps are the generator's own (render.ts and the catalog's step specs), so headers, lock_timeout and names match.
import type { LockRetry } from "../catalog/sql-shapes.js";
import type { Step } from "../core/plan.js";
import { renderStep, type Folder } from "../core/render.js";
import { encodeFolder } from "../catalog/folder-convention.js";
import { folderLabel, nextTimestamps } from "../core/folder-names.js";
import type { MigrationFile } from "../core/replay.js";
import type { DesiredUnique } from "../core/state.js";
import { parseStatements, stringList, type Node, type Statement } from "../sql/parse.js";
import type { RuleContext } from "../check/rule.js";
import { walkHistory } from "../core/replay.js";
import { catalog } from "../catalog/catalog.js";
import { definitionSql, fromIndexStmt } from "../catalog/index-definition.js";
import { temporaryIndexName } from "../catalog/temporary-name.js";
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

/**
 * Prisma's DROP INDEX "n" + CREATE INDEX "n" of a plain index whose definition changed: one
 * change-index set instead (build the new definition under a temporary name, drop the old index,
 * rename), placed where the DROP was, so the table keeps one of the two indexes throughout.
 */
function pairChanges(moved: Moved[]): void {
  for (const drop of moved) {
    const old = drop.kind === "index-drop" ? drop.steps[0] : undefined;
    if (old?.kind !== "drop-index") continue;
    const create = moved.find((m) => m.kind === "index-build" && m.name === drop.name && m.statement.line > drop.statement.line);
    const build = create?.steps[0];
    if (!create || build?.kind !== "create-index" || build.index.schema !== old.index.schema || build.index.table !== old.index.table) continue;
    const read = fromIndexStmt(create.statement.node);
    if (!("definition" in read)) continue;
    const temporary = temporaryIndexName(build.index.schema, build.index.name, read.definition);
    const table = { schema: build.index.schema, name: build.index.table, qualified: build.index.qualified };
    const statement = definitionSql(read.definition, { concurrently: true, name: temporary, table });
    const target = { schema: build.index.schema, table: build.index.table, name: build.index.name, qualified: build.index.qualified };
    const rebuild: Step = { kind: "rebuild-index", index: { ...build.index, name: temporary, statement }, name: build.index.name };
    const retire: Step = { kind: "retire-index", index: target, temporary, source: build.index.source };
    drop.kind = "change-drop";
    drop.steps = [rebuild, retire, { kind: "rename-index", index: target, temporary, source: build.index.source }];
    drop.commentStep = retire;
    create.kind = "change-build";
    create.steps = [];
    create.commentStep = rebuild;
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

  pairChanges(moved);
  const steps = moved.flatMap((m) => m.steps);
  const names = history.map((m) => m.name);
  const next = names.slice(at + 1)[0] ?? null;
  const stamps = /^\d{14}_/.test(migration) ? nextTimestamps([migration], new Date(0), steps.length) : null;
  const folderNames = stamps?.map((stamp, i) => encodeFolder(stamp, steps[i]!));
  if (!folderNames || (next !== null && folderNames.at(-1)! >= next)) throw new UserError(fixMessages.noGap(migration, next, steps.length));
  const labels = new Map(names.map((n) => [folderLabel(n), n]));
  for (const name of folderNames) {
    const clash = labels.get(folderLabel(name));
    if (clash) throw new UserError(fixMessages.clash(clash, name));
  }
  const folders: Folder[] = steps.map((step, i) => ({ name: folderNames[i]!, step, sql: renderStep(step, folderNames[i]!, options.lock) }));
  // The comment names the folder that does the statement's work: a unique's build, else its one step.
  const folderOf = (m: Moved) => folders.find((f) => f.step === (m.commentStep ?? m.steps.find((s) => s.kind === "build") ?? m.steps[0]))!.name;
  const sql = withoutStatements(history[at]!.sql, moved, folderOf);
  const kept = moved.filter((m) => m.keep).length;
  if (parseStatements(sql).length !== statements.length - movedStatements.size + kept) throw new Error(`fix: rewriting ${migration} went wrong`);
  return { migration, sql, moved, folders };
}
