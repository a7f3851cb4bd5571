// The SQL of `duplicates` on real PostgreSQL, without Prisma: the catalog read, the report's
// counts (NULL keys ignored), and the dedupe statement's promises: --keep first|last by primary
// key, composite primary keys, --sum keeps totals even while writers keep incrementing, it refuses
// to run inside a transaction block having changed nothing, and it skips referenced rows.
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDatabase, query } from "./support/database.js";
import { TABLE_INFO_SQL, enforcingIndex, invalidLeftover, tableInfoFromRow, type TableInfo } from "../src/duplicates/catalog.js";
import { reportFromRows, reportQuery, type ReportRow } from "../src/duplicates/report-sql.js";
import { dedupeSql, type DedupeInput } from "../src/duplicates/dedupe-sql.js";

let url: string;
const sql = <T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]) => query<T>(url, text, params);

async function info(table: string): Promise<TableInfo> {
  const rows = await sql(TABLE_INFO_SQL, [`"${table}"`]);
  return tableInfoFromRow(rows[0] as never);
}

async function report(table: string, keys: string[], limit = 10) {
  const t = await info(table);
  const rows = await sql<ReportRow>(
    reportQuery({ schema: t.schema, table: t.name, keyColumns: keys, primaryKey: t.primaryKey.map((c) => c.name), limit, samples: 3 }),
    [limit, 3],
  );
  return reportFromRows(rows);
}

async function dedupe(table: string, keys: string[], extra: Partial<DedupeInput> = {}): Promise<string> {
  const t = await info(table);
  return dedupeSql({
    label: `test (${keys.join(", ")})`, schema: t.schema, table, qualified: false, keyColumns: keys, primaryKey: t.primaryKey,
    keep: "first", sum: [], batchGroups: 50, lockTimeout: "2s", referencedBy: t.referencedBy, ...extra,
  });
}

beforeEach(async () => {
  url = await createDatabase("dupsql");
  await sql(`CREATE TABLE counters (id serial PRIMARY KEY, site text, day date, views integer, note text)`);
  // (a, d1) x3, (b, d1) x2, (a, d2) x1, NULL site x2 on d1, NULL day x2 for 'a'
  await sql(`INSERT INTO counters (site, day, views) VALUES
    ('a', '2026-01-01', 1), ('a', '2026-01-01', 10), ('a', '2026-01-01', 100),
    ('b', '2026-01-01', 5), ('b', '2026-01-01', NULL),
    ('a', '2026-01-02', 7),
    (NULL, '2026-01-01', 1), (NULL, '2026-01-01', 1),
    ('a', NULL, 1), ('a', NULL, 1)`);
});

describe("catalog", () => {
  it("reads columns, primary key, unique indexes (valid or not) and references", async () => {
    await sql(`CREATE TABLE members (org integer, usr integer, email text, PRIMARY KEY (org, usr))`);
    await sql(`CREATE UNIQUE INDEX members_email_key ON members (email)`);
    await sql(`CREATE UNIQUE INDEX members_email_org_part ON members (email, org) WHERE org > 0`);
    await sql(`CREATE TABLE refs (id serial PRIMARY KEY, org integer, usr integer, FOREIGN KEY (org, usr) REFERENCES members ON DELETE CASCADE)`);
    const t = await info("members");
    expect(t).toMatchObject({ schema: "public", name: "members", kind: "r" });
    expect(t.primaryKey.map((c) => [c.name, c.type])).toEqual([["org", "integer"], ["usr", "integer"]]);
    expect(t.uniqueIndexes.map((i) => [i.name, i.valid, i.partial, i.columns])).toEqual([
      ["members_email_key", true, false, ["email"]],
      ["members_email_org_part", true, true, ["email", "org"]],
      ["members_pkey", true, false, ["org", "usr"]],
    ]);
    expect(t.referencedBy).toEqual([{ constraint: "refs_org_usr_fkey", table: "refs", onDelete: "c" }]);
    expect(enforcingIndex(t, ["email", "org"])?.name).toBe("members_email_key"); // a part of the key is unique already
    expect(enforcingIndex(t, ["org"])).toBeNull();
    expect(await sql(TABLE_INFO_SQL, [`"nope"`])).toEqual([]);
  });

  it("sees the INVALID index a failed concurrent build leaves", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await expect(client.query(`CREATE UNIQUE INDEX CONCURRENTLY counters_site_day_key ON counters (site, day)`)).rejects.toThrow(/could not create unique index/);
    await client.end();
    const t = await info("counters");
    expect(invalidLeftover(t, ["day", "site"])?.name).toBe("counters_site_day_key");
    expect(enforcingIndex(t, ["site", "day"])).toBeNull();
  });
});

