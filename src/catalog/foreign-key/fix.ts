// foreign-key, for `fix`: Prisma's ADD CONSTRAINT … FOREIGN KEY on an existing table (the
// `blocking-foreign-key` rule) → orphan pre-check (with the `precheck` option), ADD … NOT VALID,
// VALIDATE CONSTRAINT: the generator's own steps, right after the migration.
import type { RuleContext } from "../../check/rule.js";
import { blockingForeignKey as rule } from "../../check/rules/blocking-foreign-key.js";
import type { FixOptions, Moved } from "../../fix/plan-fix.js";
import { UserError } from "../../messages/user-error.js";
import { foreignKeyMessages } from "../../messages/operations/foreign-key.js";
import { blockingForeignKey } from "./recognise.js";
import { foreignKeySteps } from "./plan.js";

/** The moves for Prisma's blocking ADD CONSTRAINT … FOREIGN KEY, or null when the statement is not one (or suppressed). */
export function fixForeignKey(ctx: RuleContext, options: FixOptions): Moved[] | null {
  const found = blockingForeignKey(ctx);
  if (!found || ctx.suppressed.has(rule.id)) return null;
  const line = ctx.statement.line;
  if (found.partitioned) throw new UserError(foreignKeyMessages.fixPartitioned(ctx.migration, line, found.table.sql));
  if (found.withOtherCommands) throw new UserError(foreignKeyMessages.fixNotAlone(ctx.migration, line));
  const steps = foreignKeySteps(found.fk, options);
  const add = steps.find((s) => s.kind === "add-fk");
  return [{ statement: ctx.statement, name: found.fk.name, kind: "foreign-key", steps, commentStep: add, needed: { name: found.fk.name, table: found.fk.table, columns: null } }];
}
