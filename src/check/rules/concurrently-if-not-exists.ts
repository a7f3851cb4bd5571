// CREATE INDEX CONCURRENTLY IF NOT EXISTS skips silently over an INVALID index left by a failed
// build, so the migration "succeeds" and the index is unusable (Prisma does not see it either).
import type { Rule } from "../rule.js";
import { concurrentIndexSql, tableRefOf } from "../sql-facts.js";
import { defaultIndexName } from "../../core/pg-names.js";
import { ruleMessages } from "../../messages/check.js";

export const concurrentlyIfNotExists: Rule = {
  id: "concurrently-if-not-exists",
  severity: "warning",
  summary: "IF NOT EXISTS on CREATE INDEX CONCURRENTLY (hides an INVALID leftover)",
  check(ctx) {
    const n = ctx.statement.node;
    if (ctx.statement.kind !== "IndexStmt" || !n.concurrent || !n.if_not_exists) return [];
    const table = tableRefOf(ctx, n.relation);
    return [ruleMessages.concurrentlyIfNotExists({ name: defaultIndexName(n, table.name), concurrentSql: concurrentIndexSql(n, table) })];
  },
};
