// Steps that take ACCESS EXCLUSIVE on an existing table (attaching a constraint USING INDEX,
// dropping a constraint) should run under a lock_timeout set earlier in the same file: queued
// behind a long transaction, they would make every other query on the table wait behind them.
import type { Rule } from "../rule.js";
import { quoteIdent } from "../../sql/quote.js";
import { existingTable, lockTimeoutInForce } from "../sql-facts.js";
import { ruleMessages } from "../../messages/check.js";

export const missingLockTimeout: Rule = {
  id: "missing-lock-timeout",
  severity: "warning",
  summary: "ALTER TABLE … USING INDEX or DROP CONSTRAINT (ACCESS EXCLUSIVE) without a lock_timeout set earlier in the file",
  check(ctx) {
    if (ctx.statement.kind !== "AlterTableStmt") return [];
    const table = existingTable(ctx, ctx.statement.node.relation);
    if (!table || lockTimeoutInForce(ctx.statements, ctx.index)) return [];
    for (const { AlterTableCmd: cmd } of ctx.statement.node.cmds ?? []) {
      const constraint = cmd?.def?.Constraint;
      const operation =
        cmd?.subtype === "AT_AddConstraint" && constraint?.indexname
          ? `ALTER TABLE ${table.sql} ADD CONSTRAINT … USING INDEX ${quoteIdent(constraint.indexname)}`
          : cmd?.subtype === "AT_DropConstraint"
            ? `ALTER TABLE ${table.sql} DROP CONSTRAINT ${quoteIdent(cmd.name)}`
            : null;
      if (operation) return [ruleMessages.missingLockTimeout({ operation, table: table.sql, statement: `${ctx.statement.text};` })];
    }
    return [];
  },
};