describe("report", () => {
  it("counts groups and surplus rows, ignores NULL keys, lists the largest groups with primary keys", async () => {
    const r = await report("counters", ["site", "day"]);
    expect(r).toEqual({
      duplicateGroups: 2,
      surplusRows: 3,
      rowsInGroups: 5,
      largestGroups: [
        { key: ["a", "2026-01-01"], rows: 3, primaryKeys: ["1", "2", "3"] },
        { key: ["b", "2026-01-01"], rows: 2, primaryKeys: ["4", "5"] },
      ],
    });
    expect((await report("counters", ["site", "day"], 1)).largestGroups).toHaveLength(1);
    expect(await report("counters", ["views", "note"])).toEqual({ duplicateGroups: 0, surplusRows: 0, rowsInGroups: 0, largestGroups: [] });
  });

  it("shows composite primary keys, and ctid when there is no primary key", async () => {
    await sql(`CREATE TABLE members (org integer, usr integer, email text, PRIMARY KEY (org, usr))`);
    await sql(`INSERT INTO members VALUES (1, 1, 'x'), (1, 2, 'x'), (2, 1, 'y')`);
    expect((await report("members", ["email"])).largestGroups).toEqual([{ key: ["x"], rows: 2, primaryKeys: ["(1,1)", "(1,2)"] }]);
    await sql(`CREATE TABLE loose (k text)`);
    await sql(`INSERT INTO loose VALUES ('x'), ('x')`);
    expect((await report("loose", ["k"])).largestGroups).toEqual([{ key: ["x"], rows: 2, primaryKeys: ["(0,1)", "(0,2)"] }]);
  });
});

