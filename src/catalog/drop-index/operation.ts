// drop-index: an index the schema no longer declares. Plan: plan.ts; recognition: recognise.ts (the
// `blocking-drop-index` rule, `fix`; the 2BP01 trap of a constraint's index is recognised there too
// and made safe by drop-unique-constraint's step); step: steps.ts.
import type { Operation } from "../operation.js";
import { fixIndexDrop } from "./fix.js";
import { dropIndexStep } from "./steps.js";
import { blockingDropIndex } from "../../check/rules/blocking-drop-index.js";

export const dropIndex: Operation = {
  id: "drop-index",
  prismaWrites: "DROP INDEX (ACCESS EXCLUSIVE, queued behind any open transaction)",
  weWrite: "DROP INDEX CONCURRENTLY, alone in its folder",
  steps: [dropIndexStep],
  rules: [blockingDropIndex],
  fix: fixIndexDrop,
};
