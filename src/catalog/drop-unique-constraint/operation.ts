// drop-unique-constraint: a unique constraint the schema no longer declares. Planning: plan.ts;
// recognition: drop-index/recognise.ts (the `drop-index-of-constraint` rule, `fix`); step: steps.ts.
import type { Operation } from "../operation.js";
import { fixConstraintDrop } from "../drop-index/fix.js";
import { dropConstraintStep } from "./steps.js";
import { dropIndexOfConstraint } from "../../check/rules/drop-index-of-constraint.js";

export const dropUniqueConstraint: Operation = {
  id: "drop-unique-constraint",
  prismaWrites: "DROP INDEX, which fails with 2BP01 on a constraint's index",
  weWrite: "ALTER TABLE … DROP CONSTRAINT in the retrying lock step",
  steps: [dropConstraintStep],
  rules: [dropIndexOfConstraint],
  fix: fixConstraintDrop,
};
