// not-null, planned: a field that is required in the schema (`String`) whose column the history
// has on an existing table without NOT NULL (it was `String?`) → the four steps. A new column is
// Prisma's ADD COLUMN (NOT NULL with its default: instant unless the default is volatile, which
// `check` flags); a new, temporary or partitioned table is left to Prisma. When the history already
// holds this operation's check for the column (a set written in part), the plan resumes after it.
import { tableKey, type AppliedState, type DesiredState } from "../../core/state.js";
import { notNullCheckName } from "../temporary-name.js";
import { primaryKeyColumns } from "./recognise.js";
import { notNullSteps, type NotNullStep } from "./steps.js";

export function planNotNull(desired: DesiredState, applied: AppliedState, options: { precheck: boolean }): NotNullStep[] {
  const steps: NotNullStep[] = [];
  for (const want of desired.tables.values()) {
    const table = applied.tables.get(tableKey(want.schema, want.name));
    if (!table?.notNull || table.temporary || table.partitioned) continue;
    for (const [field, column] of want.columns) {
      if (!want.required?.has(column) || !table.columns.includes(column) || table.notNull.has(column)) continue;
      const check = notNullCheckName(want.schema, want.name, column);
      // Our check already in the history (a set written in part, or an earlier run's): resume after it.
      const done = table.notNullChecks?.get(check);
      const planned = notNullSteps({
        schema: want.schema,
        table: want.name,
        qualified: want.qualified,
        column,
        check,
        keys: primaryKeyColumns(applied, want.schema, want.name),
        source: `${want.model}.${field} (now required)`,
      }, options.precheck);
      steps.push(...planned.filter((s) => !done || s.kind === "set-not-null" || (s.kind === "validate-not-null" && !done.valid)));
    }
  }
  return steps;
}
