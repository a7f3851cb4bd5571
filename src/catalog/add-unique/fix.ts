// add-unique, for `fix`: Prisma's blocking CREATE UNIQUE INDEX on an existing table (the
// `blocking-unique-index` rule) → pre-check, concurrent build and attach, the generator's own steps.
import { addUniqueSteps } from "./plan.js";
import { defaultUniqueName } from "../../core/prisma-names.js";
import { sameColumns, type DesiredUnique } from "../../core/state.js";
import type { Node } from "../../sql/parse.js";
import type { RuleContext } from "../../check/rule.js";
import { blockingBuild } from "../../check/rules/blocking-index.js";
import { blockingUniqueIndex } from "../../check/rules/blocking-unique-index.js";
import type { FixOptions, Moved } from "../../fix/plan-fix.js";
import { UserError } from "../../messages/user-error.js";
import { fixMessages } from "../../messages/check.js";

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

export function uniqueOf(n: Node, name: string, table: { schema: string; name: string }, schemaUniques: readonly DesiredUnique[]): DesiredUnique {
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

/** The moves for Prisma's CREATE UNIQUE INDEX on an existing table, or null when the statement is not one (or suppressed). */
export function fixUniqueBuild(ctx: RuleContext, options: FixOptions): Moved[] | null {
  const build = blockingBuild(ctx, true);
  if (!build || ctx.suppressed.has(blockingUniqueIndex.id)) return null;
  const line = ctx.statement.line;
  if (build.partitioned) throw new UserError(fixMessages.partitioned(ctx.migration, line, build.table.sql));
  const unsupported = unsupportedPart(ctx.statement.node);
  if (unsupported) throw new UserError(fixMessages.unsupportedIndex(ctx.migration, line, build.name, unsupported));
  const unique = uniqueOf(ctx.statement.node, build.name, build.table, options.schemaUniques ?? []);
  const needed = { name: unique.name, table: unique.table, columns: unique.columns.map((c) => c.name) };
  return [{ statement: ctx.statement, name: unique.name, kind: "unique-build", steps: addUniqueSteps(unique, options), needed }];
}
