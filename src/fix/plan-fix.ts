// `fix`, the pure part: for a migration with blocking index statements on existing tables (CREATE
// UNIQUE INDEX, CREATE INDEX, DROP INDEX, and DROP INDEX of a constraint's index, which fails with
// 2BP01), the migration.sql without them and the folders that replace them, right after it. The
// steps are the generator's own (render.ts and the catalog's step specs), so headers, lock_timeout and names match.
import type { Step } from "../core/plan.js";
import { renderStep, type Folder } from "../core/render.js";
import { encodeFolder } from "../catalog/folder-convention.js";
import { folderLabel, nextTimestamps } from "../core/folder-names.js";
import { defaultUniqueName } from "../core/prisma-names.js";
import type { MigrationFile } from "../core/replay.js";
import { sameColumns, type DesiredUnique } from "../core/state.js";
import { parseStatements, stringList, type Node, type Statement } from "../sql/parse.js";
import { blockingBuild } from "../check/rules/blocking-index.js";
import { blockingUniqueIndex } from "../check/rules/blocking-unique-index.js";
import { blockingIndex } from "../check/rules/blocking-index.js";
import { blockingDropIndex } from "../check/rules/blocking-drop-index.js";
import { dropIndexOfConstraint } from "../check/rules/drop-index-of-constraint.js";
import { blockingIndexBuild } from "../catalog/add-index/recognise.js";
import { droppedIndexes, goesWithTableOrColumn, type BlockingDrop } from "../catalog/drop-index/recognise.js";
import type { RuleContext } from "../check/rule.js";
import { walkHistory } from "../core/replay.js";
import { definitionSql, fromIndexStmt } from "../catalog/index-definition.js";
import { temporaryIndexName } from "../catalog/temporary-name.js";
import { UserError } from "../messages/user-error.js";
import { fixMessages } from "../messages/check.js";

export interface FixOptions {
  /** The generator's options of the same names. */
  lockTimeout: string;
  precheck: boolean;
  attachConstraint: boolean;
  /** The schema's uniques, when the project's Prisma could read it: headers then name the model and fields. */
  schemaUniques?: readonly DesiredUnique[];
}

export type MovedKind = "unique-build" | "index-build" | "index-drop" | "constraint-drop" | "change-drop" | "change-build";

