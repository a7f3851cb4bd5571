// The one place that writes into a migrations folder runs through here: take the folder's lock
// (waiting briefly for another run), remove what interrupted runs left, then read, plan and
// write with the lock held, so that the second of two concurrent runs plans from the folders the
// first one wrote and writes nothing twice. Ctrl-C and SIGTERM release the lock (io/interrupt.ts).
import { relative } from "node:path";
import { acquireLock, LockBusyError, type HeldLock } from "./migrations-lock.js";
import { cleanLeftovers, type Leftover } from "./leftovers.js";
import { withInterruptCleanup } from "./interrupt.js";
import { workPathsFor } from "./work-paths.js";
import { notices } from "../messages/notices.js";
import { UserError } from "../messages/user-error.js";

/** How long a run waits for another one writing into the same migrations folder. */
export const LOCK_WAIT_MS = 10_000;

/** Runs `work` as the only writer of `migrationsDir`; it receives the lines about cleaned leftovers. */
export async function withMigrationsLock<T>(migrationsDir: string, cwd: string, work: (lines: string[]) => T | Promise<T>): Promise<T> {
  let lock: HeldLock | null = null;
  return withInterruptCleanup(() => lock?.release(), async () => {
    const path = workPathsFor(migrationsDir).lock;
    try {
      lock = await acquireLock(path, { waitMs: LOCK_WAIT_MS });
    } catch (error) {
      if (error instanceof LockBusyError) throw new UserError(notices.lockBusy(relative(cwd, path), error.owner, LOCK_WAIT_MS));
      throw error;
    }
    const lines = cleanLeftovers(migrationsDir).map((l) => leftoverLine(l, cwd));
    return work(lines);
  });
}

function leftoverLine(leftover: Leftover, cwd: string): string {
  const shown = relative(cwd, leftover.path);
  if (leftover.kind === "staging") return notices.stagingRemoved(shown);
  return leftover.removed ? notices.oldTempRemoved(shown) : notices.oldTempInUse(shown, leftover.pid!);
}
