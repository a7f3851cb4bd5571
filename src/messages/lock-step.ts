// What the retrying lock step (catalog/sql-shapes.ts) says: the lines of a header that describe its
// waits, and the error it raises when its budget runs out. `doctor` reads that error back from
// Prisma's logs (doctor/cause.ts), so its fixed parts are exported here, once.
import { blocksReads, blocksWrites, type LockTaken } from "../catalog/locks.js";
import type { LockRetry } from "../catalog/sql-shapes.js";

/** How the budget-exhausted error begins, and how each session holding the table is listed in its DETAIL. */
export const LOCK_STEP_ERROR = "prisma-concurrently: gave up waiting for its lock";
export const HOLDER_LINE = "pid ";

const resolveRolledBack = (folder: string) => `npx prisma migrate resolve --rolled-back ${folder}`;
/** A text for PL/pgSQL's format(): `%` is its placeholder. */
const formatSafe = (s: string) => s.replace(/%/g, "%%");

/** Whom a lock request queues in front of while it waits: PostgreSQL's lock queue is first come, first served. */
function queuedBehind(locks: readonly LockTaken[]): string {
  const modes = locks.map((l) => l.mode);
  if (modes.some(blocksReads)) return "every query on the table (reads and writes)";
  if (modes.some(blocksWrites)) return "every write to the table";
  return "only other schema changes, VACUUM and index builds (reads and writes do not conflict with it)";
}

export const lockStepMessages = {
  /** Header lines: how the step waits for its lock, as it really does, and what to do when it gives up. */
  header(lock: LockRetry, locks: readonly LockTaken[], folder: string): string[] {
    return [
      `Lock wait: one attempt waits at most lock_timeout = '${lock.attemptTimeout}' (lockAttemptTimeout); while it waits,`,
      `${queuedBehind(locks)} queues behind it. Then the attempt lets go, waits`,
      `(backoff with jitter) while the queue drains, and tries again, for up to ${lock.retryBudget} in all (lockRetryBudget).`,
      "Each attempt is a subtransaction: a failed one holds nothing. One statement: works whether the engine",
      "sends the file whole or statement by statement.",
      `If it gives up (55P03): nothing was changed; the error names the sessions that held the table. End or wait`,
      `for them, then \`${resolveRolledBack(folder)}\` and \`npx prisma migrate deploy\` (\`npx prisma-concurrently doctor\` explains).`,
    ];
  },

  /** format() template of the error's message: %s = attempts, seconds, the relations. doctor/cause.ts reads it back. */
  error: (lock: LockRetry) => `${formatSafe(LOCK_STEP_ERROR)} after %s attempts (lock_timeout ${formatSafe(lock.attemptTimeout)} each) in %s s: another transaction kept %s locked`,

  /** format() template of one DETAIL line: %s = pid, lock modes, relation, seconds its transaction is open, state, query. */
  holder: () => `${HOLDER_LINE}%s holds %s on %s, transaction open %s s (%s): %s`,

  /** DETAIL when no session holds the table any more when the step gives up. */
  noHolder: () => "No session holds a lock on it now: the transaction that held it ended just as the step gave up.",

  /** Added to the HINT when statement_timeout (%s) would have ended the step before its budget. */
  cutShort: () => " It stopped before lockRetryBudget because statement_timeout is %s on the deploy's connection.",

  /** HINT: the next step. `%s` = the pid of the oldest holder (or "<pid>"). */
  hint(lock: LockRetry, folder: string): string {
    return formatSafe(
      `Nothing was changed; queries queued behind it waited at most ${lock.attemptTimeout} at a time. End the transaction(s) above or wait for them ` +
        "(`SELECT pg_terminate_backend(",
    ) + "%s" + formatSafe(
      ");` ends one), then `" + resolveRolledBack(folder) + "` and `npx prisma migrate deploy`. " +
        "A larger lockRetryBudget in the generator block waits longer next time.",
    );
  },
};
