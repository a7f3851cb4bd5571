// What an interrupted run left behind, found and removed by the next run while it holds the lock:
// - staging folders beside the migrations folder: only the lock holder stages, and the caller
//   holds the lock, so any staging folder found is abandoned;
// - a stale lock file that a run moved aside to take it over, and died before removing;
// - temporary folders `.<folder>.tmp-<pid>` that earlier releases staged in *inside* the
//   migrations folder, which Prisma lists as pending and `migrate deploy` applies: removed unless
//   their process still runs (an old version writing right now), then reported.
// The folders of a set that did reach the migrations folder are kept: the plan completes the set.
import { readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { processAlive } from "./migrations-lock.js";
import { oldTempFolderOf, workPathsFor } from "./work-paths.js";

export interface Leftover {
  path: string;
  kind: "staging" | "old-temp";
  /** false: its process still runs, so it was left in place. */
  removed: boolean;
  pid: number | null;
}

/**
 * The temporary folders an earlier release left inside the migrations folder, without removing
 * them: what plan mode, `plan`, `check` and `doctor` report (only a writing run cleans).
 */
export function oldTempFolders(migrationsDir: string): string[] {
  return readdirSync(migrationsDir).filter((entry) => oldTempFolderOf(entry) !== null);
}

/** Whether an interrupted run left anything that a writing run cleans (then it takes the lock even with nothing to write). */
export function hasLeftovers(migrationsDir: string): boolean {
  const paths = workPathsFor(migrationsDir);
  const besides = readdirSync(dirname(resolve(migrationsDir))).some((entry) => paths.isStaging(entry) || paths.asideLockPid(entry) !== null);
  return besides || oldTempFolders(migrationsDir).length > 0;
}

export function cleanLeftovers(migrationsDir: string, isAlive: (pid: number) => boolean = processAlive): Leftover[] {
  const found: Leftover[] = [];
  const parent = dirname(resolve(migrationsDir));
  const paths = workPathsFor(migrationsDir);
  for (const entry of readdirSync(parent)) {
    const asidePid = paths.asideLockPid(entry);
    if (asidePid !== null && asidePid !== process.pid && !isAlive(asidePid)) rmSync(join(parent, entry), { force: true }); // not worth a line
    if (!paths.isStaging(entry)) continue;
    const path = join(parent, entry);
    rmSync(path, { recursive: true, force: true });
    found.push({ path, kind: "staging", removed: true, pid: null });
  }
  for (const entry of readdirSync(migrationsDir)) {
    const temp = oldTempFolderOf(entry);
    if (!temp) continue;
    const path = join(migrationsDir, entry);
    const running = temp.pid !== process.pid && isAlive(temp.pid);
    if (!running) rmSync(path, { recursive: true, force: true });
    found.push({ path, kind: "old-temp", removed: !running, pid: temp.pid });
  }
  return found;
}
