import { describe, expect, it } from "vitest";
import { bars, binLength, drawTimeline, fullBlockCount, writesPerColumn } from "./timeline.js";

/** A write every `everyMs` in [from, to). */
const steady = (from: number, to: number, everyMs: number) => Array.from({ length: Math.ceil((to - from) / everyMs) }, (_, i) => from + i * everyMs);

describe("timeline of completed writes", () => {
  it("picks the shortest round column length that fits the longest run into the width", () => {
    expect(binLength(6000, 60)).toBe(100);
    expect(binLength(6001, 60)).toBe(150);
    expect(binLength(14_000, 60)).toBe(250);
    expect(binLength(40_000, 60)).toBe(750);
    expect(binLength(10, 60)).toBe(50);
  });

  it("counts the writes of each column, and a short last column per full column length", () => {
    expect(writesPerColumn([0, 10, 99, 100, 250, 300], 0, 300, 100)).toEqual([3, 1, 1]);
    // 2.5 columns round to 3; the last covers 50 ms: its 1 write counts as 2 per 100 ms.
    expect(writesPerColumn([0, 120, 240], 0, 250, 100)).toEqual([1, 1, 2]);
    expect(writesPerColumn([-5, 50, 1000], 0, 100, 100)).toEqual([1]);
    expect(writesPerColumn([], 0, 0, 100)).toEqual([0]);
  });

  it("draws nothing completed as a flat line, and any write as at least the lowest block", () => {
    expect(bars([0, 1, 50, 100, 0], 100)).toBe("_▂▅█_");
    expect(bars([0, 0], 0)).toBe("__");
  });

  it("draws the usual rate as a full block, so one burst after a wait does not flatten the rest", () => {
    const counts = [40, 30, 0, 0, 400, 39, 40, 41, 40, 39, 40, 40];
    expect(fullBlockCount(counts)).toBe(40);
    expect(bars(counts, fullBlockCount(counts))).toBe("█▇__████████");
    expect(fullBlockCount([0, 0])).toBe(0);
    expect(fullBlockCount([0, 0.4])).toBe(1);
  });

  it("aligns one row per run under a legend, on one time and height scale, with an axis in seconds", () => {
    // Prisma: writes for 1 s, none for 3 s, writes for 1 s. Generator: writes all through 6 s.
    const prisma = [...steady(0, 1000, 10), ...steady(4000, 5000, 10)];
    const generator = steady(10_000, 16_000, 10).map((t) => t + 5);
    const text = drawTimeline([
      { label: "Prisma's migration", completions: prisma, from: 0, to: 5000 },
      { label: "prisma-concurrently", completions: generator, from: 10_000, to: 16_000 },
    ], { width: 60 });
    expect(text.split("\n")).toEqual([
      "Writes completed per 0.1 s (█ = 10 or more, _ = none), from the start of each run:",
      `Prisma's migration   ${"█".repeat(10)}${"_".repeat(30)}${"█".repeat(10)}`,
      `prisma-concurrently  ${"█".repeat(60)}`,
      "                     0 s       1 s       2 s       3 s       4 s       5 s",
    ]);
  });

  it("keeps the rows' characters at one width each, so the rows stay aligned in any log", () => {
    const text = drawTimeline([{ label: "a", completions: [1, 2, 3, 250], from: 0, to: 800 }], { width: 8 });
    const row = text.split("\n")[1]!;
    expect([...row].length).toBe(3 + 8);
    expect(row).toMatch(/^a {2}[_▂▃▄▅▆▇█]{8}$/);
  });

  it("says so when there were no writes at all", () => {
    expect(drawTimeline([{ label: "x", completions: [], from: 0, to: 500 }], { width: 5 })).toBe(
      "Writes completed per 0.1 s (no writes, _ = none), from the start of each run:\nx  _____\n   0 s",
    );
  });
});
