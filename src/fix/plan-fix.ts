// `fix`, the pure part: for a migration with blocking CREATE UNIQUE INDEX statements on existing
// tables, the migration.sql without them and the concurrent folders that replace them, right after
// it. The steps are the generator's own (render.ts), so headers, lock_timeout and names match.
import type { Step } from "../core/plan.js";
import { renderStep, stepLabel, type Folder } from "../core/render.js";
import { folderLabel, nextTimestamps } from "../core/folder-names.js";
import { defaultUniqueName } from "../core/prisma-names.js";
import type { MigrationFile } from "../core/replay.js";
import { sameColumns, type DesiredUnique } from "../core/state.js";
import { parseStatements, stringList, type Node, type Statement } from "../sql/parse.js";
import { blockingBuild } from "../check/rules/blocking-index.js";
import { blockingUniqueIndex } from "../check/rules/blocking-unique-index.js";
import { walkHistory } from "../check/run-check.js";
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

export interface MovedBuild {
  statement: Statement;
  unique: DesiredUnique;
}

export interface FixPlan {
  migration: string;
  /** The new text of its migration.sql. */
  sql: string;
  moved: MovedBuild[];
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
function needs(node: Node, unique: DesiredUnique): boolean {
  if (Array.isArray(node)) return node.some((n) => needs(n, unique));
  if (typeof node === "string") return node === unique.name;
  if (!node || typeof node !== "object") return false;
  if (node.contype === "CONSTR_FOREIGN" && node.pktable?.relname === unique.table) {
    const referenced = stringList(node.pk_attrs ?? []);
    const columns = unique.columns.map((c) => c.name);
    if (referenced.length === columns.length && referenced.every((c) => columns.includes(c))) return true;
  }
  return Object.values(node).some((n) => needs(n, unique));
}

function stepsFor(unique: DesiredUnique, options: FixOptions): Step[] {
  const indexOnlyReason = !options.attachConstraint ? "disabled" : unique.columns.some((c) => c.desc) ? "sort-order" : null;
  return [
    ...(options.precheck ? [{ kind: "precheck" as const, unique }] : []),
    { kind: "build", unique, attach: indexOnlyReason === null, indexOnlyReason },
    ...(indexOnlyReason === null ? [{ kind: "attach" as const, unique }] : []),
  ];
}

function withoutStatements(sql: string, moved: readonly MovedBuild[], buildFolder: (m: MovedBuild) => string): string {
  const bytes = Buffer.from(sql, "utf8");
  const parts: string[] = [];
  let from = 0;
  for (const m of moved) {
    const { start, end } = m.statement.span;
    parts.push(bytes.subarray(from, start).toString("utf8"), start === 0 ? "" : "\n\n", fixMessages.movedComment(m.unique.name, buildFolder(m)));
    from = end;
  }
  parts.push(bytes.subarray(from).toString("utf8"));
  return parts.join("");
}

/**
 * The fix for `migration`, or null when it has no blocking unique-index build on an existing
 * table (a suppressed one is left alone). Throws a UserError when it cannot be done safely.
 */
export function planFix(history: readonly MigrationFile[], migration: string, options: FixOptions): FixPlan | null {
  const at = history.findIndex((m) => m.name === migration);
  if (at === -1) throw new Error(`${migration} is not in the history`);
  const moved: MovedBuild[] = [];
  let statements: readonly Statement[] = [];
  walkHistory(history.slice(0, at + 1), {
    statement(ctx) {
      if (ctx.migration !== migration) return;
      statements = ctx.statements;
      const build = blockingBuild(ctx, true);
      if (!build || ctx.suppressed.has(blockingUniqueIndex.id)) return;
      const line = ctx.statement.line;
      if (build.partitioned) throw new UserError(fixMessages.partitioned(migration, line, build.table.sql));
      const unsupported = unsupportedPart(ctx.statement.node);
      if (unsupported) throw new UserError(fixMessages.unsupportedIndex(migration, line, build.name, unsupported));
      moved.push({ statement: ctx.statement, unique: uniqueOf(ctx.statement.node, build.name, build.table, options.schemaUniques ?? []) });
    },
  });
  if (moved.length === 0) return null;
  for (const m of moved) {
    const later = statements.slice(statements.indexOf(m.statement) + 1).find((s) => !moved.some((o) => o.statement === s) && needs(s.node, m.unique));
    if (later) throw new UserError(fixMessages.usedLater(migration, m.statement.line, m.unique.name, later.line));
  }

  const steps = moved.flatMap((m) => stepsFor(m.unique, options));
  const names = history.map((m) => m.name);
  const next = names.slice(at + 1)[0] ?? null;
  const stamps = /^\d{14}_/.test(migration) ? nextTimestamps([migration], new Date(0), steps.length) : null;
  const folderNames = stamps?.map((stamp, i) => `${stamp}_${stepLabel(steps[i]!)}`);
  if (!folderNames || (next !== null && folderNames.at(-1)! >= next)) throw new UserError(fixMessages.noGap(migration, next, steps.length));
  const labels = new Map(names.map((n) => [folderLabel(n), n]));
  for (const name of folderNames) {
    const clash = labels.get(folderLabel(name));
    if (clash) throw new UserError(fixMessages.clash(clash, name));
  }
  const folders: Folder[] = steps.map((step, i) => ({ name: folderNames[i]!, step, sql: renderStep(step, folderNames[i]!, options.lockTimeout) }));
  const buildFolder = (m: MovedBuild) => folders.find((f) => f.step.kind === "build" && f.step.unique === m.unique)!.name;
  const sql = withoutStatements(history[at]!.sql, moved, buildFolder);
  if (parseStatements(sql).length !== statements.length - moved.length) throw new Error(`fix: rewriting ${migration} went wrong`);
  return { migration, sql, moved, folders };
}
