// At `prisma generate`: a blocking unique-index build on an existing table in one of the newest
// migrations (typically what `prisma migrate dev` just wrote) gets a line with the `fix` command.
import { join } from "node:path";
import type { MigrationFile } from "../core/replay.js";
import type { AppliedState } from "../core/state.js";
import { checkMessages } from "../messages/check.js";
import { blockingBuild } from "./rules/blocking-index.js";
import { blockingUniqueIndex } from "./rules/blocking-unique-index.js";
import { walkHistory } from "./run-check.js";

/** How many of the newest migration folders the generator looks at. */
export const NEWEST_MIGRATIONS = 3;

/**
 * One line per migration (`fix` moves all its builds at once), naming its first blocking build.
 * `stateBeforeNewest`, the state before the newest migrations (replayHistory's `stateBeforeLast`),
 * saves replaying the whole history a second time; without it the history is replayed here.
 */
export function blockingUniqueNotices(history: readonly MigrationFile[], shownDir: string, stateBeforeNewest?: AppliedState): string[] {
  const newest = new Set(history.slice(-NEWEST_MIGRATIONS).map((m) => m.name));
  const notices = new Map<string, string>();
  const walked = stateBeforeNewest ? history.slice(-NEWEST_MIGRATIONS) : history;
  walkHistory(walked, {
    statement(ctx) {
      if (!newest.has(ctx.migration) || notices.has(ctx.migration) || ctx.suppressed.has(blockingUniqueIndex.id)) return;
      const build = blockingBuild(ctx, true);
      if (!build) return;
      const file = join(shownDir, ctx.migration, "migration.sql");
      notices.set(ctx.migration, checkMessages.generatorNotice(file, ctx.statement.line, build.name, build.table.sql, ctx.migration));
    },
  }, stateBeforeNewest && structuredClone(stateBeforeNewest));
  return [...notices.values()];
}
