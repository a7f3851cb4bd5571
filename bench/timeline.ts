// A timeline of completed writes, one text row per run on a shared time scale, drawn with block
// characters only (no colours, no cursor moves), so it reads the same in a terminal and in a
// plain CI log. A stretch where no write completed is drawn as a flat line of "_". Pure.
import { percentile } from "./stats.js";

export interface TimelineRun {
  label: string;
  /** Completion times of the writes (ms, any order). */
  completions: readonly number[];
  /** The window drawn (ms, same clock): each run's row starts at its own `from`. */
  from: number;
  to: number;
}

export interface TimelineOptions {
  /** Columns for the longest run at most (default 56: with a label, a line of 80 characters). */
  width?: number;
}

/** Heights of a column with writes, lowest to highest; "▁" is left out as it looks like NONE. */
const LEVELS = ["▂", "▃", "▄", "▅", "▆", "▇", "█"] as const;
const NONE = "_";
/** An axis label every this many columns. */
const TICK_EVERY = 10;
/** Column lengths whose tick spacing reads as round seconds: 0.5 s, 1 s, 1.5 s, 2 s, 2.5 s, 3 s… */
const NICE_BIN_MS = [50, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 2500, 3000, 5000, 10_000, 20_000, 25_000, 50_000, 100_000];
/** The count drawn as a full block: this percentile of the columns with writes; higher ones are full too. */
const FULL_AT_PERCENTILE = 75;

/** The shortest nice column length that fits `spanMs` into `width` columns. */
export function binLength(spanMs: number, width: number): number {
  const wanted = spanMs / Math.max(1, width);
  return NICE_BIN_MS.find((b) => b >= wanted) ?? Math.ceil(wanted / 100_000) * 100_000;
}

/**
 * Writes completed in each column of [from, to): `round(span / bin)` columns (at least one), the
 * last one stretched or shrunk to end at `to`. Counts are per `binMs`, so a last column that
 * covers less (or more) time than the others is not drawn lower (or higher) for that alone.
 */
export function writesPerColumn(completions: readonly number[], from: number, to: number, binMs: number): number[] {
  const columns = Math.max(1, Math.round((to - from) / binMs));
  const counts = new Array<number>(columns).fill(0);
  for (const at of completions) {
    if (at < from || at >= to) continue;
    counts[Math.min(columns - 1, Math.floor((at - from) / binMs))]!++;
  }
  const lastMs = to - from - (columns - 1) * binMs;
  if (lastMs > 0) counts[columns - 1] = (counts[columns - 1]! * binMs) / lastMs;
  return counts;
}

/**
 * The count drawn as a full block: not the maximum, as one burst (writes released at once after
 * a wait) would flatten every other column; the FULL_AT_PERCENTILE-th of the columns with writes.
 */
export function fullBlockCount(counts: readonly number[]): number {
  const some = counts.filter((c) => c > 0);
  return some.length ? Math.max(1, percentile(some, FULL_AT_PERCENTILE)) : 0;
}

/** One character per column: NONE for zero, else a block as high as the count against `max`. */
export function bars(counts: readonly number[], max: number): string {
  return counts.map((c) => (c <= 0 || max <= 0 ? NONE : LEVELS[Math.min(LEVELS.length, Math.ceil((c / max) * LEVELS.length)) - 1])).join("");
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

/** The axis under the rows: a label every TICK_EVERY columns, starting at 0 s. */
function axis(columns: number, binMs: number): string {
  let line = "";
  for (let col = 0; col < columns; col += TICK_EVERY) line = line.padEnd(col) + seconds(col * binMs);
  return line;
}

/**
 * The runs as aligned rows under one legend, on one time and one height scale:
 *
 *   Writes completed per 0.25 s (█ = 40 or more, _ = none), from the start of each run:
 *   Prisma's migration   ▇█▇▇▆▇▇█▇▆▂____________▃▇█▇
 *   prisma-concurrently  ▇▇█▇▆▇▇▇▆▇▇▆▇▆▆▇▇▇▆▇▆▇▇▆▇▆▇▇▆▇
 *                        0 s       2.5 s     5 s
 */
export function drawTimeline(runs: readonly TimelineRun[], options: TimelineOptions = {}): string {
  const width = options.width ?? 56;
  const longest = Math.max(1, ...runs.map((r) => r.to - r.from));
  const binMs = binLength(longest, width);
  const counts = runs.map((r) => writesPerColumn(r.completions, r.from, r.to, binMs));
  const max = fullBlockCount(counts.flat());
  const labelWidth = Math.max(0, ...runs.map((r) => r.label.length)) + 2;
  const columns = Math.max(1, ...counts.map((c) => c.length));
  const full = max > 0 ? `${LEVELS[LEVELS.length - 1]} = ${Math.round(max)} or more` : "no writes";
  return [
    `Writes completed per ${seconds(binMs)} (${full}, ${NONE} = none), from the start of each run:`,
    ...runs.map((r, i) => `${r.label.padEnd(labelWidth)}${bars(counts[i]!, max)}`),
    `${" ".repeat(labelWidth)}${axis(columns, binMs)}`,
  ].join("\n");
}
