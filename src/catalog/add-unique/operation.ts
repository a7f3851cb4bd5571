// add-unique: a new @@unique / @unique on an existing table. Planning: plan.ts; recognition:
// the `blocking-unique-index` rule, `fix` (fix.ts); steps: steps.ts.
import type { Operation } from "../operation.js";
import { fixUniqueBuild } from "./fix.js";
import { attachStep, buildStep, precheckStep } from "./steps.js";
import { blockingUniqueIndex } from "../../check/rules/blocking-unique-index.js";

export const addUnique: Operation = {
  id: "add-unique",
  prismaWrites: "CREATE UNIQUE INDEX (SHARE lock: every write waits for the whole build)",
  weWrite: "duplicate pre-check, CREATE UNIQUE INDEX CONCURRENTLY alone in its folder, ADD CONSTRAINT … UNIQUE USING INDEX in the retrying lock step",
  // A getter: steps.ts and core/render.ts (the pre-check's SQL) import each other.
  get steps() {
    return [precheckStep, buildStep, attachStep];
  },
  rules: [blockingUniqueIndex],
  fix: fixUniqueBuild,
};
