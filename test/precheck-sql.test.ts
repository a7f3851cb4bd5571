// The duplicate pre-check's SQL on real PostgreSQL, without Prisma: it passes when no key repeats
// (rows with a NULL in a key column never conflict), fails with the readable report when one does,
// works sent whole (one implicit transaction) or alone, and its planner setting does not outlive it.
import { DEFAULT_LOCK_RETRY } from "../src/config/generator-config.js";
import pg from "pg";
import { beforeEach, describe, expect, it } from "vitest";
import { createDatabase, query } from "./support/database.js";
import { renderStep } from "../src/core/render.js";
import { adDate } from "../src/doctor/test-helpers.js";

const FOLDER = "20260301100000_concurrently_precheck_unique_impression_counter_ad_id_impression_date";
const precheck = renderStep({ kind: "precheck", unique: adDate }, FOLDER, DEFAULT_LOCK_RETRY);
let url: string;

/** Sends the whole file as one simple-protocol query (as Prisma's whole-script mode does), then reads enable_hashagg and work_mem on the same session. */
async function runWhole(sql = precheck): Promise<{ error: (Error & { code?: string }) | null; hashagg: string; workMem: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const error = await client.query(sql).then(() => null, (e: Error) => e);
    const hashagg = (await client.query<{ enable_hashagg: string }>("SHOW enable_hashagg")).rows[0]!.enable_hashagg;
    const workMem = (await client.query<{ work_mem: string }>("SHOW work_mem")).rows[0]!.work_mem;
    return { error, hashagg, workMem };
  } finally {
    await client.end();
  }
}

beforeEach(async () => {
  url = await createDatabase("precheck");
  await query(url, `CREATE TABLE impression_counter (id serial PRIMARY KEY, ad_id integer, impression_date date, counter integer NOT NULL DEFAULT 0)`);
  // 20,000 distinct keys, and rows that repeat a key only with a NULL in it.
  await query(url, `INSERT INTO impression_counter (ad_id, impression_date) SELECT g % 100, DATE '2026-01-01' + g / 100 FROM generate_series(0, 19999) g`);
  await query(url, `INSERT INTO impression_counter (ad_id, impression_date) VALUES (NULL, '2026-01-01'), (NULL, '2026-01-01'), (1, NULL), (1, NULL)`);
});

describe("the duplicate pre-check on PostgreSQL", () => {
  it("passes when no key repeats (NULL keys ignored), and leaves enable_hashagg and work_mem as they were", async () => {
    const before = (await query<{ work_mem: string }>(url, "SHOW work_mem"))[0]!.work_mem;
    expect(await runWhole()).toEqual({ error: null, hashagg: "on", workMem: before });
  });

  it("fails with the report of groups and sample keys when keys repeat", async () => {
    await query(url, `INSERT INTO impression_counter (ad_id, impression_date) SELECT ad_id, impression_date FROM impression_counter WHERE id <= 3`);
    await query(url, `INSERT INTO impression_counter (ad_id, impression_date) SELECT ad_id, impression_date FROM impression_counter, generate_series(1, 2) WHERE id = 2`);
    const { error, hashagg } = await runWhole();
    expect(error?.code).toBe("23505");
    expect(error?.message).toContain('table "impression_counter" has 3 duplicate key groups on (ad_id, impression_date) (5 surplus rows)');
    expect(error?.message).toContain("('1', '2026-01-01') x 4\n  ('0', '2026-01-01') x 2\n  ('2', '2026-01-01') x 2");
    expect(error?.message).toContain(`npx prisma migrate resolve --rolled-back ${FOLDER}`);
    expect(hashagg).toBe("on");
  });

  it("compares keys as the unique index does: under the column's collation, and for a key type without a hash function", async () => {
    const unique = (table: string, column: string) => renderStep({ kind: "precheck", unique: { ...adDate, table, name: `${table}_${column}_key`, columns: [{ name: column, desc: false }] } }, FOLDER, DEFAULT_LOCK_RETRY);
    // A nondeterministic collation: 'a' and 'A' are one key (the unique index refuses them).
    await query(url, `CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`);
    await query(url, `CREATE TABLE named (name text COLLATE case_insensitive)`);
    await query(url, `INSERT INTO named SELECT 'name ' || g FROM generate_series(1, 1000) g`);
    expect((await runWhole(unique("named", "name"))).error).toBeNull();
    await query(url, `INSERT INTO named VALUES ('NAME 7')`);
    expect((await runWhole(unique("named", "name"))).error?.message).toContain('table "named" has 1 duplicate key groups on (name) (1 surplus rows)');
    expect(await query(url, `CREATE UNIQUE INDEX ON named (name)`).then(() => null, (e: { code?: string }) => e.code)).toBe("23505");
    // money has a btree but no hash function: the exact question decides alone.
    await query(url, `CREATE TABLE priced (price money)`);
    await query(url, `INSERT INTO priced SELECT g::numeric::money FROM generate_series(1, 1000) g`);
    expect(await query(url, `SELECT hash_record_extended(ROW(price), 0) FROM priced LIMIT 1`).then(() => null, (e: { code?: string }) => e.code)).toBe("42883");
    expect((await runWhole(unique("priced", "price"))).error).toBeNull();
    await query(url, `INSERT INTO priced VALUES (7::numeric::money)`);
    expect((await runWhole(unique("priced", "price"))).error?.message).toContain('table "priced" has 1 duplicate key groups on (price) (1 surplus rows)');
  });
});
