// The figures of one schema change deployed under writers, and the table that sets two such runs
// side by side (the demo's "Prisma's migration | prisma-concurrently"). Pure.
import { longestGap, maximum } from "./stats.js";
import type { WriteLog } from "./writers.js";

export interface ChangeFigures {
  /** Wall time of `prisma migrate deploy`. */
  deployMs: number;
  /** The longest stretch of the deploy in which no write completed. */
  blockedMs: number;
  /** Writes completed while the deploy ran. */
  writes: number;
  /** The longest time one write took, of those in flight during the deploy. */
  longestWaitMs: number;
}

/** The figures of the deploy that ran from `start` to `end` (performance.now() of the writers' clock). */
export function changeFigures(log: Pick<WriteLog, "completions" | "completedBetween" | "latenciesOverlapping">, start: number, end: number): ChangeFigures {
  const latencies = log.latenciesOverlapping(start, end);
  return {
    deployMs: end - start,
    blockedMs: longestGap(log.completions(), start, end),
    writes: log.completedBetween(start, end),
    longestWaitMs: latencies.length ? maximum(latencies) : 0,
  };
}

/** "72 ms" below a second, "3.9 s" from there. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function writesText(f: ChangeFigures): string {
  const perSecond = f.deployMs > 0 ? Math.round((f.writes * 1000) / f.deployMs) : 0;
  return `${f.writes.toLocaleString("en-US")} (${perSecond.toLocaleString("en-US")}/s)`;
}

const ROWS: ReadonlyArray<[string, (f: ChangeFigures) => string]> = [
  ["writes blocked (longest stretch without one)", (f) => duration(f.blockedMs)],
  ["writes completed during the deploy", writesText],
  ["longest wait of one write", (f) => duration(f.longestWaitMs)],
  ["deploy time (prisma migrate deploy)", (f) => duration(f.deployMs)],
];

/** One column per run, its label on top; values right-aligned under it. */
export function sideBySide(runs: ReadonlyArray<{ label: string; figures: ChangeFigures }>): string {
  const cells = runs.map((r) => [r.label, ...ROWS.map(([, value]) => value(r.figures))]);
  const widths = cells.map((column) => Math.max(...column.map((c) => c.length)));
  const nameWidth = Math.max(...ROWS.map(([name]) => name.length));
  const line = (name: string, i: number) => [name.padEnd(nameWidth), ...cells.map((column, c) => column[i]!.padStart(widths[c]!))].join("   ").trimEnd();
  return ["", ...ROWS.map(([name]) => name)].map(line).join("\n");
}
