// drop-index: one step, DROP INDEX CONCURRENTLY alone in its folder.
import type { StepSpec, StepTarget } from "../operation.js";
import { dropIndexMessages } from "../../messages/operations/drop-index.js";
import { indexSql, tableShown } from "../add-index/steps.js";
import { dropIndexConcurrentlyRead } from "../read-back.js";

export type DropIndexStep = { kind: "drop-index"; index: StepTarget };

export const dropIndexStep: StepSpec<DropIndexStep> = {
  kind: "drop-index",
  word: "drop_index",
  alone: true,
  locks: [
    { on: "table", mode: "SHARE UPDATE EXCLUSIVE", held: "build", waitsForOlderTransactions: true },
    { on: "index", mode: "SHARE UPDATE EXCLUSIVE", held: "build", waitsForOlderTransactions: true },
  ],
  target: (s) => s.index,
  sql: (s) => `DROP INDEX CONCURRENTLY ${indexSql(s.index)};\n`,
  header: (s, ctx) => dropIndexMessages.header({ name: s.index.name, tableShown: tableShown(s.index) }, dropIndexStep.locks, ctx.folder),
  describe: (s) => dropIndexMessages.describe(s.index.name, tableShown(s.index)),
  readBack: dropIndexConcurrentlyRead,
};
