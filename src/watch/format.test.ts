import { describe, expect, it } from "vitest";
import { barText, buildTitle, formatSession, jsonBuild, oneLine, plainLines, waitingLines } from "./format.js";
import { viewPoll, type BuildRow, type Session } from "./model.js";
import { buildRow } from "./test-rows.js";
import { QUEUED_PHASE } from "./phase.js";

const view = (row: BuildRow) => viewPoll([row], new Map(), 0).views[0]!;

const oldReader: Session = {
  pid: 777,
  xactAgeMs: 123_000,
  state: "idle in transaction",
  query: "SELECT count(*)\n  FROM impression_counter",
  applicationName: "psql",
};

describe("how a build is shown", () => {
  it("writes one plain line with phase, counters, percent and elapsed time", () => {
    expect(plainLines(view(buildRow()))).toEqual([
      '"impression_counter_ad_id_impression_date_key" on public.impression_counter  CREATE INDEX CONCURRENTLY  ' +
        "phase 3/8 first pass: reading the table  blocks 250/1,000  25%  elapsed 4.1s",
    ]);
  });

  it("says that a plain CREATE INDEX blocks writes, and names a build whose index is not known yet", () => {
    const lines = plainLines(view(buildRow({ command: "CREATE INDEX", index: null, tuples: { done: 1_500_000, total: 5_000_000 } })));
    expect(lines[0]).toMatch(/^new index on public\.impression_counter {2}CREATE INDEX {2}first pass: reading the table {2}blocks 250\/1,000 {2}tuples 1,500,000\/5,000,000/);
    expect(lines[1]).toBe('  plain CREATE INDEX: every write to "impression_counter" waits until it ends');
  });

  it("shows the blocking session with its age, state and query, and the old snapshots to end", () => {
    const v = view(buildRow({ phase: "waiting for old snapshots", lockers: { done: 0, total: 2 }, blockers: [oldReader], olderSnapshots: [oldReader, { ...oldReader, pid: 778 }] }));
    expect(formatSession(oldReader)).toBe("pid 777, transaction open 2m03s, idle in transaction, app psql: SELECT count(*) FROM impression_counter");
    expect(waitingLines(v)).toEqual([
      "waiting for pid 777, transaction open 2m03s, idle in transaction, app psql: SELECT count(*) FROM impression_counter",
      "transactions older than the build, still open: pid 777, pid 778. The build cannot finish before they end: " +
        "commit or roll them back (or pg_cancel_backend(pid) / pg_terminate_backend(pid)).",
    ]);
    expect(plainLines(v)[0]).toContain("phase 8/8 waiting for transactions older than the build to end (old snapshots)  transactions 0/2  0.0%");
    expect(barText(v).detail).toMatch(/^waiting for pid 777, .* \(\+1 more\)$/);
  });

  it("reports a wait with no blocking session found, and a queued build", () => {
    const v = view(buildRow({ phase: "waiting for writers before build", waitEvent: "Lock: virtualxid" }));
    expect(waitingLines(v)).toEqual(["waiting (Lock: virtualxid); no blocking session found"]);
    const queued = view(buildRow({ phase: QUEUED_PHASE, command: "CREATE INDEX", blocks: { done: 0, total: 0 }, blockers: [oldReader] }));
    expect(plainLines(queued)[0]).toContain("CREATE INDEX  waiting for a lock on the table before it can start  elapsed 4.1s");
    expect(plainLines(queued).slice(1)).toEqual([
      '  plain CREATE INDEX: every write to "impression_counter" waits until it ends',
      `  waiting for ${formatSession(oldReader)}`,
    ]);
  });

  it("fills the bar line and the JSON object", () => {
    const v = view(buildRow());
    expect(barText(v)).toEqual({
      title: buildTitle(v),
      status: "25%  phase 3/8 first pass: reading the table  elapsed 4.1s",
      detail: "CREATE INDEX CONCURRENTLY  blocks 250/1,000",
    });
    expect(jsonBuild(v)).toMatchObject({ phase: "building index: scanning table", step: 3, percent: 25, etaMs: null, blocks: { done: 250, total: 1000 } });
  });

  it("cuts long queries to one line", () => {
    expect(oneLine("a\n b", 10)).toBe("a b");
    expect(oneLine("x".repeat(20), 10)).toBe(`${"x".repeat(9)}…`);
  });

  it("names a changed index's new definition built under its temporary name", () => {
    expect(buildTitle({ index: "posts_a_idx_pcc_0123abcd", schema: "public", table: "posts" })).toBe('"posts_a_idx_pcc_0123abcd" (new definition of "posts_a_idx") on public.posts');
    expect(buildTitle({ index: "posts_a_idx", schema: "public", table: "posts" })).toBe('"posts_a_idx" on public.posts');
  });
});

describe("a partition's build of a partitioned table's index", () => {
  it("is shown as its change's job: partition position of total, and the time left for all of them", () => {
    const row = buildRow({ table: "event_2025_02", index: "event_2025_02_event_kind_idx_pcp_0123abcd", elapsedMs: 10_000, partitions: { root: "event", done: 1, total: 4, remainingBytes: 2_000, currentBytes: 1_000 } });
    const first = viewPoll([row], new Map(), 0);
    expect(plainLines(first.views[0]!)[0]).toMatch(/ {2}partition 2 of 4 of event$/); // no rate yet: no time left
    const later = viewPoll([{ ...row, blocks: { done: 500, total: 1000 } }], first.samples, 5_000).views[0]!;
    // 250 blocks in 5 s, 500 left: 10 s in this phase; the two partitions after it, twice its size: 2 × (10 + 10) s.
    expect(later.job).toEqual({ root: "event", position: 2, total: 4, etaMs: 50_000 });
    expect(plainLines(later)[0]).toContain("partition 2 of 4 of event, ~50s left for all");
    expect(barText(later).status).toContain("partition 2 of 4 of event");
    expect(jsonBuild(later).partitions).toEqual({ root: "event", position: 2, total: 4, etaMs: 50_000 });
    expect(view(buildRow()).job).toBeNull();
  });
});
