// change-index: an index whose definition changed under the same name (Prisma's DROP INDEX +
// CREATE INDEX) → three folders: rebuild-index builds the new definition concurrently under a
// temporary name (catalog/temporary-name.ts), retire-index drops the old one concurrently,
// rename-index gives the new one the real name (ALTER INDEX … RENAME: SHARE UPDATE EXCLUSIVE on
// the index only, no lock on the table). The table always has one of the two indexes. A unique
// constraint whose definition changed is swapped in one statement instead (swap-unique: DROP
// CONSTRAINT + ADD CONSTRAINT … USING INDEX, which renames the new index): it is enforced throughout.
import { CONCURRENT_BUILD } from "../locks.js";
import type { StepSpec, StepTarget } from "../operation.js";
import { quoteIdent, tableRef } from "../../sql/quote.js";
import { lockStep } from "../sql-shapes.js";
import { addConstraintUsingIndexRead, concurrentBuildRead, renameIndexRead } from "../read-back.js";
import { indexSql, tableShown, type IndexBuild } from "../add-index/steps.js";
import { dropIndexStep } from "../drop-index/steps.js";
import { changeIndexMessages } from "../../messages/operations/change-index.js";

/** `index` is built under `index.name` = the temporary name; `name` is the real one. */
export type RebuildIndexStep = { kind: "rebuild-index"; index: IndexBuild; name: string };
export type RetireIndexStep = { kind: "retire-index"; index: StepTarget; temporary: string; source: string };
export type RenameIndexStep = { kind: "rename-index"; index: StepTarget; temporary: string; source: string };
/** `index`: the unique constraint (and its index) of that name; `temporary`: its new definition, built by rebuild-index. */
export type SwapUniqueStep = { kind: "swap-unique"; index: StepTarget; temporary: string; source: string };

const names = (real: string, temporary: string, at: { schema: string; table: string; qualified: boolean }, source: string) =>
  ({ name: real, temporary, tableShown: tableShown(at), source });

export const rebuildIndexStep: StepSpec<RebuildIndexStep> = {
  kind: "rebuild-index",
  word: "rebuild_index",
  alone: true,
  locks: [CONCURRENT_BUILD],
  // The folder is about the real index: its slug is the real name's.
  target: (s) => ({ ...s.index, name: s.name }),
  sql: (s) => `${s.index.statement}\n`,
  header: (s, ctx) =>
    changeIndexMessages.rebuild({ ...names(s.name, s.index.name, s.index, s.index.source), indexSql: indexSql(s.index) }, rebuildIndexStep.locks, ctx.folder),
  describe: (s) => changeIndexMessages.describeRebuild(s.name, s.index.name, s.index.source),
  readBack: concurrentBuildRead,
};

export const retireIndexStep: StepSpec<RetireIndexStep> = {
  kind: "retire-index",
  word: "retire_index",
  alone: true,
  locks: dropIndexStep.locks,
  target: (s) => s.index,
  sql: (s) => `DROP INDEX CONCURRENTLY ${indexSql(s.index)};\n`,
  header: (s, ctx) => changeIndexMessages.retire(names(s.index.name, s.temporary, s.index, s.source), retireIndexStep.locks, ctx.folder),
  describe: (s) => changeIndexMessages.describeRetire(s.index.name),
  readBack: dropIndexStep.readBack,
};

export const renameIndexStep: StepSpec<RenameIndexStep> = {
  kind: "rename-index",
  word: "rename_index",
  alone: false,
  locks: [{ on: "index", mode: "SHARE UPDATE EXCLUSIVE", held: "brief", waitsForOlderTransactions: false }],
  target: (s) => s.index,
  sql: (s, ctx) => lockStep(ctx, `ALTER INDEX ${indexSql({ ...s.index, name: s.temporary })} RENAME TO ${quoteIdent(s.index.name)};`),
  header: (s, ctx) => changeIndexMessages.rename(names(s.index.name, s.temporary, s.index, s.source), renameIndexStep.locks, ctx.lock, ctx.folder),
  describe: (s) => changeIndexMessages.describeRename(s.temporary, s.index.name),
  readBack: renameIndexRead,
};

export const swapUniqueStep: StepSpec<SwapUniqueStep> = {
  kind: "swap-unique",
  word: "swap_unique",
  alone: false,
  locks: [{ on: "table", mode: "ACCESS EXCLUSIVE", held: "brief", waitsForOlderTransactions: false }],
  target: (s) => s.index,
  // One ALTER TABLE: both commands or neither, so the unique is enforced by one of the two indexes throughout.
  sql: (s, ctx) => {
    const name = quoteIdent(s.index.name);
    return lockStep(
      ctx,
      `ALTER TABLE ${tableRef({ schema: s.index.schema, name: s.index.table, qualified: s.index.qualified })} DROP CONSTRAINT ${name}, ADD CONSTRAINT ${name} UNIQUE USING INDEX ${quoteIdent(s.temporary)};`,
    );
  },
  header: (s, ctx) => changeIndexMessages.swap(names(s.index.name, s.temporary, s.index, s.source), swapUniqueStep.locks, ctx.lock, ctx.folder),
  describe: (s) => changeIndexMessages.describeSwap(s.temporary, s.index.name),
  // One brief ALTER TABLE that adds the constraint USING INDEX, like an attach: a lock timeout changed nothing.
  readBack: addConstraintUsingIndexRead,
};
