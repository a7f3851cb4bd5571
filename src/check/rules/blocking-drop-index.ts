// DROP INDEX without CONCURRENTLY of a plain index on a table that existed before the migration
// (Prisma's SQL for a removed @@index): ACCESS EXCLUSIVE on the table, queued behind any open
// transaction, with every later query queued behind it. `fix` moves it into a DROP INDEX CONCURRENTLY folder.
import type { Rule } from "../rule.js";
import { blockingDrops } from "../../catalog/drop-index/recognise.js";
import { ruleMessages } from "../../messages/check.js";

export const blockingDropIndex: Rule = {
  id: "blocking-drop-index",
  severity: "error",
  summary: "DROP INDEX without CONCURRENTLY on a table that existed before the migration",
  check(ctx) {
    return blockingDrops(ctx).map((d) =>
      ruleMessages.blockingDropIndex({ name: d.index.name, table: d.tableSql, migration: ctx.migration, partitioned: Boolean(d.table?.partitioned) }));
  },
};