/** A statement taken out of Prisma's file, and the steps that replace it. */
export interface Moved {
  statement: Statement;
  /** The index it is about. */
  name: string;
  kind: MovedKind;
  steps: Step[];
  /** The step whose folder the comment left in Prisma's file names (default: a unique's build, else the first step). */
  commentStep?: Step;
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

/** What a unique index has that a plain `CREATE UNIQUE INDEX CONCURRENTLY … (columns)` would lose. */
function unsupportedPart(n: Node): string | null {
  if (n.whereClause) return "a WHERE clause (it is partial)";
  if (n.accessMethod && n.accessMethod !== "btree") return `the access method ${n.accessMethod}`;
  if (n.indexIncludingParams?.length) return "INCLUDE columns";
  if (n.nulls_not_distinct) return "NULLS NOT DISTINCT";
  if (n.options || n.tableSpace) return "storage options";
  for (const param of n.indexParams ?? []) {
    const e = param.IndexElem;
    if (!e?.name) return "an expression";
    if (e.opclass || e.collation) return "an operator class or collation";
    if (e.nulls_ordering && e.nulls_ordering !== "SORTBY_NULLS_DEFAULT") return "a NULLS FIRST / NULLS LAST order";
  }
  return null;
}

function uniqueOf(n: Node, name: string, table: { schema: string; name: string }, schemaUniques: readonly DesiredUnique[]): DesiredUnique {
  const columns = (n.indexParams ?? []).map((p: Node) => ({ name: p.IndexElem.name as string, desc: p.IndexElem.ordering === "SORTBY_DESC" }));
  const declared = schemaUniques.find((u) => u.schema === table.schema && u.table === table.name && u.name === name && sameColumns(u.columns, columns));
  return {
    schema: table.schema,
    table: table.name,
    qualified: Boolean(n.relation.schemaname),
    name,
    columns,
    // Without the schema, the headers name the table and columns as the SQL does.
    source: declared?.source ?? {
      model: table.name,
      fields: columns,
      onField: false,
      map: name === defaultUniqueName(table.name, columns.map((c: { name: string }) => c.name)) ? null : name,
    },
  };
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

function stepsFor(unique: DesiredUnique, options: FixOptions): Step[] {
  const indexOnlyReason = !options.attachConstraint ? "disabled" : unique.columns.some((c) => c.desc) ? "sort-order" : null;
  return [
    ...(options.precheck ? [{ kind: "precheck" as const, unique }] : []),
    { kind: "build", unique, attach: indexOnlyReason === null, indexOnlyReason },
    ...(indexOnlyReason === null ? [{ kind: "attach" as const, unique }] : []),
  ];
}

/** The moves for one statement of the migration (none when it is not a blocking index statement, or suppressed). */
function movesOf(ctx: RuleContext, migration: string, options: FixOptions): Moved[] {
  const line = ctx.statement.line;
  const build = blockingBuild(ctx, true);
  if (build && !ctx.suppressed.has(blockingUniqueIndex.id)) {
    if (build.partitioned) throw new UserError(fixMessages.partitioned(migration, line, build.table.sql));
    const unsupported = unsupportedPart(ctx.statement.node);
    if (unsupported) throw new UserError(fixMessages.unsupportedIndex(migration, line, build.name, unsupported));
    const unique = uniqueOf(ctx.statement.node, build.name, build.table, options.schemaUniques ?? []);
    const needed = { name: unique.name, table: unique.table, columns: unique.columns.map((c) => c.name) };
    return [{ statement: ctx.statement, name: unique.name, kind: "unique-build", steps: stepsFor(unique, options), needed }];
  }
  const plain = blockingIndexBuild(ctx);
  if (plain && !ctx.suppressed.has(blockingIndex.id)) {
    if (plain.partitioned) throw new UserError(fixMessages.partitioned(migration, line, plain.tableSql));
    if (!plain.build) throw new UserError(fixMessages.unsupportedPlainIndex(migration, line, plain.name));
    const needed = { name: plain.name, table: plain.build.table, columns: null };
    return [{ statement: ctx.statement, name: plain.name, kind: "index-build", steps: [{ kind: "create-index", index: plain.build }], needed }];
  }
  return droppedIndexes(ctx).flatMap((d) => dropMoves(ctx, d, migration));
}

/** A DROP INDEX of an existing table's index: concurrently for a plain index, DROP CONSTRAINT for a unique constraint's. */
function dropMoves(ctx: RuleContext, d: BlockingDrop, migration: string): Moved[] {
  const { index } = d;
  // In the file that made the table, or taken along by a later DROP COLUMN / DROP TABLE: Prisma's statement stays.
  if (d.table?.origin === ctx.migration || goesWithTableOrColumn(ctx.statements, ctx.index, index)) return [];
  if (index.constraint === "primary") return [];
  if ((ctx.statement.node.objects ?? []).length > 1) throw new UserError(fixMessages.severalDropped(migration, ctx.statement.line));
  const needed = { name: index.name, table: index.table, columns: null };
  const target = { schema: index.schema, table: index.table, name: index.name, qualified: d.qualified };
  if (index.constraint === "unique") {
    if (ctx.suppressed.has(dropIndexOfConstraint.id)) return [];
    const table = { schema: index.schema, name: index.table, model: index.table, qualified: d.qualified, columns: new Map<string, string>() };
    return [{ statement: ctx.statement, name: index.name, kind: "constraint-drop", steps: [{ kind: "drop", index, table }], needed }];
  }
  if (ctx.statement.node.concurrent || ctx.suppressed.has(blockingDropIndex.id)) return [];
  if (d.table?.partitioned) throw new UserError(fixMessages.partitionedDrop(migration, ctx.statement.line, d.tableSql));
  return [{ statement: ctx.statement, name: index.name, kind: "index-drop", steps: [{ kind: "drop-index", index: target }], needed }];
}

function withoutStatements(sql: string, moved: readonly Moved[], folderOf: (m: Moved) => string): string {
  const bytes = Buffer.from(sql, "utf8");
  const parts: string[] = [];
  let from = 0;
  for (const m of moved) {
    const { start, end } = m.statement.span;
    parts.push(bytes.subarray(from, start).toString("utf8"), start === 0 ? "" : "\n\n", fixMessages.movedComment(m.kind, m.name, folderOf(m)));
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
      moved.push(...movesOf(ctx, migration, options));
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
  const folders: Folder[] = steps.map((step, i) => ({ name: folderNames[i]!, step, sql: renderStep(step, folderNames[i]!, options.lockTimeout) }));
  // The comment names the folder that does the statement's work: a unique's build, else its one step.
  const folderOf = (m: Moved) => folders.find((f) => f.step === (m.commentStep ?? m.steps.find((s) => s.kind === "build") ?? m.steps[0]))!.name;
  const sql = withoutStatements(history[at]!.sql, moved, folderOf);
  if (parseStatements(sql).length !== statements.length - movedStatements.size) throw new Error(`fix: rewriting ${migration} went wrong`);
  return { migration, sql, moved, folders };
}
