// Recognition of Prisma's blocking CREATE INDEX: a plain (not CONCURRENTLY) index build on a table
// that existed before the migration, and the concurrent statement that replaces it, written from
// the parse tree in Prisma's spelling (null when it has parts that cannot be written back).
import type { RuleContext } from "../../check/rule.js";
import { blockingBuild } from "../../check/rules/blocking-index.js";
import { concurrentIndexSql } from "../../check/sql-facts.js";
import type { IndexBuild } from "./steps.js";

export function blockingIndexBuild(ctx: RuleContext): { build: IndexBuild | null; name: string; tableSql: string; partitioned: boolean } | null {
  const found = blockingBuild(ctx, false);
  if (!found) return null;
  const statement = concurrentIndexSql(ctx.statement.node, found.table);
  const qualified = Boolean(ctx.statement.node.relation.schemaname);
  const build: IndexBuild | null = statement
    ? { schema: found.table.schema, table: found.table.name, qualified, name: found.name, statement, source: `the table ${found.table.sql}` }
    : null;
  return { build, name: found.name, tableSql: found.table.sql, partitioned: found.partitioned };
}
