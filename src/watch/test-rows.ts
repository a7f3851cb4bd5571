// A build row for the unit tests of the watch modules.
import type { BuildRow } from "./model.js";

export function buildRow(overrides: Partial<BuildRow> = {}): BuildRow {
  return {
    pid: 4242,
    database: "app",
    command: "CREATE INDEX CONCURRENTLY",
    phase: "building index: scanning table",
    schema: "public",
    table: "impression_counter",
    index: "impression_counter_ad_id_impression_date_key",
    elapsedMs: 4_100,
    statementStart: "2026-11-24 20:00:00.123456+00",
    blocks: { done: 250, total: 1000 },
    tuples: { done: 0, total: 0 },
    lockers: { done: 0, total: 0 },
    currentLockerPid: null,
    waitEvent: null,
    blockers: [],
    olderSnapshots: [],
    ...overrides,
  };
}
