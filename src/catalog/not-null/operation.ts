// not-null: a column made NOT NULL on a table with rows (`String?` → `String`). Planning: plan.ts;
// recognition: recognise.ts (the `blocking-set-not-null` rule, `fix`: fix.ts); steps: steps.ts.
// The `volatile-default` rule (a new column whose default rewrites the table) is a generic rule of
// check: it has no fix, and its safe way ends with this operation.
import type { Operation } from "../operation.js";
import { fixSetNotNull } from "./fix.js";
import { addNotNullCheckStep, precheckNotNullStep, setNotNullStep, validateNotNullStep } from "./steps.js";
import { blockingSetNotNullRule } from "../../check/rules/blocking-set-not-null.js";

export const notNull: Operation = {
  id: "not-null",
  prismaWrites: "ALTER COLUMN … SET NOT NULL (ACCESS EXCLUSIVE while it reads every row: reads and writes wait)",
  weWrite: "NULL pre-check, ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID in the retrying lock step, VALIDATE CONSTRAINT (writes go on), SET NOT NULL (no scan) and DROP CONSTRAINT in the retrying lock step",
  get steps() {
    return [precheckNotNullStep, addNotNullCheckStep, validateNotNullStep, setNotNullStep];
  },
  rules: [blockingSetNotNullRule],
  fix: fixSetNotNull,
};
