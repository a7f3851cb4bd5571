// How a build is shown: plain lines (logs, CI), the two lines under a progress bar (terminal), and
// a JSON object (machines). Pure.
import { parseTemporaryName } from "../catalog/temporary-name.js";
import { watchMessages } from "../messages/watch.js";
import { formatDuration } from "./duration.js";
import type { BuildView, Count, Session } from "./model.js";

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

const QUERY_WIDTH = 80;

/** A query on one line, cut to `width` characters. */
export function oneLine(text: string, width = QUERY_WIDTH): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

export function formatSession(s: Session): string {
  const parts = [`pid ${s.pid}`];
  if (s.xactAgeMs !== null) parts.push(`transaction open ${formatDuration(s.xactAgeMs)}`);
  if (s.state) parts.push(s.state);
  if (s.applicationName) parts.push(`app ${s.applicationName}`);
  return `${parts.join(", ")}${s.query ? `: ${oneLine(s.query)}` : ""}`;
}

/**
 * `"index" on schema.table`, or the table alone while the index name is unknown. A changed index's
 * new definition, built under its temporary name (catalog/temporary-name.ts), says whose it is.
 */
export function buildTitle(v: Pick<BuildView, "index" | "schema" | "table">): string {
  const table = `${v.schema}.${v.table}`;
  if (!v.index) return `new index on ${table}`;
  const temporary = parseTemporaryName(v.index);
  return `"${v.index}"${temporary ? ` (new definition of "${temporary.prefix}")` : ""} on ${table}`;
}

function countText(label: string, c: Count): string {
  return `${label} ${formatCount(c.done)}/${formatCount(c.total)}`;
}

/** Counters worth showing: those with a total (in a waiting phase, the transactions waited for only). */
function counters(v: BuildView): string[] {
  if (v.phase.counter === "lockers") return v.lockers.total > 0 ? [countText("transactions", v.lockers)] : [];
  if (v.phase.counter === "none") return v.tuples.total > 0 ? [`${formatCount(v.tuples.total)} tuples`] : [];
  const out: string[] = [];
  if (v.blocks.total > 0) out.push(countText("blocks", v.blocks));
  if (v.tuples.total > 0) out.push(countText("tuples", v.tuples));
  return out;
}

export function percentText(v: BuildView): string {
  return v.percent === null ? "" : `${v.percent.toFixed(v.percent < 10 ? 1 : 0)}%`;
}

export function timeText(v: BuildView): string {
  const left = v.etaMs === null ? "" : `, ~${formatDuration(v.etaMs)} left in this phase`;
  return `elapsed ${formatDuration(v.elapsedMs)}${left}`;
}

/** The phase in words, with its position in a concurrent build. */
export function phaseText(v: BuildView): string {
  return [v.step, v.phase.words].filter(Boolean).join(" ");
}

/** What the build waits for: the blocking sessions, and in "waiting for old snapshots" the older transactions. */
export function waitingLines(v: BuildView): string[] {
  const lines = v.waitingFor.map((s) => watchMessages.waitingFor(formatSession(s)));
  const older = [...new Set([...v.waitingFor, ...v.olderSnapshots].map((s) => s.pid))];
  if (v.phase.raw === "waiting for old snapshots" && older.length > 0) {
    lines.push(watchMessages.olderSnapshots(older.map((pid) => `pid ${pid}`).join(", ")));
  }
  if (lines.length === 0 && v.phase.waiting && v.waitEvent) lines.push(watchMessages.waitingForUnknown(v.waitEvent));
  return lines;
}

/** A partition's build as its change's job: `partition 2 of 4 of public.event, ~3m10s left for all`. */
export function jobText(v: BuildView): string {
  if (!v.job) return "";
  return watchMessages.partitionJob(v.job.position, v.job.total, v.job.root, v.job.etaMs === null ? null : formatDuration(v.job.etaMs));
}

/** One build as plain lines: the summary, then what it waits for, indented. */
export function plainLines(v: BuildView): string[] {
  const head = [buildTitle(v), v.command, phaseText(v), ...counters(v), percentText(v), timeText(v), jobText(v)].filter(Boolean).join("  ");
  const notes = [...(v.blocksWrites ? [watchMessages.blocksWrites(v.table)] : []), ...waitingLines(v)];
  return [head, ...notes.map((n) => `  ${n}`)];
}

/** The text beside a build's progress bar, and the line under it. */
export function barText(v: BuildView): { title: string; status: string; detail: string } {
  const waiting = waitingLines(v);
  const detail = waiting[0] ?? (v.blocksWrites ? watchMessages.blocksWrites(v.table) : [v.command, ...counters(v)].join("  "));
  return {
    title: buildTitle(v),
    status: [percentText(v) || "  -", phaseText(v), timeText(v), jobText(v)].filter(Boolean).join("  "),
    detail: waiting.length > 1 ? `${detail} (+${waiting.length - 1} more)` : detail,
  };
}

/** A build for --json. */
export function jsonBuild(v: BuildView) {
  return {
    pid: v.pid,
    database: v.database,
    schema: v.schema,
    table: v.table,
    index: v.index,
    command: v.command,
    phase: v.phase.raw,
    phaseWords: v.phase.words,
    step: v.phase.step,
    blocksWrites: v.blocksWrites,
    blocks: v.blocks,
    tuples: v.tuples,
    lockers: v.lockers,
    percent: v.percent === null ? null : Math.round(v.percent * 10) / 10,
    elapsedMs: Math.round(v.elapsedMs),
    etaMs: v.etaMs === null ? null : Math.round(v.etaMs),
    waitEvent: v.waitEvent,
    waitingFor: v.waitingFor,
    olderSnapshots: v.olderSnapshots,
    partitions: v.job && { root: v.job.root, position: v.job.position, total: v.job.total, etaMs: v.job.etaMs === null ? null : Math.round(v.job.etaMs) },
  };
}
