// The benchmark's summary: medians with min..max per method, the A/B ratios, and the issue's
// targets with whether they were met. Pure.
import { METHODS, stepKind, type Method, type RunResult } from "./availability.js";
import { spread, type Spread } from "./stats.js";

export interface MethodSummary {
  method: Method;
  runs: number;
  deployMs: Spread;
  sqlMs: Spread;
  writes: Spread;
  throughputPct: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  maxMs: Spread;
  blockedMs: Spread;
  noiseMs: Spread;
  /** Median time of each migration step, by the step's kind (precheck, index, attach, or Prisma's one). */
  steps: Record<string, number>;
  /** Where each run's longest gap fell, e.g. "index", "attach", "outside every migration (CLI, engine)". */
  blockedDuring: string[];
}

export interface Target {
  what: string;
  value: string;
  goal: string;
  met: boolean;
}


export function summarize(runs: readonly RunResult[]): MethodSummary[] {
  return METHODS.flatMap((method) => {
    const mine = runs.filter((r) => r.method === method);
    if (mine.length === 0) return [];
    const of = (pick: (r: RunResult) => number) => spread(mine.map(pick));
    const kinds = [...new Set(mine.flatMap((r) => r.steps.map((s) => stepKind(s.migration))))];
    const steps = Object.fromEntries(kinds.map((k) => [k, spread(mine.flatMap((r) => r.steps.filter((s) => stepKind(s.migration) === k).map((s) => s.ms))).median]));
    return [{
      method,
      runs: mine.length,
      deployMs: of((r) => r.deployMs),
      sqlMs: of((r) => r.sqlMs),
      writes: of((r) => r.during.writes),
      throughputPct: of((r) => r.during.throughputPct),
      p50Ms: of((r) => r.during.p50Ms),
      p99Ms: of((r) => r.during.p99Ms),
      maxMs: of((r) => r.during.maxMs),
      blockedMs: of((r) => r.during.blockedMs),
      noiseMs: of((r) => r.warmup.longestGapMs),
      steps,
      blockedDuring: mine.map((r) => r.blockedAt.during),
    }];
  });
}

export function ratios(summaries: readonly MethodSummary[]) {
  const get = (m: Method) => summaries.find((s) => s.method === m);
  const a = get("A: prisma");
  const b = get("B: generator");
  const bNo = get("B: generator, no pre-check");
  const noop = get("no-op deploy");
  if (!a || !bNo) return null;
  return {
    blockedB: bNo.blockedMs.median,
    blockedAOverB: a.blockedMs.median / Math.max(bNo.blockedMs.median, 0.001),
    blockedBOverNoise: bNo.blockedMs.median / Math.max(bNo.noiseMs.median, 0.001),
    deployBOverA: bNo.deployMs.median / a.deployMs.median,
    sqlBOverA: bNo.sqlMs.median / a.sqlMs.median,
    deployWithPrecheckOverA: b ? b.deployMs.median / a.deployMs.median : null,
    precheckMs: b ? b.steps.precheck ?? null : null,
    /** The longest gap while the Prisma CLI runs with nothing to apply: the noise of deploying at all. */
    noopDeployBlockedMs: noop ? noop.blockedMs.median : null,
  };
}

export function targets(r: NonNullable<ReturnType<typeof ratios>>): Target[] {
  return [
    { what: "blocked time, B (no pre-check) vs its warm-up noise", value: `${r.blockedBOverNoise.toFixed(2)}x`, goal: "<= 2x", met: r.blockedBOverNoise <= 2 },
    { what: "blocked time, A vs B (no pre-check)", value: `${r.blockedAOverB.toFixed(0)}x lower`, goal: ">= 100x lower", met: r.blockedAOverB >= 100 },
    ...(r.noopDeployBlockedMs === null ? [] : [{
      what: "blocked time, B (no pre-check) vs a no-op deploy's longest gap", value: `${(r.blockedB / Math.max(r.noopDeployBlockedMs, 0.001)).toFixed(2)}x`,
      goal: "<= 2x (informative)", met: r.blockedB <= 2 * r.noopDeployBlockedMs,
    }]),
    { what: "deploy time, B (no pre-check) vs A", value: `${r.deployBOverA.toFixed(2)}x`, goal: "<= 2.5x", met: r.deployBOverA <= 2.5 },
    { what: "SQL time (_prisma_migrations), B (no pre-check) vs A", value: `${r.sqlBOverA.toFixed(2)}x`, goal: "<= 2.5x (informative)", met: r.sqlBOverA <= 2.5 },
  ];
}

const fmt = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : "-");

/** "12.3 (11.0..14.1)", or the value alone for one run. */
export function formatSpread(s: Spread, digits = 0, scale = 1): string {
  const m = fmt(s.median * scale, digits);
  return s.min === s.max ? m : `${m} (${fmt(s.min * scale, digits)}..${fmt(s.max * scale, digits)})`;
}

/** A Markdown table, columns padded. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

export function availabilityTable(summaries: readonly MethodSummary[]): string {
  return table(
    ["method", "runs", "deploy s", "SQL s", "writes during SQL", "throughput % of warm-up", "p50 ms", "p99 ms", "max ms", "blocked ms", "noise floor ms", "longest gap during"],
    summaries.map((s) => [
      s.method, String(s.runs), formatSpread(s.deployMs, 2, 1 / 1000), formatSpread(s.sqlMs, 2, 1 / 1000), formatSpread(s.writes),
      formatSpread(s.throughputPct), formatSpread(s.p50Ms, 2), formatSpread(s.p99Ms, 1), formatSpread(s.maxMs, 0),
      formatSpread(s.blockedMs, 0), formatSpread(s.noiseMs, 0), [...new Set(s.blockedDuring)].join(", "),
    ]),
  );
}

export function stepsTable(summaries: readonly MethodSummary[]): string {
  return table(["method", "step", "median s"], summaries.flatMap((s) => Object.entries(s.steps).map(([k, ms]) => [s.method, k, (ms / 1000).toFixed(2)])));
}

export function targetsTable(list: readonly Target[]): string {
  return table(["target", "measured", "goal", "met"], list.map((t) => [t.what, t.value, t.goal, t.met ? "yes" : "NO"]));
}
