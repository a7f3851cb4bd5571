// not-null, for `fix`: Prisma's SET NOT NULL clauses on an existing table (the
// `blocking-set-not-null` rule) → for each column the generator's four steps; the statement's other
// clauses (Prisma's ADD COLUMN, SET DEFAULT … of the same table) stay in Prisma's file as they were.
import type { RuleContext } from "../../check/rule.js";
import { blockingSetNotNullRule } from "../../check/rules/blocking-set-not-null.js";
import type { FixOptions, Moved } from "../../fix/plan-fix.js";
import { UserError } from "../../messages/user-error.js";
import { fixMessages } from "../../messages/check.js";
import { alterWithClauses } from "../../sql/alter-clauses.js";
import { notNullCheckName } from "../temporary-name.js";
import { blockingSetNotNull, primaryKeyColumns } from "./recognise.js";
import { notNullSteps } from "./steps.js";

export function fixSetNotNull(ctx: RuleContext, options: FixOptions): Moved[] | null {
  const found = blockingSetNotNull(ctx);
  if (!found || ctx.suppressed.has(blockingSetNotNullRule.id)) return null;
  if (found.partitioned) throw new UserError(fixMessages.partitionedNotNull(ctx.migration, ctx.statement.line, found.table.sql));
  const { schema, name } = found.table;
  const qualified = Boolean(ctx.statement.node.relation.schemaname);
  const keys = primaryKeyColumns(ctx.state, schema, name);
  const steps = found.columns.flatMap(({ column }) =>
    notNullSteps({ schema, table: name, qualified, column, check: notNullCheckName(schema, name, column), keys, source: `SET NOT NULL in ${ctx.migration}` }, options.precheck));
  const moved = new Set(found.columns.map((c) => c.clause));
  const keep = alterWithClauses(ctx.statement, (ctx.statement.node.cmds ?? []).map((_: unknown, i: number) => i).filter((i: number) => !moved.has(i)));
  const columns = found.columns.map((c) => c.column);
  return [{
    statement: ctx.statement,
    name: columns.map((c) => `"${c}"`).join(", "),
    kind: "not-null",
    steps,
    keep,
    // Nothing later in the file names the check; a later statement needing the NOT NULL itself is not looked for.
    needed: { name: notNullCheckName(schema, name, columns[0]!), table: name, columns: null },
  }];
}
