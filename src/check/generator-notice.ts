// At `prisma generate`: a blocking index statement on an existing table in one of the newest
// migrations (typically what `prisma migrate dev` just wrote) gets a line with the `fix` command.
// The statements are those the catalog's operations recognise (their rules): CREATE UNIQUE INDEX,
// CREATE INDEX, DROP INDEX, and DROP INDEX of a constraint's index (the 2BP01 trap: the deploy would fail).
import { join } from "node:path";
import type { MigrationFile } from "../core/replay.js";
import type { AppliedState } from "../core/state.js";
import { checkMessages } from "../messages/check.js";
import { operationRules } from "./rules/index.js";
import { walkHistory } from "../core/replay.js";

/** How many of the newest migration folders the generator looks at. */
export const NEWEST_MIGRATIONS = 3;

/**
 * One line per migration (`fix` moves all its statements at once), naming its first blocking statement.
 * `stateBeforeNewest`, the state before the newest migrations (replayHistory's `stateBeforeLast`),
 * saves replaying the whole history a second time; without it the history is replayed here.
 */
export function blockingNotices(history: readonly MigrationFile[], shownDir: string, stateBeforeNewest?: AppliedState): string[] {
  const newest = new Set(history.slice(-NEWEST_MIGRATIONS).map((m) => m.name));
  const notices = new Map<string, string>();
  const walked = stateBeforeNewest ? history.slice(-NEWEST_MIGRATIONS) : history;
  const rules = operationRules();
  walkHistory(walked, {
    statement(ctx) {
      if (!newest.has(ctx.migration) || notices.has(ctx.migration)) return;
      for (const rule of rules) {
        if (ctx.suppressed.has(rule.id)) continue;
        const message = rule.notice ? rule.notice(ctx) : rule.check(ctx)[0]?.message;
        if (!message) continue;
        notices.set(ctx.migration, checkMessages.generatorNotice(join(shownDir, ctx.migration, "migration.sql"), ctx.statement.line, message, ctx.migration));
        return;
      }
    },
  }, stateBeforeNewest && structuredClone(stateBeforeNewest));
  return [...notices.values()];
}
