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

/** One line of the summary: a measure, Prisma's own migration beside this generator's, and the goal. */
export interface Target {
  what: string;
  /** Prisma's own migration (A), when the measure has one. */
  prisma: string;
  /** This generator's folders (B), or the generator's own figure. */
  ours: string;
  /** The figure the goal is about (a ratio, a percentage, a time). */
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

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const times = (x: number) => `${x.toFixed(2)}x`;

/** The goals, in one list: write availability beside Prisma's own migration, then the generator's costs. */
export function targets(summaries: readonly MethodSummary[], overhead: OverheadFigures | null): Target[] {
  const out: Target[] = [];
  const get = (m: Method) => summaries.find((s) => s.method === m);
  const a = get("A: prisma");
  const b = get("B: generator");
  const bNo = get("B: generator, no pre-check");
  const noop = get("no-op deploy");
  if (a && bNo) {
    const blocked = a.blockedMs.median / Math.max(bNo.blockedMs.median, 0.001);
    out.push({ what: "writes blocked (longest gap), no pre-check", prisma: `${a.blockedMs.median.toFixed(0)} ms`, ours: `${bNo.blockedMs.median.toFixed(0)} ms`, value: `${blocked.toFixed(0)}x lower`, goal: ">= 100x lower", met: blocked >= 100 });
    const noise = bNo.blockedMs.median / Math.max(bNo.noiseMs.median, 0.001);
    out.push({ what: "writes blocked vs the warm-up's own longest gap", prisma: "", ours: `${bNo.noiseMs.median.toFixed(0)} ms warm-up`, value: times(noise), goal: "<= 2x", met: noise <= 2 });
    if (noop) {
      const vsNoop = bNo.blockedMs.median / Math.max(noop.blockedMs.median, 0.001);
      out.push({ what: "writes blocked vs a deploy with nothing to apply", prisma: "", ours: `${noop.blockedMs.median.toFixed(0)} ms no-op`, value: times(vsNoop), goal: "<= 2x (informative)", met: vsNoop <= 2 });
    }
    out.push({
      what: "writes' throughput during the change, % of warm-up", prisma: `${a.throughputPct.median.toFixed(0)} %`, ours: `${bNo.throughputPct.median.toFixed(0)} %`,
      value: `${(bNo.throughputPct.median - a.throughputPct.median).toFixed(0)} points more`, goal: "higher than Prisma's", met: bNo.throughputPct.median > a.throughputPct.median,
    });
    const deploy = bNo.deployMs.median / a.deployMs.median;
    out.push({ what: "deploy time, no pre-check", prisma: seconds(a.deployMs.median), ours: seconds(bNo.deployMs.median), value: times(deploy), goal: "<= 2.5x", met: deploy <= 2.5 });
    if (b) {
      const withPrecheck = b.deployMs.median / a.deployMs.median;
      out.push({ what: "deploy time, with the pre-check", prisma: seconds(a.deployMs.median), ours: seconds(b.deployMs.median), value: times(withPrecheck), goal: "<= 2.5x", met: withPrecheck <= 2.5 });
      const precheck = b.steps.precheck;
      const build = b.steps.index;
      if (precheck !== undefined && build !== undefined) {
        const ratio = precheck / build;
        out.push({ what: "pre-check step / concurrent build step", prisma: "", ours: `${seconds(precheck)} / ${seconds(build)}`, value: times(ratio), goal: "<= 0.5x", met: ratio <= 0.5 });
      }
    }
  }
  if (overhead) {
    out.push({ what: "generator overhead on prisma generate", prisma: `${overhead.clientOnlyMs.toFixed(0)} ms client only`, ours: `${overhead.clientAndGeneratorMs.toFixed(0)} ms with it`, value: `${overhead.overheadPct.toFixed(1)} %`, goal: "<= 10 %", met: overhead.overheadPct <= 10 });
    if (overhead.cold) {
      const c = overhead.cold;
      out.push({ what: "generator overhead, first run (no replay checkpoint)", prisma: `${overhead.clientOnlyMs.toFixed(0)} ms client only`, ours: `${c.clientAndGeneratorMs.toFixed(0)} ms with it`, value: `${c.overheadPct.toFixed(1)} %`, goal: "<= 10 % (informative)", met: c.overheadPct <= 10 });
    }
    if (overhead.largeHistory) {
      const l = overhead.largeHistory;
      out.push({ what: `replay + plan, ${l.migrations} migrations, first one ${(l.firstBytes / 2 ** 20).toFixed(1)} MB`, prisma: "", ours: `${l.replayPlanMs.toFixed(0)} ms`, value: `${l.replayPlanMs.toFixed(0)} ms`, goal: "<= 1000 ms", met: l.replayPlanMs <= 1000 });
    }
  }
  return out;
}

/** The overhead figures the targets read (medians). */
export interface OverheadFigures {
  clientOnlyMs: number;
  clientAndGeneratorMs: number;
  overheadPct: number;
  /** With the replay checkpoint off, as a project's first `prisma generate`. */
  cold?: { clientAndGeneratorMs: number; overheadPct: number };
  largeHistory: { migrations: number; firstBytes: number; replayPlanMs: number } | null;
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
  return table(["measure", "Prisma's own migration", "prisma-concurrently", "measured", "target", "met"], list.map((t) => [t.what, t.prisma, t.ours, t.value, t.goal, t.met ? "yes" : "MISS"]));
}
