// What one poll of the database says about the index builds in progress, and what `watch` shows
// of each build: the phase in words, its counters, percent, elapsed time and time left. Pure:
// progress rates come from the previous polls, passed in and returned.
import { blocksWrites, phaseInfo, stepLabel, type PhaseInfo } from "./phase.js";

export interface Count {
  done: number;
  total: number;
}

/** Another session, as the build sees it: one it waits for, or one with an older snapshot. */
export interface Session {
  pid: number;
  /** Milliseconds since its transaction began; null outside a transaction. */
  xactAgeMs: number | null;
  /** pg_stat_activity.state, e.g. "idle in transaction". */
  state: string | null;
  query: string | null;
  applicationName: string | null;
}

/**
 * A partition's build of partitioned-index (its `_pcp_` name): the builds of one change as one job.
 * `done`: the other leaf partitions of the root that already have a valid index of this change's
 * kind (name mark, columns, uniqueness, method); `remainingBytes`: the size of the leaves still to
 * build after this one; `currentBytes`: this partition's size.
 */
export interface PartitionJob {
  root: string;
  done: number;
  total: number;
  remainingBytes: number;
  currentBytes: number;
}

/** One build in progress (or queued for its table lock), as read from the database. */
export interface BuildRow {
  pid: number;
  database: string;
  /** CREATE INDEX, CREATE INDEX CONCURRENTLY, REINDEX, REINDEX CONCURRENTLY. */
  command: string;
  /** PostgreSQL's phase name (or QUEUED_PHASE). */
  phase: string;
  schema: string;
  table: string;
  /** Null when neither the catalog nor the query text names it. */
  index: string | null;
  /** Since the session's current query began. */
  elapsedMs: number;
  /** pg_stat_activity.query_start as text: with the pid, which statement of the session this is. */
  statementStart: string;
  blocks: Count;
  tuples: Count;
  lockers: Count;
  /** The session the build waits for right now (current_locker_pid), if any. */
  currentLockerPid: number | null;
  /** pg_stat_activity's wait event, e.g. "Lock: virtualxid". */
  waitEvent: string | null;
  /** Sessions that block it: pg_blocking_pids() and the holder of the lock it waits for. */
  blockers: Session[];
  /** In "waiting for old snapshots": the sessions of its database holding a snapshot older than the build. */
  olderSnapshots: Session[];
  /** A partition's build of a partitioned table's index: its change as one job. */
  partitions?: PartitionJob | null;
}

export interface BuildView {
  /** Identifies a build across polls. */
  key: string;
  pid: number;
  statementStart: string;
  database: string;
  schema: string;
  table: string;
  index: string | null;
  command: string;
  phase: PhaseInfo;
  /** "phase 3/8" for a concurrent build, else "". */
  step: string;
  /** A plain CREATE INDEX: every write to the table waits for it. */
  blocksWrites: boolean;
  blocks: Count;
  tuples: Count;
  lockers: Count;
  /** Progress of the current phase, 0 to 100, or null when the phase has no counter yet. */
  percent: number | null;
  elapsedMs: number;
  /** Estimated time left in the current phase; null until a rate is known. */
  etaMs: number | null;
  waitingFor: Session[];
  olderSnapshots: Session[];
  waitEvent: string | null;
  /** A partition's build: partitions done / total of its change, and the time left for all of them. */
  job: JobView | null;
}

export interface JobView {
  root: string;
  /** This partition's position: the partitions done before it, plus one. */
  position: number;
  total: number;
  /** This build's time left in its phase plus the partitions after it, estimated from their sizes; null until a rate is known. */
  etaMs: number | null;
}

/**
 * The job of a partition's build. The partitions after it are assumed to build at this one's pace
 * per byte: (elapsed + time left in this phase) × their size / this one's size.
 */
export function jobView(job: PartitionJob | null | undefined, elapsedMs: number, etaMs: number | null): JobView | null {
  if (!job) return null;
  const rest = etaMs === null || job.currentBytes <= 0 ? null : ((elapsedMs + etaMs) * job.remainingBytes) / job.currentBytes;
  return { root: job.root, position: Math.min(job.done + 1, job.total), total: job.total, etaMs: rest === null ? null : etaMs! + rest };
}

/** The first poll that saw a build in its current phase: the base of the progress rate. */
export interface PhaseSample {
  phase: string;
  atMs: number;
  done: number;
}

export function buildKey(row: Pick<BuildRow, "pid" | "statementStart" | "schema" | "table" | "index">): string {
  return `${row.pid}@${row.statementStart}:${row.schema}.${row.table}:${row.index ?? ""}`;
}

export function phaseCount(info: PhaseInfo, row: Pick<BuildRow, "blocks" | "tuples" | "lockers">): Count | null {
  const pick = (c: Count) => (c.total > 0 ? c : null);
  switch (info.counter) {
    case "blocks":
      return pick(row.blocks) ?? pick(row.tuples);
    case "tuples":
      return pick(row.tuples) ?? pick(row.blocks);
    case "lockers":
      return pick(row.lockers);
    case "none":
      return null;
  }
}

export function percentOf(count: Count | null): number | null {
  if (!count || count.total <= 0) return null;
  return Math.min(100, Math.max(0, (100 * count.done) / count.total));
}

/** Time left at the rate seen since `sample` (same phase), or null when no progress was seen yet. */
export function estimateLeft(sample: PhaseSample | undefined, phase: string, count: Count | null, nowMs: number): number | null {
  if (!sample || sample.phase !== phase || !count) return null;
  const progressed = count.done - sample.done;
  const elapsed = nowMs - sample.atMs;
  if (progressed <= 0 || elapsed <= 0) return null;
  return Math.max(0, ((count.total - count.done) * elapsed) / progressed);
}

/** The view of a build, and the sample to keep for the next poll. */
export function viewBuild(row: BuildRow, previous: PhaseSample | undefined, nowMs: number): { view: BuildView; sample: PhaseSample } {
  const info = phaseInfo(row.phase);
  const count = phaseCount(info, row);
  const sample = previous && previous.phase === row.phase ? previous : { phase: row.phase, atMs: nowMs, done: count?.done ?? 0 };
  const etaMs = info.waiting ? null : estimateLeft(sample, row.phase, count, nowMs);
  return {
    sample,
    view: {
      key: buildKey(row),
      pid: row.pid,
      statementStart: row.statementStart,
      database: row.database,
      schema: row.schema,
      table: row.table,
      index: row.index,
      command: row.command,
      phase: info,
      step: stepLabel(row.command, info),
      blocksWrites: blocksWrites(row.command),
      blocks: row.blocks,
      tuples: row.tuples,
      lockers: row.lockers,
      percent: percentOf(count),
      elapsedMs: row.elapsedMs,
      etaMs,
      waitingFor: row.blockers,
      olderSnapshots: row.olderSnapshots,
      waitEvent: row.waitEvent,
      job: jobView(row.partitions, row.elapsedMs, etaMs),
    },
  };
}

/** Views of every build of a poll, carrying the phase samples over from the previous poll. */
export function viewPoll(rows: readonly BuildRow[], samples: ReadonlyMap<string, PhaseSample>, nowMs: number) {
  const next = new Map<string, PhaseSample>();
  const views = rows.map((row) => {
    const { view, sample } = viewBuild(row, samples.get(buildKey(row)), nowMs);
    next.set(view.key, sample);
    return view;
  });
  return { views, samples: next };
}
