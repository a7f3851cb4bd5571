// CREATE INDEX of a name an earlier migration already built (in the same schema): `prisma migrate
// deploy` stops there with 42P07. Two `prisma generate` runs writing at once used to leave exactly
// this: the same set of folders twice, under later timestamps.
import type { Rule } from "../rule.js";
import { tableRefOf } from "../sql-facts.js";
import { defaultIndexName } from "../../core/pg-names.js";
import { indexKey } from "../../core/state.js";
import { ruleMessages } from "../../messages/check.js";

export const indexBuiltTwice: Rule = {
  id: "index-built-twice",
  severity: "error",
  summary: "CREATE INDEX of an index an earlier migration already built (fails with 42P07)",
  check(ctx) {
    const n = ctx.statement.node;
    if (ctx.statement.kind !== "IndexStmt" || n.if_not_exists) return [];
    const table = tableRefOf(ctx, n.relation);
    const name = defaultIndexName(n, table.name);
    const earlier = ctx.state.indexes.get(indexKey(table.schema, name));
    if (!earlier) return [];
    return [ruleMessages.indexBuiltTwice({ name, origin: earlier.origin, migration: ctx.migration })];
  },
};
