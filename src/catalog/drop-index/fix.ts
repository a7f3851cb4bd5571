// drop-index and drop-unique-constraint, for `fix`: Prisma's DROP INDEX of an existing table's index
// → DROP INDEX CONCURRENTLY for a plain index (`blocking-drop-index`), DROP CONSTRAINT for a unique
// constraint's (`drop-index-of-constraint`: Prisma's statement fails with 2BP01).
import type { RuleContext } from "../../check/rule.js";
import { blockingDropIndex } from "../../check/rules/blocking-drop-index.js";
import { dropIndexOfConstraint } from "../../check/rules/drop-index-of-constraint.js";
import type { Moved } from "../../fix/plan-fix.js";
import { UserError } from "../../messages/user-error.js";
import { fixMessages } from "../../messages/check.js";
import { droppedIndexes, goesWithTableOrColumn, type BlockingDrop } from "./recognise.js";

/**
 * The dropped indexes `fix` must rewrite: not in the file that made the table, not taken along by a
 * later DROP COLUMN / DROP TABLE (there Prisma's statement stays), not a primary key's.
 */
function fixableDrops(ctx: RuleContext): BlockingDrop[] {
  const drops = droppedIndexes(ctx).filter(
    (d) => d.table?.origin !== ctx.migration && !goesWithTableOrColumn(ctx.statements, ctx.index, d.index) && d.index.constraint !== "primary",
  );
  if (drops.length > 0 && (ctx.statement.node.objects ?? []).length > 1) throw new UserError(fixMessages.severalDropped(ctx.migration, ctx.statement.line));
  return drops;
}

/** The move for a DROP INDEX of a unique constraint's index, or null when the statement is not one. */
export function fixConstraintDrop(ctx: RuleContext): Moved[] | null {
  const drops = fixableDrops(ctx).filter((d) => d.index.constraint === "unique");
  if (drops.length === 0) return null;
  if (ctx.suppressed.has(dropIndexOfConstraint.id)) return [];
  return drops.map(({ index, qualified }) => {
    const table = { schema: index.schema, name: index.table, model: index.table, qualified, columns: new Map<string, string>() };
    return { statement: ctx.statement, name: index.name, kind: "constraint-drop", steps: [{ kind: "drop", index, table }], needed: { name: index.name, table: index.table, columns: null } };
  });
}

/** The move for a plain DROP INDEX of a plain index, or null when the statement is not one. */
export function fixIndexDrop(ctx: RuleContext): Moved[] | null {
  const drops = fixableDrops(ctx).filter((d) => d.index.constraint === null);
  if (drops.length === 0) return null;
  if (ctx.statement.node.concurrent || ctx.suppressed.has(blockingDropIndex.id)) return [];
  return drops.map((d) => {
    if (d.table?.partitioned) throw new UserError(fixMessages.partitionedDrop(ctx.migration, ctx.statement.line, d.tableSql));
    const { index } = d;
    const target = { schema: index.schema, table: index.table, name: index.name, qualified: d.qualified };
    return { statement: ctx.statement, name: index.name, kind: "index-drop", steps: [{ kind: "drop-index", index: target }], needed: { name: index.name, table: index.table, columns: null } };
  });
}
