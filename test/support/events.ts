// The events fixture (a partitioned table, issue 13): rows in every partition, writers through the
// parent that note any lock wait during an index build, and the catalog facts the tests check.
import type { Project } from "./project.js";
import { startWriters } from "./writers.js";

const PER_PARTITION = 40_000;

/** Rows in every partition: account_id unique, so (account_id, day) is. */
export async function seedEvents(p: Project, perPartition = PER_PARTITION) {
  await p.sql(`INSERT INTO "event" (account_id, day, kind)
    SELECT g, (ARRAY['2025-01-15', '2025-02-15', '2025-03-15', '2026-06-01'])[1 + g % 4]::date, 'k' || (g % 7)
      FROM generate_series(1, ${perPartition * 4}) g`);
}

/**
 * Two clients inserting through the parent into every partition until stopped; the tally notes each
 * time a writer waits on a lock while an index build runs (pg_stat_progress_create_index).
 */
export function startEventWriters(url: string) {
  const days = ["2025-01-20", "2025-02-20", "2025-03-20", "2027-01-01"];
  return startWriters(url, (w, n) => ({ text: `INSERT INTO "event" (account_id, day, kind) VALUES ($1, $2, 'w')`, values: [w * 10_000_000 + n, days[n % 4]] }));
}

export async function indexValidity(p: Project, names: string[]) {
  const rows = await p.sql<{ name: string; valid: boolean }>(
    `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ANY($1) ORDER BY 1`, [names]);
  return Object.fromEntries(rows.map((r) => [r.name, r.valid]));
}

/** Each partition's index attached to `parent` (pg_inherits), with its validity. */
export async function attachedTo(p: Project, parent: string) {
  return p.sql<{ partition: string; index: string; valid: boolean }>(`
    SELECT t.relname AS partition, c.relname AS index, i.indisvalid AS valid
      FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid JOIN pg_index i ON i.indexrelid = c.oid JOIN pg_class t ON t.oid = i.indrelid
     WHERE h.inhparent = $1::regclass ORDER BY 1`, [parent]);
}
