import { describe, expect, it } from "vitest";
import { changeFigures, duration, sideBySide } from "./side-by-side.js";
import { WriteLog } from "./writers.js";

function logOf(writes: Array<[number, number]>): WriteLog {
  const log = new WriteLog();
  for (const [start, end] of writes) log.add(start, end);
  return log;
}

describe("side by side figures of a change under writers", () => {
  it("measures the deploy's longest stretch without a completed write, its writes and the longest single wait", () => {
    // Writes every 10 ms, except one that waits from 1000 to 4000 (a lock) while nothing completes.
    const writes: Array<[number, number]> = [];
    for (let t = 0; t < 1000; t += 10) writes.push([t, t + 5]);
    writes.push([1000, 4000]);
    for (let t = 4010; t < 6000; t += 10) writes.push([t, t + 5]);
    const f = changeFigures(logOf(writes), 500, 5500);
    expect(f.deployMs).toBe(5000);
    expect(f.blockedMs).toBe(4000 - 995);
    expect(f.longestWaitMs).toBe(3000);
    expect(f.writes).toBe(50 + 1 + 149);
  });

  it("has no wait and no writes when nothing was written", () => {
    expect(changeFigures(logOf([]), 0, 100)).toEqual({ deployMs: 100, blockedMs: 100, writes: 0, longestWaitMs: 0 });
  });

  it("writes short durations in ms and long ones in seconds", () => {
    expect(duration(72.4)).toBe("72 ms");
    expect(duration(999)).toBe("999 ms");
    expect(duration(3940)).toBe("3.9 s");
  });

  it("sets the runs side by side, one right-aligned column each", () => {
    const text = sideBySide([
      { label: "Prisma's migration", figures: { deployMs: 6200, blockedMs: 3900, writes: 1203, longestWaitMs: 3900 } },
      { label: "prisma-concurrently", figures: { deployMs: 11_400, blockedMs: 72, writes: 8034, longestWaitMs: 71 } },
    ]);
    expect(text.split("\n")).toEqual([
      "                                               Prisma's migration   prisma-concurrently",
      "writes blocked (longest stretch without one)                3.9 s                 72 ms",
      "writes completed during the deploy                  1,203 (194/s)         8,034 (705/s)",
      "longest wait of one write                                   3.9 s                 71 ms",
      "deploy time (prisma migrate deploy)                         6.2 s                11.4 s",
    ]);
  });
});
