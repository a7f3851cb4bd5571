import { describe, expect, it } from "vitest";
import { buildKey, estimateLeft, phaseCount, percentOf, viewPoll } from "./model.js";
import { phaseInfo } from "./phase.js";
import { buildRow } from "./test-rows.js";

describe("progress of a build", () => {
  it("measures each phase with its own counter, falling back to the one PostgreSQL fills", () => {
    const row = buildRow({ blocks: { done: 0, total: 0 }, tuples: { done: 30, total: 120 } });
    expect(phaseCount(phaseInfo("building index: loading tuples in tree"), row)).toEqual({ done: 30, total: 120 });
    expect(phaseCount(phaseInfo("building index: scanning table"), row)).toEqual({ done: 30, total: 120 });
    expect(phaseCount(phaseInfo("initializing"), row)).toBeNull();
    expect(phaseCount(phaseInfo("building index: sorting live tuples"), row)).toBeNull(); // tuples_done stays 0 while sorting
    expect(phaseCount(phaseInfo("waiting for old snapshots"), buildRow({ lockers: { done: 1, total: 3 } }))).toEqual({ done: 1, total: 3 });
    expect(percentOf({ done: 1, total: 4 })).toBe(25);
    expect(percentOf({ done: 5, total: 4 })).toBe(100);
    expect(percentOf({ done: 0, total: 0 })).toBeNull();
  });

  it("estimates the time left in a phase from the rate seen since the phase was first polled", () => {
    const sample = { phase: "p", atMs: 1_000, done: 100 };
    expect(estimateLeft(sample, "p", { done: 300, total: 1100 }, 3_000)).toBe(8_000);
    expect(estimateLeft(sample, "q", { done: 300, total: 1100 }, 3_000)).toBeNull();
    expect(estimateLeft(sample, "p", { done: 100, total: 1100 }, 3_000)).toBeNull();
    expect(estimateLeft(undefined, "p", { done: 100, total: 1100 }, 3_000)).toBeNull();
  });

  it("carries samples across polls, restarts them on a phase change, and drops builds that ended", () => {
    const first = viewPoll([buildRow()], new Map(), 10_000);
    expect(first.views[0]).toMatchObject({ percent: 25, etaMs: null, step: "phase 3/8", blocksWrites: false });
    const second = viewPoll([buildRow({ blocks: { done: 500, total: 1000 } })], first.samples, 12_000);
    expect(second.views[0]!.etaMs).toBe(4_000); // 250 blocks in 2 s, 500 to go
    const loading = "building index: loading tuples in tree";
    const third = viewPoll([buildRow({ phase: loading, blocks: { done: 0, total: 0 }, tuples: { done: 10, total: 4000 } })], second.samples, 13_000);
    expect(third.views[0]!.etaMs).toBeNull();
    expect(third.samples.get(buildKey(buildRow()))).toEqual({ phase: loading, atMs: 13_000, done: 10 });
    expect(viewPoll([], third.samples, 14_000).samples.size).toBe(0);
  });

  it("gives no time left while the build waits for other transactions", () => {
    const waiting = buildRow({ phase: "waiting for old snapshots", lockers: { done: 0, total: 2 } });
    const a = viewPoll([waiting], new Map(), 0);
    const b = viewPoll([{ ...waiting, lockers: { done: 1, total: 2 } }], a.samples, 1_000);
    expect(b.views[0]).toMatchObject({ percent: 50, etaMs: null });
  });
});
