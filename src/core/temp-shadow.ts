// A temporary table that the history creates and never drops stays for the rest of a `prisma
// migrate deploy` (one connection for every pending migration): an unqualified name in a generated
// step would then mean the temporary table, and the unique would land on it and vanish with it.
// The generator refuses such a plan rather than schema-qualify the name: the schema unqualified
// names resolve to is the deploy's search_path (the URL's `?schema=`), which it cannot know.
import { specOf } from "../catalog/catalog.js";
import type { Plan } from "./plan.js";
import { TEMP_SCHEMA, tableKey, type AppliedState, type AppliedTable } from "./state.js";

export interface ShadowedTarget {
  /** The permanent table a generated step names without a schema. */
  table: string;
  /** The temporary table of that name still alive at the end of the history. */
  temporary: AppliedTable;
}

export function shadowedTargets(plan: Plan, state: AppliedState): ShadowedTarget[] {
  const found = new Map<string, ShadowedTarget>();
  for (const step of plan.steps) {
    const target = specOf(step).target(step);
    if (target.qualified) continue;
    const temporary = state.tables.get(tableKey(TEMP_SCHEMA, target.table));
    if (temporary) found.set(target.table, { table: target.table, temporary });
  }
  return [...found.values()];
}
