// The desired state in a JSON-safe shape (Maps become records), so that the generator's plan
// report can carry it to the CLI: commands that need the schema's tables, columns and uniques
// (`duplicates --model M --fields a,b`) read it from there, as the project's own Prisma saw it.
import type { DesiredIndex, DesiredState, DesiredUnique } from "./state.js";

export interface DesiredTableJson {
  schema: string;
  name: string;
  model: string;
  qualified: boolean;
  /** Column db names by Prisma field name. */
  columns: Record<string, string>;
}

export interface DesiredStateJson {
  tables: DesiredTableJson[];
  uniques: DesiredUnique[];
  /** Every unique and `@@index` (absent in reports of older builds). */
  indexes?: DesiredIndex[];
}

export function desiredToJson(desired: DesiredState): DesiredStateJson {
  return {
    tables: [...desired.tables.values()].map((t) => ({ ...t, columns: Object.fromEntries(t.columns) })),
    uniques: desired.uniques,
    indexes: desired.indexes,
  };
}
