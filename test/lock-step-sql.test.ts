// The retrying lock step's SQL on real PostgreSQL, without Prisma: sent as one query (what both
// engine script modes send for a one-statement file). A failed attempt releases every lock it
// took, so a step that locks two tables never keeps the first while it waits for the second; a
// statement_timeout shorter than the budget ends the step with its own report, not a cancel.
import pg from "pg";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDatabase, query } from "./support/database.js";
import { loadParser } from "../src/sql/parse.js";
import { lockStep } from "../src/catalog/sql-shapes.js";

let url: string;
const sessions: pg.Client[] = [];

async function session(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  sessions.push(client);
  return client;
}

/** A session that keeps `BEGIN; SELECT 1 FROM <table>` open: ACCESS SHARE until COMMIT. */
async function holdRead(table: string): Promise<{ pid: number; end(): Promise<void> }> {
  const holder = await session();
  await holder.query("BEGIN");
  await holder.query(`SELECT 1 FROM ${table} LIMIT 1`);
  const pid = (await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  return { pid, end: async () => void (await holder.query("COMMIT")) };
}

beforeAll(loadParser);
beforeEach(async () => {
  for (const s of sessions.splice(0)) await s.end().catch(() => {});
  url = await createDatabase("lockstep");
  await query(url, "CREATE TABLE a (id serial PRIMARY KEY, n int); CREATE TABLE b (id serial PRIMARY KEY, n int); INSERT INTO a (n) SELECT g FROM generate_series(1, 1000) g");
});

const step = (budget: string, ...statements: string[]) =>
  lockStep({ folder: "20260301100002_concurrently_attach_unique_x", lock: { attemptTimeout: "200ms", retryBudget: budget } }, ...statements);

describe("the retrying lock step on PostgreSQL", () => {
  it("a failed attempt releases what it took: writes to the first table go on while it waits for the second", async () => {
    const holder = await holdRead("b");
    const sql = step("1min", "ALTER TABLE a ADD COLUMN x int;", "ALTER TABLE b ADD COLUMN y int;");
    const runner = await session();
    const running = runner.query(sql);
    const writer = await session();
    let longest = 0;
    let writes = 0;
    const until = performance.now() + 3_000;
    while (performance.now() < until) {
      const started = performance.now();
      await writer.query("INSERT INTO a (n) VALUES (1)");
      longest = Math.max(longest, performance.now() - started);
      writes++;
      await new Promise((r) => setTimeout(r, 5));
    }
    // Each attempt holds ACCESS EXCLUSIVE on a for at most its 200ms; then it lets go of it.
    expect(longest).toBeLessThan(1_500);
    expect(writes).toBeGreaterThan(20);
    await holder.end();
    await running;
    const columns = await query<{ table_name: string; column_name: string }>(url, "SELECT table_name, column_name FROM information_schema.columns WHERE column_name IN ('x', 'y') ORDER BY 1");
    expect(columns).toEqual([{ table_name: "a", column_name: "x" }, { table_name: "b", column_name: "y" }]);
    // lock_timeout is back to what it was on the session.
    expect((await runner.query<{ lock_timeout: string }>("SHOW lock_timeout")).rows[0]!.lock_timeout).toBe("0");
  });

  it("out of budget: 55P03 naming the holder's pid and query (not the writers that queued behind it), nothing changed, the session usable", async () => {
    const holder = await holdRead("a");
    const runner = await session();
    let writing = true;
    const writers = await Promise.all([session(), session(), session()]);
    const loops = writers.map(async (w) => {
      while (writing) await w.query("UPDATE a SET n = n + 1 WHERE id = 1 + floor(random() * 1000)::int");
    });
    const error = await runner.query(step("1s", "ALTER TABLE a ADD COLUMN x int;")).then(() => null, (e: pg.DatabaseError) => e);
    writing = false;
    await Promise.all(loops);
    expect(error).toMatchObject({ code: "55P03" });
    expect(error!.message).toMatch(/^prisma-concurrently: gave up waiting for its lock after \d+ attempts \(lock_timeout 200ms each\) in 1 s: another transaction kept a locked$/);
    expect(error!.detail).toMatch(new RegExp(`^pid ${holder.pid} holds AccessShareLock on a, transaction open \\d+ s \\(idle in transaction\\): SELECT pg_backend_pid\\(\\) AS pid$`));
    expect(error!.hint).toContain(`SELECT pg_terminate_backend(${holder.pid});`);
    expect(error!.hint).toContain("npx prisma migrate resolve --rolled-back 20260301100002_concurrently_attach_unique_x");
    expect((await runner.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
    expect(await query(url, "SELECT 1 FROM information_schema.columns WHERE column_name = 'x'")).toEqual([]);
  });

  it("a statement_timeout shorter than the budget: it gives up before it, with its report and why it stopped early", async () => {
    await holdRead("a");
    const runner = await session();
    await runner.query("SET statement_timeout = '2s'");
    const error = await runner.query(step("1min", "ALTER TABLE a ADD COLUMN x int;")).then(() => null, (e: pg.DatabaseError) => e);
    expect(error).toMatchObject({ code: "55P03" });
    expect(error!.hint).toContain("It stopped before lockRetryBudget because statement_timeout is 2s on the deploy's connection.");
  });
});
