// Recognition of Prisma's blocking SET NOT NULL: the `ALTER COLUMN … SET NOT NULL` clauses of an
// ALTER TABLE on a table that existed before the migration, for columns nothing proves NOT NULL yet
// (not declared NOT NULL, no valid CHECK (column IS NOT NULL): then PostgreSQL reads every row under
// ACCESS EXCLUSIVE). Prisma writes them as clauses of one ALTER TABLE with the table's other changes.
import type { Node } from "../../sql/parse.js";
import type { RuleContext } from "../../check/rule.js";
import { existingTable, type TableRef } from "../../check/sql-facts.js";
import { indexesOfTable, provenNotNull, type AppliedState } from "../../core/state.js";

export interface BlockingSetNotNull {
  table: TableRef;
  /** The columns, with the index of their clause among the statement's cmds. */
  columns: Array<{ column: string; clause: number }>;
  partitioned: boolean;
}

export function blockingSetNotNull(ctx: RuleContext): BlockingSetNotNull | null {
  const n = ctx.statement.node;
  if (ctx.statement.kind !== "AlterTableStmt" || n.objtype !== "OBJECT_TABLE") return null;
  const table = existingTable(ctx, n.relation);
  if (!table) return null;
  const columns: BlockingSetNotNull["columns"] = [];
  (n.cmds ?? []).forEach((c: Node, clause: number) => {
    const cmd = c.AlterTableCmd;
    if (cmd?.subtype !== "AT_SetNotNull") return;
    if (table.table && provenNotNull(table.table, cmd.name)) return; // no scan: nothing to do
    columns.push({ column: cmd.name, clause });
  });
  return columns.length ? { table, columns, partitioned: Boolean(table.table?.partitioned) } : null;
}

/** The primary key's columns of a table, to name rows in the NULL pre-check's report; null without one. */
export function primaryKeyColumns(state: AppliedState, schema: string, table: string): string[] | null {
  const primary = indexesOfTable(state, schema, table).find((i) => i.constraint === "primary");
  return primary?.columns?.map((c) => c.name) ?? null;
}
