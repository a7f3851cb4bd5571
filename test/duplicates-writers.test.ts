// The product's promise under load (issue 4): while `prisma migrate deploy` applies the
// generator's folders (pre-check, concurrent build, attach) on a table of 300,000 rows, several
// pg clients keep writing: inserts of new keys and counter updates the whole time, and, from the
// moment the index is valid, inserts and upserts of keys that already exist. Proven:
//   - no write is lost: every insert of a new key and every update committed, and is in the table;
//   - writes go on during the build itself (seen in pg_stat_progress_create_index);
//   - an existing key inserted before the deploy goes in (no constraint yet: the window the product
//     does not cover), and once the index is valid every such insert fails with 23505 on the index;
//   - at the end the row count, the key set and the counter total are exactly what the writers did.
// Bounded: the writers stop by themselves once the deploy is done and the duplicate inserters have
// had their turn, or at a deadline.
import { addAdDateUnique, seedImpressions, AD_DATE_UNIQUE as UNIQUE } from "./support/ads.js";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { indexesOf } from "./support/database.js";
import { makeProject, one, type Project } from "./support/project.js";

const SEED_ROWS = 300_000;
const DEADLINE_MS = 120_000;
/** Writer-owned keys live from this date on, so they never meet the seeded ones or each other. */
const NEW_KEYS_FROM = "2200-01-01";


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const randomSeededId = () => 1 + Math.floor(Math.random() * SEED_ROWS);
/** Seeded row g has ad_id 1 + g % 100 and impression_date 2000-01-01 + g / 100 days. */
const seededKey = (g: number) => ({ ad: 1 + (g % 100), day: Math.floor(g / 100) });

interface Timed {
  at: number;
}

class Tally {
  inserted = new Set<string>();
  insertTimes: Timed[] = [];
  insertErrors: string[] = [];
  updates = 0;
  updateTimes: Timed[] = [];
  updateMisses = 0;
  duplicateRejected = 0;
  duplicateAccepted: string[] = [];
  duplicateOtherErrors: string[] = [];
  upserts = 0;
  maxLatencyMs = 0;
  note(startedAt: number) {
    const now = performance.now();
    this.maxLatencyMs = Math.max(this.maxLatencyMs, now - startedAt);
    return now;
  }
}

async function connect(url: string) {
  const client = new pg.Client({ connectionString: url, application_name: "writer" });
  await client.connect();
  return client;
}

