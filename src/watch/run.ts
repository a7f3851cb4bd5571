// The watch loop: poll, show, notice the builds that ended and how, and decide when to stop.
// Stops when no build remains after one was seen (after --linger), when none started within
// --wait, after one poll with --once, or when `signal` aborts (Ctrl-C).
import type pg from "pg";
import { loadParser } from "../sql/parse.js";
import { formatDuration } from "./duration.js";
import { buildTitle } from "./format.js";
import { viewPoll, type BuildView, type PhaseSample } from "./model.js";
import { buildOutcome, pollBuilds } from "./poll.js";
import type { Renderer } from "./render.js";
import { watchMessages } from "../messages/watch.js";

export interface WatchOptions {
  intervalMs: number;
  /** How long to wait for a first build; 0: forever. */
  waitMs: number;
  /** After the last build ends, how long to keep polling for another. */
  lingerMs: number;
  once: boolean;
  /** Only builds on this database; null: every database. */
  database: string | null;
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

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

export async function watchBuilds(client: pg.Client, options: WatchOptions): Promise<WatchResult> {
  const now = options.now ?? Date.now;
  const { renderer, signal } = options;
  await loadParser();
  const start = now();
  let samples = new Map<string, PhaseSample>();
  let active = new Map<string, BuildView>();
  const seen = new Set<string>();
  let invalid = 0;
  let lastActiveAt: number | null = null;
  let announced = false;
  try {
    while (!signal?.aborted) {
      const rows = await pollBuilds(client, options.database);
      const at = now();
      const polled = viewPoll(rows, samples, at);
      samples = polled.samples;
      const current = new Map(polled.views.map((v) => [v.key, v]));
      for (const [key, view] of active) {
        if (current.has(key)) continue;
        const outcome = await buildOutcome(client, view);
        if (outcome === "invalid") invalid++;
        const elapsed = formatDuration(view.elapsedMs);
        renderer.finished(view, outcome, watchMessages.finished(buildTitle(view), elapsed, outcome, view.index), new Date(at));
      }
      active = current;
      for (const key of current.keys()) seen.add(key);
      if (polled.views.length > 0 || options.once) renderer.poll(polled.views, new Date(at));
      if (options.once) {
        if (polled.views.length === 0) renderer.message(watchMessages.noneNow(options.where));
        break;
      }
      if (polled.views.length > 0) {
        lastActiveAt = at;
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
      await sleep(options.intervalMs, signal);
    }
  } finally {
    renderer.stop();
  }
  return { seen: seen.size, invalid, exitCode: invalid > 0 ? 1 : 0 };
}
