// One writer per migrations folder. The lock is a file created with O_EXCL (`wx`) that holds the
// owner's pid, host name and start time. A holder killed with SIGKILL cannot remove it, so a
// waiter judges it: on the same host a lock whose process is gone is stale and is taken over at
// once; a lock from another host (a container sharing the folder) is stale after STALE_FOREIGN_MS.
// Taking over renames the stale file away first (one atomic step), so two waiters cannot both
// remove it and both create their own.
import { hostname } from "node:os";
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
}

export interface HeldLock {
  path: string;
  owner: LockOwner;
  /** Removes the lock file if it is still this run's. Safe to call twice. */
  release(): void;
}

/** Who holds the lock when waiting gave up; the caller turns it into a message. */
export class LockBusyError extends Error {
  constructor(readonly path: string, readonly owner: LockOwner | null) {
    super(`lock ${path} is held by ${owner ? `pid ${owner.pid} on ${owner.host}` : "an unknown process"}`);
  }
}

export interface LockOptions {
  /** How long to wait for a live holder before giving up. */
  waitMs: number;
  pollMs?: number;
  /** Whether a process of this host runs (tests inject it). */
  isAlive?: (pid: number) => boolean;
  now?: () => Date;
}

/** A lock file from another host older than this is taken for the leftover of a crashed run (holds last well under a second). */
export const STALE_FOREIGN_MS = 10 * 60 * 1000;
/** An empty lock file (its owner died between creating and writing it) younger than this may still be being written. */
const EMPTY_GRACE_MS = 2000;

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // it exists, owned by someone else
  }
}

export function parseOwner(text: string): LockOwner | null {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    return typeof owner.pid === "number" && typeof owner.host === "string" && typeof owner.since === "string" ? (owner as LockOwner) : null;
  } catch {
    return null;
  }
}

/** The `since` of every lock this process holds right now: a lock file naming this pid is stale unless it is one of them. */
const heldHere = new Set<string>();

/**
 * Whether the lock whose content is `owner` was left by a run that no longer runs. One naming this
 * very process that this process does not hold is stale too: pids repeat (a container's run often
 * has the same small pid as the crashed one before it).
 */
export function isStale(owner: LockOwner | null, ageMs: number, options: Pick<LockOptions, "isAlive">): boolean {
  if (!owner) return ageMs > EMPTY_GRACE_MS;
  if (owner.host === hostname() && owner.pid === process.pid) return !heldHere.has(owner.since);
  if (owner.host === hostname()) return !(options.isAlive ?? processAlive)(owner.pid);
  return ageMs > STALE_FOREIGN_MS;
}

function tryCreate(path: string, owner: LockOwner): boolean {
  try {
    writeFileSync(path, JSON.stringify(owner), { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** Moves a stale lock out of the way; puts it back when it turned out to be a fresh one. */
function breakStale(path: string, seen: string): void {
  const aside = `${path}.stale-${process.pid}`; // see work-paths.ts asideLockPid
  try {
    renameSync(path, aside);
  } catch {
    return; // gone already: another waiter took it over
  }
  let content = "";
  try {
    content = readFileSync(aside, "utf8");
  } catch {
    // unreadable: treat as the stale one
  }
  if (content !== seen) {
    try {
      linkSync(aside, path); // another waiter's fresh lock: give it back
    } catch {
      // a third run holds the lock now; the one we moved has lost it (see the header comment)
    }
  }
  unlinkSync(aside);
}

export async function acquireLock(path: string, options: LockOptions): Promise<HeldLock> {
  const now = options.now ?? (() => new Date());
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: now().toISOString() };
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    if (tryCreate(path, owner)) break;
    let seen = "";
    let ageMs = 0;
    try {
      seen = readFileSync(path, "utf8");
      ageMs = now().getTime() - statSync(path).mtimeMs;
    } catch {
      continue; // released meanwhile: try again at once
    }
    const current = parseOwner(seen);
    if (isStale(current, ageMs, options)) {
      breakStale(path, seen);
      continue;
    }
    if (Date.now() >= deadline) throw new LockBusyError(path, current);
    await sleep(options.pollMs ?? 100);
  }
  let held = true;
  heldHere.add(owner.since);
  return {
    path,
    owner,
    release() {
      if (!held) return;
      held = false;
      heldHere.delete(owner.since);
      let current: LockOwner | null = null;
      try {
        current = parseOwner(readFileSync(path, "utf8"));
      } catch {
        return; // taken over as stale by another run: not ours to remove
      }
      if (current && current.pid === owner.pid && current.host === owner.host && current.since === owner.since) unlinkSync(path);
    },
  };
}
