// change-index: an index whose definition changed under the same name. Plan: plan.ts (generator);
// `fix` pairs Prisma's DROP INDEX + CREATE INDEX (fix/plan-fix.ts `pairChanges`), reported by the
// add and drop rules; steps: steps.ts.
import type { Operation } from "../operation.js";
import { rebuildIndexStep, renameIndexStep, retireIndexStep } from "./steps.js";

export const changeIndex: Operation = {
  id: "change-index",
  prismaWrites: "DROP INDEX + CREATE INDEX (the table is without the index while every write waits for the build)",
  weWrite: "CREATE INDEX CONCURRENTLY under a temporary name, DROP INDEX CONCURRENTLY of the old one, ALTER INDEX … RENAME (index lock only)",
  steps: [rebuildIndexStep, retireIndexStep, renameIndexStep],
  rules: [],
};
