// The events fixture (a partitioned table, issue 13): rows in every partition, writers through the
// parent that note any lock wait during an index build, and the catalog facts the tests check.
import pg from "pg";
import type { Project } from "./project.js";

const PER_PARTITION = 40_000;

/** Rows in every partition: account_id unique, so (account_id, day) is. */
export async function seedEvents(p: Project, perPartition = PER_PARTITION) {
  await p.sql(`INSERT INTO "event" (account_id, day, kind)
    SELECT g, (ARRAY['2025-01-15', '2025-02-15', '2025-03-15', '2026-06-01'])[1 + g % 4]::date, 'k' || (g % 7)
      FROM generate_series(1, ${perPartition * 4}) g`);
}

/**
 * Two clients inserting through the parent into every partition until stopped; a poller notes each
 * time a writer waits on a lock while an index build runs (pg_stat_progress_create_index).
 */
export function startEventWriters(url: string) {
  let stopped = false;
  const tally = { inserts: 0, duringBuild: 0, waitsDuringBuild: [] as string[], errors: [] as string[], maxLatencyMs: 0 };
  let building = false;
  const poll = (async () => {
    const client = new pg.Client({ connectionString: url, application_name: "poller" });
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query(`SELECT (SELECT count(*)::int FROM pg_stat_progress_create_index) AS builds,
        (SELECT string_agg(query, ' | ') FROM pg_stat_activity WHERE application_name = 'writer' AND wait_event_type = 'Lock') AS waiting`);
      building = rows[0].builds > 0;
      if (building && rows[0].waiting) tally.waitsDuringBuild.push(rows[0].waiting);
      await new Promise((r) => setTimeout(r, 20));
    }
    await client.end();
  })();
  const writers = [1, 2].map(async (w) => {
    const client = new pg.Client({ connectionString: url, application_name: "writer" });
    await client.connect();
    for (let n = 0; !stopped; n++) {
      const wasBuilding = building;
      const started = performance.now();
      try {
        await client.query(`INSERT INTO "event" (account_id, day, kind) VALUES ($1, $2, 'w')`, [w * 10_000_000 + n, ["2025-01-20", "2025-02-20", "2025-03-20", "2027-01-01"][n % 4]]);
        tally.inserts++;
        if (wasBuilding && building) tally.duringBuild++;
      } catch (error) {
        tally.errors.push((error as Error).message);
      }
      tally.maxLatencyMs = Math.max(tally.maxLatencyMs, performance.now() - started);
    }
    await client.end();
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all([poll, ...writers]);
      return tally;
    },
  };
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
