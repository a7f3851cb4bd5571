// ALTER COLUMN … SET NOT NULL on a table that existed before the migration (Prisma's `String?` →
// `String`), with nothing that proves the column NOT NULL: PostgreSQL reads every row under ACCESS
// EXCLUSIVE. An error: `fix` (and the generator) make it NOT NULL through a validated CHECK instead.
import type { Rule } from "../rule.js";
import { blockingSetNotNull } from "../../catalog/not-null/recognise.js";
import { notNullMessages } from "../../messages/operations/not-null.js";

export const blockingSetNotNullRule: Rule = {
  id: "blocking-set-not-null",
  severity: "error",
  summary: "ALTER COLUMN … SET NOT NULL on a table that existed before the migration (reads every row under ACCESS EXCLUSIVE)",
  check(ctx) {
    const found = blockingSetNotNull(ctx);
    if (!found) return [];
    return found.columns.map(({ column }) =>
      notNullMessages.blockingSetNotNull({ column, table: found.table.sql, migration: ctx.migration, partitioned: found.partitioned }));
  },
};
