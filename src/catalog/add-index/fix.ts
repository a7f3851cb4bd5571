// add-index, for `fix`: Prisma's blocking CREATE INDEX on an existing table (the `blocking-index`
// rule) → its create_index step.
import type { RuleContext } from "../../check/rule.js";
import { blockingIndex } from "../../check/rules/blocking-index.js";
import type { FixOptions, Moved } from "../../fix/plan-fix.js";
import { UserError } from "../../messages/user-error.js";
import { fixMessages } from "../../messages/check.js";
import { blockingIndexBuild } from "./recognise.js";

/** The move for Prisma's CREATE INDEX on an existing table, or null when the statement is not one (or suppressed). */
export function fixIndexBuild(ctx: RuleContext, _options: FixOptions): Moved[] | null {
  const plain = blockingIndexBuild(ctx);
  if (!plain || ctx.suppressed.has(blockingIndex.id)) return null;
  if (plain.partitioned) throw new UserError(fixMessages.partitioned(ctx.migration, ctx.statement.line, plain.tableSql));
  if (!plain.build) throw new UserError(fixMessages.unsupportedPlainIndex(ctx.migration, ctx.statement.line, plain.name));
  const needed = { name: plain.name, table: plain.build.table, columns: null };
  return [{ statement: ctx.statement, name: plain.name, kind: "index-build", steps: [{ kind: "create-index", index: plain.build }], needed }];
}