describe("dedupe statement", () => {
  const rows = () => sql<{ id: number; site: string | null; day: string | null; views: number | null }>(
    `SELECT id, site, to_char(day, 'YYYY-MM-DD') AS day, views FROM counters ORDER BY id`);

  it("--keep first --sum views: keeps the lowest id with the group's total, leaves NULL keys alone", async () => {
    await sql(await dedupe("counters", ["site", "day"], { sum: ["views"] }));
    expect(await rows()).toEqual([
      { id: 1, site: "a", day: "2026-01-01", views: 111 },
      { id: 4, site: "b", day: "2026-01-01", views: 5 }, // 5 + NULL
      { id: 6, site: "a", day: "2026-01-02", views: 7 },
      { id: 7, site: null, day: "2026-01-01", views: 1 },
      { id: 8, site: null, day: "2026-01-01", views: 1 },
      { id: 9, site: "a", day: null, views: 1 },
      { id: 10, site: "a", day: null, views: 1 },
    ]);
    expect((await report("counters", ["site", "day"])).duplicateGroups).toBe(0);
    await sql(await dedupe("counters", ["site", "day"], { sum: ["views"] })); // again: nothing left to do
    expect(await rows()).toHaveLength(7);
  });

  it("--keep last without --sum: keeps the highest id as it is", async () => {
    await sql(`UPDATE counters SET views = NULL WHERE id = 3`);
    await sql(await dedupe("counters", ["site", "day"], { keep: "last" }));
    expect((await rows()).slice(0, 3)).toEqual([
      { id: 3, site: "a", day: "2026-01-01", views: null },
      { id: 5, site: "b", day: "2026-01-01", views: null },
      { id: 6, site: "a", day: "2026-01-02", views: 7 },
    ]);
  });

  it("--sum into a NULL kept value takes the removed rows' sum", async () => {
    await sql(`UPDATE counters SET views = NULL WHERE id = 1`);
    await sql(await dedupe("counters", ["site", "day"], { sum: ["views"] }));
    expect((await rows())[0]).toEqual({ id: 1, site: "a", day: "2026-01-01", views: 110 });
  });

  it("works with a composite primary key and batches of one group", async () => {
    await sql(`CREATE TABLE members (org integer, usr bigint, email text, score numeric, PRIMARY KEY (org, usr))`);
    await sql(`INSERT INTO members VALUES (1, 5, 'x', 1.5), (1, 2, 'x', 2), (2, 1, 'x', 3), (3, 3, 'y', 1), (3, 4, 'y', 1), (4, 4, 'z', 1)`);
    await sql(await dedupe("members", ["email"], { keep: "last", sum: ["score"], batchGroups: 1 }));
    expect(await sql(`SELECT org, usr::int, email, score::text FROM members ORDER BY org, usr`)).toEqual([
      { org: 2, usr: 1, email: "x", score: "6.5" },
      { org: 3, usr: 4, email: "y", score: "2" },
      { org: 4, usr: 4, email: "z", score: "1" },
    ]);
  });

  it("refuses to run inside a transaction block, having changed nothing", async () => {
    const text = await dedupe("counters", ["site", "day"]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("BEGIN");
      await expect(client.query(text)).rejects.toThrow(/invalid transaction termination/);
      await client.query("ROLLBACK");
      // a multi-statement string is one implicit transaction (how Prisma may send a migration file)
      await expect(client.query(`SELECT 1; ${text}`)).rejects.toThrow(/invalid transaction termination/);
    } finally {
      await client.end();
    }
    expect(await rows()).toHaveLength(10);
  });

  it("skips a group whose removed rows are still referenced (ON DELETE RESTRICT), and says so", async () => {
    await sql(`CREATE TABLE clicks (id serial PRIMARY KEY, counter_id integer REFERENCES counters ON DELETE RESTRICT)`);
    await sql(`INSERT INTO clicks (counter_id) VALUES (3)`);
    const text = await dedupe("counters", ["site", "day"], { sum: ["views"] });
    expect(text).toContain("clicks (clicks_counter_id_fkey, ON DELETE RESTRICT)");
    const client = new pg.Client({ connectionString: url });
    const notices: string[] = [];
    client.on("notice", (n) => notices.push(`${n.severity}: ${n.message}`));
    await client.connect();
    await client.query(text);
    await client.end();
    expect(notices.join("\n")).toMatch(/1 duplicate groups merged, 1 rows removed, 0 groups skipped \(locked\), 1 skipped \(still referenced\)/);
    expect(notices.join("\n")).toMatch(/WARNING: .*1 groups were skipped; run this statement again/);
    // the referenced group is untouched (its sum was rolled back with it), the other one merged
    expect((await rows()).filter((r) => r.site === "a" && r.day === "2026-01-01").map((r) => r.views)).toEqual([1, 10, 100]);
    expect((await rows()).filter((r) => r.site === "b")).toEqual([{ id: 4, site: "b", day: "2026-01-01", views: 5 }]);
  });

  it("skips a group whose rows another transaction holds past lock_timeout, does the rest, and a rerun finishes", async () => {
    const text = await dedupe("counters", ["site", "day"], { sum: ["views"], lockTimeout: "200ms" });
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query("SELECT 1 FROM counters WHERE id = 2 FOR UPDATE"); // a row of group (a, 2026-01-01)
    const client = new pg.Client({ connectionString: url });
    const notices: string[] = [];
    client.on("notice", (n) => notices.push(n.message ?? ""));
    await client.connect();
    const t0 = performance.now();
    await client.query(text);
    const waited = performance.now() - t0;
    expect(notices[0]).toMatch(/1 duplicate groups merged, 1 rows removed, 1 groups skipped \(locked\)/);
    expect(waited).toBeLessThan(10_000); // it gave up on the group instead of waiting for the holder
    expect((await rows()).filter((r) => r.site === "a" && r.day === "2026-01-01")).toHaveLength(3);
    await holder.query("COMMIT");
    await holder.end();
    notices.length = 0;
    await client.query(text);
    await client.end();
    expect(notices[0]).toMatch(/1 duplicate groups merged, 2 rows removed, 0 groups skipped/);
    expect((await rows()).filter((r) => r.site === "a" && r.day === "2026-01-01")).toEqual([{ id: 1, site: "a", day: "2026-01-01", views: 111 }]);
  });

  it("keeps every increment while writers keep incrementing the counters it merges", async () => {
    // 2,000 keys with 3 rows each. Writers increment the whole time: by primary key (a row merged
    // away answers 0 rows, and the writer knows that increment did not happen) and by key (every
    // row of the key, as an application with duplicates does). The total must equal the start
    // plus every increment PostgreSQL reported.
    await sql(`TRUNCATE counters RESTART IDENTITY`);
    await sql(`INSERT INTO counters (site, day, views)
               SELECT 's' || (g % 2000), DATE '2026-01-01', 1 FROM generate_series(0, 5999) g`);
    const before = Number((await sql<{ s: string }>(`SELECT sum(views) AS s FROM counters`))[0]!.s);
    const text = await dedupe("counters", ["site", "day"], { sum: ["views"], batchGroups: 20 });
    let stop = false;
    const applied = { byId: 0, byIdMissed: 0, byKey: 0 };
    let duringDedupe = -1;
    const writer = (byKey: boolean) => async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        while (!stop) {
          try {
            if (byKey) {
              const r = await client.query(`UPDATE counters SET views = views + 1 WHERE site = $1 AND day = DATE '2026-01-01'`, [`s${Math.floor(Math.random() * 2000)}`]);
              applied.byKey += r.rowCount ?? 0;
            } else {
              const r = await client.query(`UPDATE counters SET views = views + 1 WHERE id = $1`, [1 + Math.floor(Math.random() * 6000)]);
              if (r.rowCount) applied.byId += r.rowCount;
              else applied.byIdMissed++;
            }
          } catch (error) {
            // A deadlock with the dedupe's row locks aborts one side, and nothing of it happened; an application retries.
            if ((error as { code?: string }).code !== "40P01") throw error;
          }
        }
      } finally {
        await client.end();
      }
    };
    const writers = [writer(false)(), writer(false)(), writer(true)(), writer(true)()];
    await new Promise((r) => setTimeout(r, 200));
    const atStart = applied.byId + applied.byKey;
    // A group skipped for a lock timeout or a deadlock is reported with a WARNING: run it again, as it says.
    for (let run = 0; run < 5; run++) {
      const client = new pg.Client({ connectionString: url });
      let skipped = false;
      client.on("notice", (n) => { if (n.severity === "WARNING") skipped = true; });
      await client.connect();
      await client.query(text).finally(() => client.end());
      if (!skipped) break;
    }
    duringDedupe = applied.byId + applied.byKey - atStart;
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await Promise.all(writers);
    const after = await sql<{ s: string; n: string; keys: string }>(`SELECT sum(views) AS s, count(*) AS n, count(DISTINCT site) AS keys FROM counters`);
    expect(duringDedupe, "increments while the dedupe ran").toBeGreaterThan(50);
    expect(applied.byIdMissed, "some increments targeted a row that was merged away").toBeGreaterThan(0);
    expect(Number(after[0]!.n)).toBe(2000);
    expect(Number(after[0]!.keys)).toBe(2000);
    expect(Number(after[0]!.s)).toBe(before + applied.byId + applied.byKey);
  });
});
