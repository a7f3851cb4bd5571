// foreign-key, planned: each relation's foreign key (desired-foreign-keys.ts) on a table the history
// has, that no foreign key of the table already is (same columns, referenced key and actions, under
// any name) → orphan pre-check, ADD … NOT VALID, VALIDATE. A foreign key the history added NOT VALID
// without its VALIDATE (an interrupted set) gets the VALIDATE only. Left to Prisma, with a note:
// key columns or the referenced table the history does not have yet (Prisma adds them in the same
// migration: `fix` on it, or the columns first), a changed definition under the same name, a
// partitioned table. `@relation(map: …)` is not in the DMMF: such a name is planned as Prisma's default.
import { foreignKeysOfTable, sameForeignKey, tableKey, type AppliedState, type DesiredForeignKey, type DesiredState } from "../../core/state.js";
import type { ForeignKeySkipReason } from "../../messages/operations/foreign-key.js";
import type { ForeignKeyStep, PlannedForeignKey } from "./steps.js";

export interface ForeignKeySkip {
  fk: DesiredForeignKey;
  reason: ForeignKeySkipReason;
}

/** The steps that add `fk` without a scan under lock. */
export function foreignKeySteps(fk: PlannedForeignKey, options: { precheck: boolean }): ForeignKeyStep[] {
  return [
    ...(options.precheck ? [{ kind: "precheck-fk" as const, fk }] : []),
    { kind: "add-fk", fk },
    { kind: "validate-fk", fk },
  ];
}

export function planForeignKeys(desired: DesiredState, applied: AppliedState, options: { precheck: boolean }): { steps: ForeignKeyStep[]; skipped: ForeignKeySkip[] } {
  const steps: ForeignKeyStep[] = [];
  const skipped: ForeignKeySkip[] = [];
  for (const fk of desired.foreignKeys ?? []) {
    const table = applied.tables.get(tableKey(fk.schema, fk.table));
    if (!table || table.temporary) continue; // a new table: Prisma adds the key on an empty table
    const existing = foreignKeysOfTable(applied, fk.schema, fk.table);
    const same = existing.find((e) => sameForeignKey(e, fk));
    if (same) {
      if (!same.valid && same.name === fk.name) steps.push({ kind: "validate-fk", fk });
      continue;
    }
    const skip = (reason: ForeignKeySkipReason) => skipped.push({ fk, reason });
    const missing = fk.columns.filter((c) => !table.columns.includes(c));
    if (missing.length > 0) {
      skip({ kind: "missing-columns", table: fk.table, columns: missing });
      continue;
    }
    const referenced = applied.tables.get(tableKey(fk.referenced.schema, fk.referenced.table));
    if (!referenced) {
      skip({ kind: "new-referenced-table", table: fk.referenced.table });
      continue;
    }
    const missingReferenced = fk.referenced.columns.filter((c) => !referenced.columns.includes(c));
    if (missingReferenced.length > 0) {
      skip({ kind: "missing-columns", table: fk.referenced.table, columns: missingReferenced });
      continue;
    }
    if (existing.some((e) => e.name === fk.name)) {
      skip({ kind: "changed" });
      continue;
    }
    if (table.partitioned) {
      skip({ kind: "partitioned" });
      continue;
    }
    steps.push(...foreignKeySteps(fk, options));
  }
  return { steps, skipped };
}