describe.each(one)("writers during the whole deploy: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it("loses no write, lets no duplicate in once the index is valid, and ends with exactly what the writers did", async () => {
    project = await makeProject("ads", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
    expect((await project.deploy()).code).toBe(0);
    await seedImpressions(project, SEED_ROWS, { firstDay: "2000-01-01", zeroCounters: true });
    await project.sql("ANALYZE impression_counter");
    project.editSchema(addAdDateUnique);
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    expect(project.migrations().filter((m) => m.includes("_concurrently_"))).toHaveLength(3);

    const url = project.databaseUrl;
    // Before the deploy an existing key goes in: there is no constraint yet (rolled back, to keep the data clean).
    const probe = await connect(url);
    await probe.query("BEGIN");
    await probe.query(`INSERT INTO impression_counter (ad_id, impression_date, counter) VALUES (1, DATE '2000-01-01', 0)`);
    await probe.query("ROLLBACK");
    await probe.end();

    const tally = new Tally();
    const started = performance.now();
    let stop = false;
    let deployDone = false;
    const state = { buildFirstSeen: 0, buildLastSeen: 0, validAt: 0 };

    // Watches the build's progress and the index's validity.
    const monitor = (async () => {
      const client = await connect(url);
      try {
        while (!stop) {
          const { rows } = await client.query<{ building: boolean; valid: boolean | null }>(
            `SELECT EXISTS (SELECT 1 FROM pg_stat_progress_create_index WHERE relid = 'impression_counter'::regclass) AS building,
                    (SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass($1)) AS valid`,
            [`"${UNIQUE}"`],
          );
          const now = performance.now();
          if (rows[0]!.building) {
            state.buildFirstSeen ||= now;
            state.buildLastSeen = now;
          }
          if (rows[0]!.valid && !state.validAt) state.validAt = now;
          await sleep(10);
        }
      } finally {
        await client.end();
      }
    })();

    const newKeyInserter = async (w: number) => {
      const client = await connect(url);
      try {
        for (let i = 0; !stop; i++) {
          const ad = 1 + (i % 100);
          const day = w * 1_000_000 + Math.floor(i / 100);
          const t0 = performance.now();
          try {
            await client.query(`INSERT INTO impression_counter (ad_id, impression_date, counter) VALUES ($1, DATE '${NEW_KEYS_FROM}' + $2::int, 1)`, [ad, day]);
            tally.inserted.add(`${ad}|${day}`);
            tally.insertTimes.push({ at: tally.note(t0) });
          } catch (error) {
            tally.insertErrors.push((error as Error).message);
          }
        }
      } finally {
        await client.end();
      }
    };

    const updater = async () => {
      const client = await connect(url);
      try {
        while (!stop) {
          const t0 = performance.now();
          const r = await client.query(`UPDATE impression_counter SET counter = counter + 1 WHERE id = $1`, [randomSeededId()]);
          if (r.rowCount === 1) {
            tally.updates++;
            tally.updateTimes.push({ at: tally.note(t0) });
          } else tally.updateMisses++;
        }
      } finally {
        await client.end();
      }
    };

    /** From the moment the index is valid: inserts of existing keys (must fail, 23505) and upserts of them (must increment). */
    const duplicateInserter = async () => {
      const client = await connect(url);
      try {
        while (!stop && !state.validAt) await sleep(5);
        while (!stop) {
          const { ad, day } = seededKey(randomSeededId() - 1);
          try {
            await client.query(`INSERT INTO impression_counter (ad_id, impression_date, counter) VALUES ($1, DATE '2000-01-01' + $2::int, 1000000)`, [ad, day]);
            tally.duplicateAccepted.push(`${ad}|${day}`);
          } catch (error) {
            const e = error as { code?: string; constraint?: string; message: string };
            if (e.code === "23505" && e.constraint === UNIQUE) tally.duplicateRejected++;
            else tally.duplicateOtherErrors.push(`${e.code}: ${e.message}`);
          }
          const r = await client.query(
            `INSERT INTO impression_counter (ad_id, impression_date, counter) VALUES ($1, DATE '2000-01-01' + $2::int, 1)
             ON CONFLICT (ad_id, impression_date) DO UPDATE SET counter = impression_counter.counter + 1`,
            [ad, day],
          );
          if (r.rowCount === 1) tally.upserts++;
        }
      } finally {
        await client.end();
      }
    };

    const writers = [newKeyInserter(1), newKeyInserter(2), updater(), updater(), duplicateInserter(), duplicateInserter()];
    await sleep(300); // writers are running before the deploy starts
    const insertsBeforeDeploy = tally.inserted.size;
    const deploy = await project.deploy().finally(() => { deployDone = true; });
    const deployEnded = performance.now();
    // Keep writing after the deploy until the duplicate inserters have had a real turn, within the deadline.
    while (!(deployDone && tally.duplicateRejected >= 200) && performance.now() - started < DEADLINE_MS) await sleep(50);
    stop = true;
    await Promise.all([...writers, monitor]);

    expect(deploy.code, deploy.output).toBe(0);
    expect(insertsBeforeDeploy).toBeGreaterThan(0);
    const during = (times: Timed[], from: number, to: number) => times.filter((t) => t.at >= from && t.at <= to).length;
    const figures = {
      deploySeconds: ((deployEnded - started) / 1000).toFixed(1),
      buildObservedMs: Math.round(state.buildLastSeen - state.buildFirstSeen),
      inserts: tally.inserted.size,
      insertsDuringBuild: during(tally.insertTimes, state.buildFirstSeen, state.buildLastSeen),
      updates: tally.updates,
      updatesDuringBuild: during(tally.updateTimes, state.buildFirstSeen, state.buildLastSeen),
      duplicatesRejected: tally.duplicateRejected,
      upserts: tally.upserts,
      maxWriteLatencyMs: Math.round(tally.maxLatencyMs),
    };
    console.log(`writers during deploy (Prisma ${prisma}, ${mode}): ${JSON.stringify(figures)}`);

    // Writes went on during the build itself.
    expect(state.buildFirstSeen, "the concurrent build was observed").toBeGreaterThan(0);
    expect(figures.insertsDuringBuild + figures.updatesDuringBuild, "writes committed while the index was being built").toBeGreaterThan(0);
    expect(state.validAt).toBeGreaterThan(0);

    // No write was lost or refused.
    expect(tally.insertErrors).toEqual([]);
    expect(tally.updateMisses).toBe(0);
    // Once the index was valid, no duplicate got in: every insert of an existing key failed on the index.
    expect(tally.duplicateAccepted).toEqual([]);
    expect(tally.duplicateOtherErrors).toEqual([]);
    expect(tally.duplicateRejected).toBeGreaterThanOrEqual(200);
    expect(tally.upserts).toBeGreaterThan(0);

    // The table is exactly what the writers did.
    const [totals] = await project.sql<{ rows: string; keys: string; seeded: string; total: string }>(
      `SELECT count(*) AS rows, count(DISTINCT (ad_id, impression_date)) AS keys,
              count(*) FILTER (WHERE impression_date < DATE '${NEW_KEYS_FROM}') AS seeded, sum(counter) AS total
         FROM impression_counter`,
    );
    expect(Number(totals!.rows)).toBe(SEED_ROWS + tally.inserted.size);
    expect(Number(totals!.keys)).toBe(Number(totals!.rows));
    expect(Number(totals!.seeded)).toBe(SEED_ROWS);
    expect(Number(totals!.total)).toBe(tally.inserted.size + tally.updates + tally.upserts);
    const written = await project.sql<{ k: string }>(
      `SELECT ad_id || '|' || (impression_date - DATE '${NEW_KEYS_FROM}') AS k FROM impression_counter WHERE impression_date >= DATE '${NEW_KEYS_FROM}'`,
    );
    expect(new Set(written.map((r) => r.k))).toEqual(tally.inserted);

    expect((await indexesOf(url, "impression_counter")).find((i) => i.name === UNIQUE)).toMatchObject({ valid: true, unique: true, constraint: UNIQUE });
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
  });
});
