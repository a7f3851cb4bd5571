// Recognition of Prisma's blocking foreign key: `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY …`
// without NOT VALID on a table that existed before the migration (a table created in the same
// file is empty: its scan is instant). Read from the parse tree into the steps' PlannedForeignKey.
import type { RuleContext } from "../../check/rule.js";
import { existingTable, tableRefOf, type TableRef } from "../../check/sql-facts.js";
import { stringList, type Node } from "../../sql/parse.js";
import { actionOf } from "../../core/replay-foreign-keys.js";
import { DEFAULT_SCHEMA, indexesOfTable } from "../../core/state.js";
import { postgresObjectName } from "../../core/pg-names.js";
import type { PlannedForeignKey } from "./steps.js";

export interface BlockingForeignKey {
  fk: PlannedForeignKey;
  table: TableRef;
  referenced: TableRef;
  partitioned: boolean;
  /** The ALTER TABLE does something else too: `fix` cannot move only the foreign key. */
  withOtherCommands: boolean;
}

/** The primary key of the referenced table as the history has it, for a REFERENCES without columns. */
function primaryKey(ctx: RuleContext, ref: TableRef): string[] {
  return indexesOfTable(ctx.state, ref.schema, ref.name).find((i) => i.constraint === "primary")?.columns?.map((c) => c.name) ?? [];
}

export function blockingForeignKey(ctx: RuleContext): BlockingForeignKey | null {
  const n = ctx.statement.node;
  if (ctx.statement.kind !== "AlterTableStmt" || n.objtype !== "OBJECT_TABLE") return null;
  const cmds: Node[] = (n.cmds ?? []).map((c: Node) => c.AlterTableCmd);
  const constraint = cmds.map((c) => c?.subtype === "AT_AddConstraint" ? c.def?.Constraint : null).find((c) => c?.contype === "CONSTR_FOREIGN" && !c.skip_validation);
  if (!constraint) return null;
  const table = existingTable(ctx, n.relation);
  if (!table) return null;
  const referenced = tableRefOf(ctx, constraint.pktable);
  const columns = stringList(constraint.fk_attrs ?? []);
  const pkColumns = stringList(constraint.pk_attrs ?? []);
  const fk: PlannedForeignKey = {
    schema: table.schema,
    table: table.name,
    qualified: Boolean(n.relation.schemaname) && table.schema !== DEFAULT_SCHEMA,
    name: constraint.conname ?? postgresObjectName(table.name, columns, "fkey"),
    columns,
    referenced: { schema: referenced.schema, table: referenced.name, columns: pkColumns.length ? pkColumns : primaryKey(ctx, referenced) },
    referencedQualified: Boolean(constraint.pktable.schemaname) && referenced.schema !== DEFAULT_SCHEMA,
    onDelete: actionOf(constraint.fk_del_action),
    onUpdate: actionOf(constraint.fk_upd_action),
    source: `the table ${table.sql}`,
  };
  return { fk, table, referenced, partitioned: Boolean(table.table?.partitioned), withOtherCommands: cmds.length > 1 };
}
