// change-index: an index whose definition changed under the same name. Plan: plan.ts (generator);
// `fix` pairs Prisma's DROP INDEX + CREATE INDEX (fix/plan-fix.ts `pairChanges`), reported by the
// add and drop rules; steps: steps.ts.
import type { Operation } from "../operation.js";
import { rebuildIndexStep, renameIndexStep, retireIndexStep, swapUniqueStep } from "./steps.js";

export const changeIndex: Operation = {
  id: "change-index",
  prismaWrites: "DROP INDEX + CREATE INDEX (the table is without the index while every write waits for the build)",
  weWrite:
    "CREATE [UNIQUE] INDEX CONCURRENTLY under a temporary name, then DROP INDEX CONCURRENTLY of the old one and ALTER INDEX … RENAME (index lock only) " +
    "or ADD CONSTRAINT … USING INDEX; a unique constraint is swapped in one brief ALTER TABLE (DROP CONSTRAINT, ADD CONSTRAINT … USING INDEX)",
  steps: [rebuildIndexStep, retireIndexStep, renameIndexStep, swapUniqueStep],
  rules: [],
};
