// A CONCURRENTLY statement must be the only statement of its migration.sql: engines that send
// the file whole run it in an implicit transaction (25001), engines that split it are not atomic.
import type { Rule } from "../rule.js";
import { concurrentOperation } from "../sql-facts.js";
import { ruleMessages } from "../../messages/check.js";

export const concurrentlyNotAlone: Rule = {
  id: "concurrently-not-alone",
  severity: "error",
  summary: "a CONCURRENTLY statement that shares its migration.sql with other statements",
  check(ctx) {
    const operation = concurrentOperation(ctx.statement);
    if (!operation || ctx.statements.length === 1) return [];
    return [ruleMessages.concurrentlyNotAlone({ operation, others: ctx.statements.length - 1 })];
  },
};
