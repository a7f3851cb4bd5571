// CREATE TEMP TABLE without a DROP (or ON COMMIT DROP) in the same file: `prisma migrate deploy`
// applies every pending migration over one connection, so the table stays for the rest of the
// deploy, and an unqualified name in a later migration means it, not the permanent table.
import type { Node } from "../../sql/parse.js";
import type { Rule } from "../rule.js";
import { applyStatement, endMigration, isTemporary } from "../../core/replay.js";
import { DEFAULT_SCHEMA, TEMP_SCHEMA, tableKey } from "../../core/state.js";
import { ruleMessages } from "../../messages/check.js";

/** The relation a statement creates as a temporary table, or null. */
function createdTemporary(kind: string, n: Node): Node | null {
  const rel = kind === "CreateStmt" ? n.relation : kind === "CreateTableAsStmt" && n.objtype !== "OBJECT_MATVIEW" ? n.into?.rel : kind === "SelectStmt" ? n.intoClause?.rel : null;
  return isTemporary(rel) ? rel : null;
}

export const tempTableOutlivesMigration: Rule = {
  id: "temp-table-outlives-migration",
  severity: "error",
  summary: "CREATE TEMP TABLE that this migration does not drop: it shadows its name for the rest of `prisma migrate deploy`",
  check(ctx) {
    const rel = createdTemporary(ctx.statement.kind, ctx.statement.node);
    if (!rel) return [];
    // Replay the rest of this file on a copy of the model: is the table still there when it ends?
    const after = structuredClone(ctx.state);
    const quiet = { migration: ctx.migration, warn: () => {} };
    for (const statement of ctx.statements.slice(ctx.index)) applyStatement(after, statement, quiet);
    endMigration(after);
    const left = after.tables.get(tableKey(TEMP_SCHEMA, rel.relname));
    if (left?.origin !== ctx.migration || left.temporary?.line !== ctx.statement.line) return [];
    const shadows = ctx.state.tables.has(tableKey(DEFAULT_SCHEMA, rel.relname));
    return [ruleMessages.tempTableOutlivesMigration({ name: rel.relname, shadows })];
  },
};
