import { describe, expect, it } from "vitest";
import type { BuildOutcome } from "../messages/watch.js";
import { UserError } from "../messages/user-error.js";
import type { BuildRow } from "./model.js";
import type { BuildSource } from "./poll.js";
import type { Renderer } from "./render.js";
import { watchBuilds, type WatchOptions } from "./run.js";
import { buildRow } from "./test-rows.js";

/** Poll i returns polls[i] (the last one from then on); the clock advances 1 s per poll. */
function scripted(polls: BuildRow[][], opts: { runningUntilPoll?: number; outcome?: BuildOutcome; failAtPoll?: number; deployUntilPoll?: number } = {}) {
  let polled = 0;
  const source: BuildSource = {
    async poll() {
      polled++;
      if (polled === opts.failAtPoll) throw new Error("Connection terminated unexpectedly");
      return polls[Math.min(polled, polls.length) - 1]!;
    },
    stillRunning: async () => polled < (opts.runningUntilPoll ?? 0),
    deploy: async () => (polled < (opts.deployUntilPoll ?? 0) ? 4242 : null),
    outcome: async () => opts.outcome ?? "valid",
  };
  const events: string[] = [];
  const renderer: Renderer = {
    poll: (views) => events.push(`poll ${views.map((v) => v.index).join(",")}`),
    finished: (view, outcome) => events.push(`finished ${view.index} ${outcome}`),
    message: (text) => events.push(text.replace(/^prisma-concurrently watch: /, "")),
    stop: () => events.push("stop"),
  };
  const options = (more: Partial<WatchOptions> = {}): WatchOptions =>
    ({ intervalMs: 1, waitMs: 10_000, lingerMs: 0, once: false, where: "db", renderer, now: () => polled * 1000, ...more });
  return { source, events, options, polls: () => polled };
}

const a = buildRow({ index: "a_key" });
const b = buildRow({ index: "b_key", pid: 5151 });

describe("the watch loop", () => {
  it("reports a build's end only once its statement has ended (PostgreSQL ends the progress report before the commit)", async () => {
    const w = scripted([[a], [], [], []], { runningUntilPoll: 3 });
    const result = await watchBuilds(w.source, w.options());
    expect(w.events).toEqual(["poll a_key", "finished a_key valid", "no index build remains (1 watched).", "stop"]);
    expect(w.polls()).toBe(3);
    expect(result).toEqual({ seen: 1, invalid: 0, exitCode: 0 });
  });

  it("exits 1 when a build it watched left an INVALID index", async () => {
    const w = scripted([[a], []], { outcome: "invalid" });
    expect(await watchBuilds(w.source, w.options())).toEqual({ seen: 1, invalid: 1, exitCode: 1 });
    expect(w.events).toContain("finished a_key invalid");
  });

  it("keeps watching for --linger after the last build, and follows the next one", async () => {
    const w = scripted([[a], [], [b], [], [], [], []]);
    const result = await watchBuilds(w.source, w.options({ lingerMs: 2_000 }));
    expect(w.events.filter((e) => e.startsWith("finished"))).toEqual(["finished a_key valid", "finished b_key valid"]);
    expect(result.seen).toBe(2);
    expect(w.polls()).toBe(5); // b last seen at poll 3 (3 s); gone at 4; poll 5 is 2 s later
  });

  it("follows a deploy from build to build (a pre-check runs between them) and ends when the deploy ends", async () => {
    // poll 1: a; 2-4: between builds (the pre-check of b); 5: b; 6-7: b done, the deploy finishes; 8: lock released
    const w = scripted([[a], [], [], [], [b], [], [], []], { deployUntilPoll: 8 });
    const result = await watchBuilds(w.source, w.options({ lingerMs: 0, waitMs: 1_000 }));
    expect(result.seen).toBe(2);
    expect(w.events).toEqual([
      "a Prisma Migrate command is running (it holds Prisma's migration lock, backend pid 4242); following it until it ends.",
      "poll a_key", "finished a_key valid", "poll b_key", "finished b_key valid",
      "the Prisma Migrate command (backend pid 4242) ended; no index build remains (2 watched).", "stop",
    ]);
    expect(w.polls()).toBe(8);
  });

  it("waits past --wait while a deploy runs before its first build", async () => {
    const w = scripted([[], [], [], [], [a], []], { deployUntilPoll: 6 });
    const result = await watchBuilds(w.source, w.options({ waitMs: 2_000 }));
    expect(result.seen).toBe(1);
    expect(w.events.at(-2)).toMatch(/ended; no index build remains \(1 watched\)/);
  });

  it("a build glimpsed before its index could be named is the same build once named, not one that ended", async () => {
    const unnamed = buildRow({ index: null });
    const w = scripted([[unnamed], [a], []]);
    const result = await watchBuilds(w.source, w.options());
    expect(w.events.filter((e) => e.startsWith("finished"))).toEqual(["finished a_key valid"]);
    expect(result.seen).toBe(1);
  });

  it("gives up after --wait when no build starts, without an error", async () => {
    const w = scripted([[]]);
    const result = await watchBuilds(w.source, w.options({ waitMs: 3_000 }));
    expect(result.exitCode).toBe(0);
    expect(w.events.at(-2)).toMatch(/no index build started within/);
    expect(w.polls()).toBe(3); // the third poll is 3 s after the start
  });

  it("prints one snapshot with --once, even an empty one", async () => {
    const w = scripted([[]]);
    await watchBuilds(w.source, w.options({ once: true }));
    expect(w.events).toEqual(["poll ", "no index build in progress on db.", "stop"]);
  });

  it("stops when aborted (Ctrl-C)", async () => {
    const w = scripted([[a]]);
    const abort = new AbortController();
    const watching = watchBuilds(w.source, w.options({ intervalMs: 60_000, signal: abort.signal }));
    abort.abort();
    expect((await watching).exitCode).toBe(0);
    expect(w.events.at(-1)).toBe("stop");
  });

  it("ends with a message, not a crash, when the connection is lost", async () => {
    const w = scripted([[a]], { failAtPoll: 2 });
    const failure = await watchBuilds(w.source, w.options()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as Error).message).toMatch(/lost the connection to db \(Connection terminated unexpectedly\)\. The builds go on/);
    expect(w.events.at(-1)).toBe("stop");
  });
});
