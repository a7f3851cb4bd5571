// ALTER TABLE … ADD CONSTRAINT … UNIQUE (cols) on an existing table builds the constraint's index
// under ACCESS EXCLUSIVE: reads wait too. (ADD CONSTRAINT … UNIQUE USING INDEX does not build.)
import type { Node } from "../../sql/parse.js";
import { stringList } from "../../sql/parse.js";
import { postgresObjectName } from "../../core/pg-names.js";
import type { Rule, Violation } from "../rule.js";
import { existingTable } from "../sql-facts.js";
import { ruleMessages } from "../../messages/check.js";

export const uniqueConstraintBuildsIndex: Rule = {
  id: "unique-constraint-builds-index",
  severity: "error",
  summary: "ALTER TABLE … ADD CONSTRAINT … UNIQUE (columns) on a table that existed before the migration",
  check(ctx) {
    if (ctx.statement.kind !== "AlterTableStmt") return [];
    const table = existingTable(ctx, ctx.statement.node.relation);
    if (!table) return [];
    const violations: Violation[] = [];
    const report = (constraint: Node, columns: string[]) => {
      if (constraint?.contype !== "CONSTR_UNIQUE" || constraint.indexname) return;
      const name = constraint.conname ?? postgresObjectName(table.name, columns, "key");
      violations.push({ ...ruleMessages.uniqueConstraintBuildsIndex({ name, table: table.sql, columns }), at: constraint.location });
    };
    for (const { AlterTableCmd: cmd } of ctx.statement.node.cmds ?? []) {
      if (cmd?.subtype === "AT_AddConstraint") report(cmd.def?.Constraint, stringList(cmd.def?.Constraint?.keys ?? []));
      if (cmd?.subtype === "AT_AddColumn") {
        const column = cmd.def.ColumnDef;
        for (const c of column.constraints ?? []) report(c.Constraint, [column.colname]);
      }
    }
    return violations;
  },
};
