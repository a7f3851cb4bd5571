// DROP INDEX of an index that backs a UNIQUE or PRIMARY KEY constraint fails with 2BP01. Prisma
// writes exactly that when a @@unique attached as a constraint is removed from the schema.
import { droppedIndexes } from "../../catalog/drop-index/recognise.js";
import type { Rule } from "../rule.js";
import { ruleMessages } from "../../messages/check.js";

export const dropIndexOfConstraint: Rule = {
  id: "drop-index-of-constraint",
  severity: "error",
  summary: "DROP INDEX of an index that backs a constraint (fails with 2BP01)",
  check(ctx) {
    return droppedIndexes(ctx)
      .filter((d) => d.index.constraint !== null)
      .map((d) => ruleMessages.dropIndexOfConstraint({ name: d.index.name, table: d.tableSql, constraint: d.index.constraint!, migration: ctx.migration }));
  },
};
