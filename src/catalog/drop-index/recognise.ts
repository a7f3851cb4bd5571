// Recognition of Prisma's blocking DROP INDEX: a plain (not CONCURRENTLY) DROP INDEX of an index the
// history knows, on a table that existed before the migration. What it is about decides the fix:
// a plain index → DROP INDEX CONCURRENTLY; a constraint's index → DROP CONSTRAINT (DROP INDEX fails
// with 2BP01 there). Prisma writes DROP INDEX before the DROP COLUMN / DROP TABLE that would take
// the index along: such a statement is left alone (moving it after the file would find the index gone).
import { stringList, type Node, type Statement } from "../../sql/parse.js";
import { quoteIdent } from "../../sql/quote.js";
import { indexKey, tableKey, type AppliedIndex, type AppliedTable } from "../../core/state.js";
import { qualifiedName } from "../../core/replay.js";
import type { RuleContext } from "../../check/rule.js";
import { lockTimeoutInForce } from "../../check/sql-facts.js";

export interface BlockingDrop {
  index: AppliedIndex;
  /** The table as the statement's name implies it: `"s"."t"` when it names the schema. */
  tableSql: string;
  qualified: boolean;
  table: AppliedTable | undefined;
}

/** The indexes a DROP INDEX statement drops that the history knows, with their tables. */
export function droppedIndexes(ctx: RuleContext): BlockingDrop[] {
  const n = ctx.statement.node;
  if (ctx.statement.kind !== "DropStmt" || n.removeType !== "OBJECT_INDEX") return [];
  return (n.objects ?? []).flatMap((object: Node) => {
    const names = stringList(object);
    const { schema, name } = qualifiedName(ctx.state, names, "index");
    const index = ctx.state.indexes.get(indexKey(schema, name));
    if (!index) return [];
    const qualified = names.length > 1;
    const tableSql = qualified ? `${quoteIdent(schema)}.${quoteIdent(index.table)}` : quoteIdent(index.table);
    return [{ index, tableSql, qualified, table: ctx.state.tables.get(tableKey(index.schema, index.table)) }];
  });
}

/** Whether a statement after `from` drops the index's table or one of its columns (then the index goes with it). */
export function goesWithTableOrColumn(statements: readonly Statement[], from: number, index: AppliedIndex): boolean {
  const columns = new Set((index.columns ?? []).map((c) => c.name));
  return statements.slice(from + 1).some((s) => {
    const n = s.node;
    if (s.kind === "DropStmt" && n.removeType === "OBJECT_TABLE") return (n.objects ?? []).some((o: Node) => stringList(o).at(-1) === index.table);
    if (s.kind !== "AlterTableStmt" || n.relation?.relname !== index.table) return false;
    return (n.cmds ?? []).some((c: Node) => c.AlterTableCmd?.subtype === "AT_DropColumn" && (index.columns === null || columns.has(c.AlterTableCmd.name)));
  });
}

/**
 * A plain DROP INDEX of a plain index (no constraint) on a table that existed before: what
 * blocking-drop-index reports. On a partitioned table, DROP INDEX under a lock_timeout is already
 * the least blocking way PostgreSQL allows (partitioned-index's drop step): not reported.
 */
export function blockingDrops(ctx: RuleContext): BlockingDrop[] {
  if (ctx.statement.node.concurrent) return [];
  return droppedIndexes(ctx).filter(
    (d) => d.index.constraint === null && d.table?.origin !== ctx.migration && !goesWithTableOrColumn(ctx.statements, ctx.index, d.index) &&
      !(d.table?.partitioned && lockTimeoutInForce(ctx.statements, ctx.index)),
  );
}
