// CREATE INDEX without CONCURRENTLY on a table that existed before the migration (Prisma's
// @@index): writes wait for the whole build. An error: `fix` (and the generator) build it concurrently.
import type { Rule, RuleContext } from "../rule.js";
import { concurrentIndexSql, existingTable, type TableRef } from "../sql-facts.js";
import { defaultIndexName } from "../../core/pg-names.js";
import { ruleMessages } from "../../messages/check.js";

/** A plain (not CONCURRENTLY) index build, unique or not as asked, on a table that existed before. */
export function blockingBuild(ctx: RuleContext, unique: boolean): { name: string; table: TableRef; partitioned: boolean } | null {
  const n = ctx.statement.node;
  if (ctx.statement.kind !== "IndexStmt" || n.concurrent || Boolean(n.unique) !== unique) return null;
  const table = existingTable(ctx, n.relation);
  if (!table) return null;
  // ON ONLY a partitioned table: the table's own index, INVALID, nothing built (partitioned-index's first step).
  if (table.table?.partitioned && !n.relation.inh) return null;
  return { name: defaultIndexName(n, table.name), table, partitioned: Boolean(table.table?.partitioned) };
}

export const blockingIndex: Rule = {
  id: "blocking-index",
  severity: "error",
  summary: "CREATE INDEX without CONCURRENTLY on a table that existed before the migration",
  check(ctx) {
    const build = blockingBuild(ctx, false);
    if (!build) return [];
    return [ruleMessages.blockingIndex({
      name: build.name,
      table: build.table.sql,
      concurrentSql: concurrentIndexSql(ctx.statement.node, build.table),
      partitioned: build.partitioned,
      migration: ctx.migration,
    })];
  },
};
