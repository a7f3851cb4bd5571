// At `prisma generate`: a blocking index statement on an existing table in one of the newest
// migrations (typically what `prisma migrate dev` just wrote) gets a line with the `fix` command:
// CREATE UNIQUE INDEX, CREATE INDEX, DROP INDEX, and DROP INDEX of a constraint's index (the 2BP01
// trap: the deploy would fail).
import { join } from "node:path";
import type { MigrationFile } from "../core/replay.js";
import type { AppliedState } from "../core/state.js";
import { checkMessages } from "../messages/check.js";
import { blockingBuild } from "./rules/blocking-index.js";
import { blockingUniqueIndex } from "./rules/blocking-unique-index.js";
import { blockingIndex } from "./rules/blocking-index.js";
import { blockingDropIndex } from "./rules/blocking-drop-index.js";
import { dropIndexOfConstraint } from "./rules/drop-index-of-constraint.js";
import { walkHistory } from "../core/replay.js";

/** How many of the newest migration folders the generator looks at. */
export const NEWEST_MIGRATIONS = 3;

/** The rules whose findings `fix` rewrites, besides the unique build (its own, shorter line). */
const FIXABLE = [blockingIndex, blockingDropIndex, dropIndexOfConstraint];

/**
 * One line per migration (`fix` moves all its statements at once), naming its first blocking statement.
 * `stateBeforeNewest`, the state before the newest migrations (replayHistory's `stateBeforeLast`),
 * saves replaying the whole history a second time; without it the history is replayed here.
 */
export function blockingNotices(history: readonly MigrationFile[], shownDir: string, stateBeforeNewest?: AppliedState): string[] {
  const newest = new Set(history.slice(-NEWEST_MIGRATIONS).map((m) => m.name));
  const notices = new Map<string, string>();
  const walked = stateBeforeNewest ? history.slice(-NEWEST_MIGRATIONS) : history;
  walkHistory(walked, {
    statement(ctx) {
      if (!newest.has(ctx.migration) || notices.has(ctx.migration)) return;
      const file = join(shownDir, ctx.migration, "migration.sql");
      const build = ctx.suppressed.has(blockingUniqueIndex.id) ? null : blockingBuild(ctx, true);
      if (build) {
        notices.set(ctx.migration, checkMessages.generatorNotice(file, ctx.statement.line, `CREATE UNIQUE INDEX "${build.name}" blocks every write to ${build.table.sql} for the whole build.`, ctx.migration));
        return;
      }
      for (const rule of FIXABLE) {
        if (ctx.suppressed.has(rule.id)) continue;
        const [violation] = rule.check(ctx);
        if (!violation) continue;
        notices.set(ctx.migration, checkMessages.generatorNotice(file, ctx.statement.line, violation.message, ctx.migration));
        return;
      }
    },
  }, stateBeforeNewest && structuredClone(stateBeforeNewest));
  return [...notices.values()];
}
