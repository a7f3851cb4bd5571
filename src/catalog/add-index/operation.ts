// add-index: a new @@index on an existing table. Plan: plan.ts; recognition: recognise.ts (the
// `blocking-index` rule, `fix`); step: steps.ts.
import type { Operation } from "../operation.js";
import { fixIndexBuild } from "./fix.js";
import { createIndexStep } from "./steps.js";
import { blockingIndex } from "../../check/rules/blocking-index.js";

export const addIndex: Operation = {
  id: "add-index",
  prismaWrites: "CREATE INDEX (SHARE lock: every write waits for the whole build)",
  weWrite: "CREATE INDEX CONCURRENTLY, alone in its folder",
  steps: [createIndexStep],
  rules: [blockingIndex],
  fix: fixIndexBuild,
};
