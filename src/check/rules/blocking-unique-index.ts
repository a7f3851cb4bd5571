// CREATE UNIQUE INDEX without CONCURRENTLY on a table that existed before the migration: Prisma's
// default for a new @@unique / @unique, which holds a SHARE lock (all writes wait) for the build.
import type { Rule } from "../rule.js";
import { blockingBuild } from "./blocking-index.js";
import { ruleMessages } from "../../messages/check.js";

export const blockingUniqueIndex: Rule = {
  id: "blocking-unique-index",
  severity: "error",
  summary: "CREATE UNIQUE INDEX without CONCURRENTLY on a table that existed before the migration",
  check(ctx) {
    const build = blockingBuild(ctx, true);
    if (!build) return [];
    return [ruleMessages.blockingUniqueIndex({ name: build.name, table: build.table.sql, migration: ctx.migration, partitioned: build.partitioned })];
  },
  notice(ctx) {
    const build = blockingBuild(ctx, true);
    return build && `CREATE UNIQUE INDEX "${build.name}" blocks every write to ${build.table.sql} for the whole build.`;
  },
};
