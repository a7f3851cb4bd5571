// foreign-key: a relation's foreign key on a table that has rows. Plan: plan.ts; recognition:
// recognise.ts (the `blocking-foreign-key` rule, `fix`: fix.ts); steps: steps.ts.
import type { Operation } from "../operation.js";
import { fixForeignKey } from "./fix.js";
import { addForeignKeyStep, precheckForeignKeyStep, validateForeignKeyStep } from "./steps.js";
import { blockingForeignKey } from "../../check/rules/blocking-foreign-key.js";

export const foreignKey: Operation = {
  id: "foreign-key",
  prismaWrites: "ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY (SHARE ROW EXCLUSIVE on both tables while it scans the table: writes wait)",
  weWrite: "orphan pre-check, ADD CONSTRAINT … NOT VALID in the retrying lock step (no scan), VALIDATE CONSTRAINT in a folder of its own (writes go on)",
  get steps() {
    return [precheckForeignKeyStep, addForeignKeyStep, validateForeignKeyStep];
  },
  rules: [blockingForeignKey],
  fix: fixForeignKey,
};
