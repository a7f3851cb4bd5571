// The watch loop: poll, show, notice the builds that ended and how, and decide when to stop.
// While a `prisma migrate deploy` runs (it holds Prisma's advisory lock) it follows the deploy:
// between two builds (a pre-check, an attach) it keeps waiting, and it stops when the deploy ends.
// Otherwise it stops when no build remains after one was seen (after --linger), when none started
// within --wait, after one poll with --once, or when `signal` aborts (Ctrl-C).
import { setTimeout as sleep } from "node:timers/promises";
import { loadParser } from "../sql/parse.js";
import { formatDuration } from "./duration.js";
import { buildTitle } from "./format.js";
import { viewPoll, type BuildView, type PhaseSample } from "./model.js";
import type { BuildSource } from "./poll.js";
import type { Renderer } from "./render.js";
import { watchMessages } from "../messages/watch.js";
import { UserError } from "../messages/user-error.js";

export interface WatchOptions {
  intervalMs: number;
  /** How long to wait for a first build; 0: forever. */
  waitMs: number;
  /** After the last build ends, how long to keep polling for another. */
  lingerMs: number;
  once: boolean;
  /** How the database is named in messages (URL without password). */
  where: string;
  renderer: Renderer;
  signal?: AbortSignal;
  now?: () => number;
}

export interface WatchResult {
  /** Builds seen, by key. */
  seen: number;
  invalid: number;
  /** 0, or 1 when a watched build left an INVALID index. */
  exitCode: number;
}

export async function watchBuilds(source: BuildSource, options: WatchOptions): Promise<WatchResult> {
  const now = options.now ?? Date.now;
  const { renderer, signal } = options;
  // The builds go on without us: a lost connection ends watch with a message, not a stack trace.
  const onDatabase = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw new UserError(watchMessages.connectionLost(options.where, (error as Error).message));
    }
  };
  await loadParser();
  const start = now();
  let samples = new Map<string, PhaseSample>();
  let active = new Map<string, BuildView>();
  const seen = new Set<string>();
  let invalid = 0;
  let lastActiveAt: number | null = null;
  let announced = false;
  /** The deploy being followed (its backend pid), once one was seen. */
  let followed: number | null = null;
  try {
    while (!signal?.aborted) {
      const rows = await onDatabase(() => source.poll());
      const deploy = options.once ? null : await onDatabase(() => source.deploy());
      const at = now();
      if (deploy !== null && deploy !== followed) {
        renderer.message(watchMessages.followingDeploy(deploy));
        followed = deploy;
      }
      const polled = viewPoll(rows, samples, at);
      samples = polled.samples;
      const current = new Map(polled.views.map((v) => [v.key, v]));
      // A build that left the view but whose statement still runs is ending: its outcome comes later.
      const ending = new Map<string, BuildView>();
      for (const [key, view] of active) {
        if (current.has(key)) continue;
        if (namedSince(view, current.values())) {
          seen.delete(key); // the same build, seen before its index could be named
          continue;
        }
        if (await onDatabase(() => source.stillRunning(view))) {
          ending.set(key, view);
          continue;
        }
        const outcome = await onDatabase(() => source.outcome(view));
        if (outcome === "invalid") invalid++;
        const elapsed = formatDuration(view.elapsedMs);
        renderer.finished(view, outcome, watchMessages.finished(buildTitle(view), elapsed, outcome, view.index), new Date(at));
      }
      active = new Map([...ending, ...current]);
      for (const key of current.keys()) seen.add(key);
      if (polled.views.length > 0 || options.once) renderer.poll(polled.views, new Date(at));
      if (options.once) {
        if (polled.views.length === 0) renderer.message(watchMessages.noneNow(options.where));
        break;
      }
      if (active.size > 0) {
        lastActiveAt = at;
      } else if (deploy !== null) {
        // The deploy goes on between builds: the next one may start any moment.
        if (lastActiveAt !== null) lastActiveAt = at;
      } else if (followed !== null) {
        renderer.message(watchMessages.deployEnded(followed, seen.size));
        break;
      } else if (lastActiveAt !== null) {
        if (at - lastActiveAt >= options.lingerMs) {
          renderer.message(watchMessages.allDone(seen.size));
          break;
        }
      } else {
        const wait = formatDuration(options.waitMs);
        if (!announced) renderer.message(watchMessages.waitingForFirst(options.where, options.waitMs, wait));
        announced = true;
        if (options.waitMs > 0 && at - start >= options.waitMs) {
          renderer.message(watchMessages.noneStarted(wait));
          break;
        }
      }
      await sleep(options.intervalMs, { signal }).catch(() => {}); // an abort ends the wait
    }
  } finally {
    renderer.stop();
  }
  return { seen: seen.size, invalid, exitCode: invalid > 0 ? 1 : 0 };
}

/**
 * A build first seen without an index name (its query text not readable yet) that is now seen,
 * in the same statement of the same session on the same table, with one: not a build that ended.
 */
function namedSince(view: BuildView, current: Iterable<BuildView>): boolean {
  if (view.index !== null) return false;
  for (const c of current) if (c.index !== null && c.pid === view.pid && c.statementStart === view.statementStart && c.table === view.table) return true;
  return false;
}
