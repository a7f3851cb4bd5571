// What the deploy's own session is waiting for, sampled while `prisma migrate deploy` runs: the
// session that holds Prisma Migrate's advisory lock (72707369) in the project's database. A lock
// step that retries shows as waits for a relation lock (wait_event_type Lock) alternating with its
// backoff sleeps (PgSleep).
import pg from "pg";

export interface WaitSample {
  at: number;
  /** `Lock:relation`, `Timeout:PgSleep`, or null when the session is not waiting. */
  wait: string | null;
}

const DEPLOY_WAIT_SQL = `
SELECT a.wait_event_type || ':' || a.wait_event AS wait
  FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
 WHERE l.locktype = 'advisory' AND l.objid = 72707369 AND l.granted AND a.datname = current_database()`;

export async function sampleDeployWaits(url: string, everyMs = 25) {
  const client = new pg.Client({ connectionString: url, application_name: "test-deploy-waits" });
  await client.connect();
  const samples: WaitSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const row = (await client.query<{ wait: string | null }>(DEPLOY_WAIT_SQL)).rows[0];
      if (row) samples.push({ at: performance.now(), wait: row.wait });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    samples,
    /** Resolves once the deploy's session has waited for a relation lock (the lock step started). */
    async lockWaitSeen(timeoutMs = 120_000): Promise<number> {
      const until = performance.now() + timeoutMs;
      for (;;) {
        const seen = samples.find((s) => s.wait === "Lock:relation");
        if (seen) return seen.at;
        if (performance.now() > until) throw new Error("the deploy never waited for a relation lock");
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    /** How many separate lock waits were seen: a wait for a relation lock, then something else, counts once. */
    lockWaits(): number {
      let count = 0;
      let previous: string | null = null;
      for (const s of samples) {
        if (s.wait === "Lock:relation" && previous !== "Lock:relation") count++;
        previous = s.wait;
      }
      return count;
    },
    async stop() {
      running = false;
      await loop;
      await client.end();
    },
  };
}
