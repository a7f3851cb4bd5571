// Writers that keep inserting while a deploy runs, to show no write waits for an index build: two
// clients insert into a table until stopped; a poller watches pg_stat_progress_create_index, and
// each insert that committed while a build was running (before and after it) is counted.
import pg from "pg";
import { expect } from "vitest";
import type { Project } from "./project.js";

export interface WriterTally {
  inserts: number;
  /** Inserts that started and committed while an index build was running. */
  duringBuild: number;
  /** Writers' queries seen waiting on a lock while a build ran (pg_stat_activity). */
  waitsDuringBuild: string[];
  errors: string[];
  maxLatencyMs: number;
}

/** The insert each writer runs: one statement, or one per writer (1, 2) and iteration (distinct keys). */
export type WriterInsert = string | ((writer: number, n: number) => { text: string; values: unknown[] });

export function startWriters(url: string, insert: WriterInsert) {
  let stopped = false;
  const tally: WriterTally = { inserts: 0, duringBuild: 0, waitsDuringBuild: [], errors: [], maxLatencyMs: 0 };
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
        const query = typeof insert === "string" ? { text: insert, values: [] } : insert(w, n);
        await client.query(query.text, query.values);
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
    async stop(): Promise<WriterTally> {
      stopped = true;
      await Promise.all([poll, ...writers]);
      return tally;
    },
  };
}

/**
 * `migrate deploy` while writers run `insert`: the deploy succeeds, no insert fails, and some
 * commit while an index is being built (none waited for a whole build).
 */
export async function deployUnderWriters(project: Project, insert: string): Promise<WriterTally> {
  const writers = startWriters(project.databaseUrl, insert);
  await new Promise((r) => setTimeout(r, 300));
  const deploy = await project.deploy();
  const tally = await writers.stop();
  expect(deploy.code, deploy.output).toBe(0);
  expect(tally.errors).toEqual([]);
  expect(tally.duringBuild, JSON.stringify(tally)).toBeGreaterThan(0);
  return tally;
}
