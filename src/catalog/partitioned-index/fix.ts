// partitioned-index, for `fix`: Prisma's plain CREATE [UNIQUE] INDEX on an existing partitioned
// table (SHARE on every partition for the whole build) → the recipe's steps (recipeSteps), and its
// DROP INDEX of such a table's index → DROP INDEX in the retrying lock step. Claimed before add-unique,
// add-index and drop-index see them; `CREATE INDEX … ON ONLY` (the recipe's own) builds nothing.
import type { RuleContext } from "../../check/rule.js";
import { blockingIndex } from "../../check/rules/blocking-index.js";
import { blockingUniqueIndex } from "../../check/rules/blocking-unique-index.js";
import { blockingDropIndex } from "../../check/rules/blocking-drop-index.js";
import { existingTable } from "../../check/sql-facts.js";
import { defaultIndexName } from "../../core/pg-names.js";
import type { FixOptions, Moved } from "../../fix/plan-fix.js";
import { UserError } from "../../messages/user-error.js";
import { fixMessages } from "../../messages/check.js";
import { describeSource } from "../../core/state.js";
import { fromIndexStmt } from "../index-definition.js";
import { uniqueOf } from "../add-unique/fix.js";
import { blockingDrops } from "../drop-index/recognise.js";
import { recipeSteps } from "./plan.js";
import { uniqueKeyProblem } from "./tree.js";
import type { PartitionedIndex } from "./steps.js";

export function fixPartitionedIndex(ctx: RuleContext, options: FixOptions): Moved[] | null {
  return ctx.statement.kind === "IndexStmt" ? fixBuild(ctx, options) : ctx.statement.kind === "DropStmt" ? fixDrop(ctx) : null;
}

function fixBuild(ctx: RuleContext, options: FixOptions): Moved[] | null {
  const n = ctx.statement.node;
  if (n.concurrent || !n.relation.inh) return null; // ON ONLY: an index of the table alone, nothing built
  const table = existingTable(ctx, n.relation);
  if (!table?.table?.partitioned) return null;
  if (ctx.suppressed.has((n.unique ? blockingUniqueIndex : blockingIndex).id)) return [];
  const line = ctx.statement.line;
  const name = defaultIndexName(n, table.name);
  const read = fromIndexStmt(n);
  if ("unsupported" in read) throw new UserError(fixMessages.unsupportedIndex(ctx.migration, line, name, read.unsupported));
  const columns = read.definition.columns.map((c) => c.name);
  const unique = n.unique ? uniqueOf(n, name, table, options.schemaUniques ?? []) : null;
  if (unique) {
    const problem = uniqueKeyProblem(ctx.state, table.table, columns);
    if (problem) throw new UserError(fixMessages.partitionKey(ctx.migration, line, describeSource(unique.source), table.name, problem));
  }
  const index: PartitionedIndex = {
    schema: table.schema, table: table.name, qualified: Boolean(n.relation.schemaname), name, definition: read.definition,
    source: unique ? describeSource(unique.source) : `the table ${table.sql}`,
  };
  const steps = recipeSteps(ctx.state, table.table, index, unique && options.precheck ? { kind: "precheck", unique } : null);
  const commentStep = steps.find((s) => s.kind === "index-on-only");
  return [{
    statement: ctx.statement, name, kind: unique ? "unique-build" : "index-build", steps, commentStep,
    needed: { name, table: table.name, columns: unique ? columns : null },
  }];
}

function fixDrop(ctx: RuleContext): Moved[] | null {
  const drops = blockingDrops(ctx).filter((d) => d.table?.partitioned);
  if (drops.length === 0) return null;
  if (ctx.suppressed.has(blockingDropIndex.id)) return [];
  return drops.map(({ index, qualified }) => ({
    statement: ctx.statement, name: index.name, kind: "index-drop",
    steps: [{ kind: "drop-partitioned-index", index: { schema: index.schema, table: index.table, name: index.name, qualified } }],
    needed: { name: index.name, table: index.table, columns: null },
  }));
}
