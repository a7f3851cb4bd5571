// DROP INDEX of an index that backs a UNIQUE or PRIMARY KEY constraint fails with 2BP01. Prisma
// writes exactly that when a @@unique attached as a constraint is removed from the schema.
import { stringList, type Node } from "../../sql/parse.js";
import { quoteIdent } from "../../sql/quote.js";
import { indexKey } from "../../core/state.js";
import { qualifiedName } from "../../core/replay.js";
import type { Rule } from "../rule.js";
import { ruleMessages } from "../../messages/check.js";

export const dropIndexOfConstraint: Rule = {
  id: "drop-index-of-constraint",
  severity: "error",
  summary: "DROP INDEX of an index that backs a constraint (fails with 2BP01)",
  check(ctx) {
    const n = ctx.statement.node;
    if (ctx.statement.kind !== "DropStmt" || n.removeType !== "OBJECT_INDEX") return [];
    return (n.objects ?? []).flatMap((object: Node) => {
      const names = stringList(object);
      const { schema, name } = qualifiedName(ctx.state, names, "index");
      const index = ctx.state.indexes.get(indexKey(schema, name));
      if (!index?.constraint) return [];
      const table = names.length > 1 ? `${quoteIdent(schema)}.${quoteIdent(index.table)}` : quoteIdent(index.table);
      return [ruleMessages.dropIndexOfConstraint({ name: index.name, table, constraint: index.constraint })];
    });
  },
};
