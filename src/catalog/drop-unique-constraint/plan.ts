// drop-unique-constraint, planned: a unique constraint the schema no longer declares, on a table it
// still has (a table that goes takes its constraints along in Prisma's DROP TABLE) → `drop_unique`.
import { tableKey, type AppliedState, type DesiredState, type DesiredUnique } from "../../core/state.js";
import type { DropConstraintStep } from "./steps.js";
import { isEquivalentUnique } from "../add-unique/plan.js";

export function planDropUniqueConstraints(desired: DesiredState, applied: AppliedState): DropConstraintStep[] {
  const uniquesOf = new Map<string, DesiredUnique[]>();
  for (const u of desired.uniques) {
    const key = tableKey(u.schema, u.table);
    uniquesOf.set(key, [...(uniquesOf.get(key) ?? []), u]);
  }
  const steps: DropConstraintStep[] = [];
  for (const index of applied.indexes.values()) {
    if (index.constraint !== "unique") continue;
    const table = desired.tables.get(tableKey(index.schema, index.table));
    if (!table) continue; // the table goes too: Prisma's DROP TABLE takes its constraints along
    const stillDeclared = (uniquesOf.get(tableKey(index.schema, index.table)) ?? []).some((u) => isEquivalentUnique(index, u));
    if (stillDeclared) continue;
    steps.push({ kind: "drop", index, table });
  }
  return steps;
}
