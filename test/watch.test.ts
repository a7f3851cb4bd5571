// `prisma-concurrently watch` against real builds: the generator's concurrent build of a unique on
// a table of a few million rows, applied by the real `prisma migrate deploy` while watch runs
// (phases must advance; no timing is asserted), a build stalled in "waiting for old snapshots" by
// an old open transaction (watch must name its pid and query), and a plain CREATE INDEX queued
// behind a writer's lock (--once must show it, blocking writes, and the writer's pid).
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createDatabase, query } from "./support/database.js";
import { makeProject, repoRoot, type Project } from "./support/project.js";

const bin = join(repoRoot, "dist", "bin.js");

interface WatchedBuild {
  pid: number;
  table: string;
  index: string | null;
  command: string;
  phase: string;
  step: number | null;
  blocksWrites: boolean;
  waitingFor: Array<{ pid: number; state: string | null; query: string | null; xactAgeMs: number | null }>;
  olderSnapshots: Array<{ pid: number }>;
}
interface WatchLine {
  at: string;
  builds?: WatchedBuild[];
  finished?: WatchedBuild & { outcome: string; message: string };
}

/** Runs `watch --json` and collects its lines; `until` resolves once a line matches. */
function startWatch(args: string[]) {
  const child = spawn(process.execPath, [bin, "watch", "--json", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const lines: WatchLine[] = [];
  const waiters: Array<{ test: (l: WatchLine) => boolean; resolve: (l: WatchLine) => void }> = [];
  let stderr = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => { markReady = resolve; });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d;
    if (/no index build in progress/.test(stderr)) markReady();
  });
  createInterface({ input: child.stdout }).on("line", (text) => {
    const line = JSON.parse(text) as WatchLine;
    lines.push(line);
    for (const w of waiters.splice(0)) (w.test(line) ? w.resolve(line) : waiters.push(w));
  });
  const exited = new Promise<{ code: number; stderr: string }>((resolve) => child.on("close", (code) => resolve({ code: code ?? -1, stderr })));
  return {
    lines,
    exited,
    /** Resolves once watch has polled and found nothing yet. */
    ready,
    until(test: (l: WatchLine) => boolean, timeoutMs = 120_000): Promise<WatchLine> {
      const seen = lines.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`watch printed no such line in ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        waiters.push({ test, resolve: (l) => { clearTimeout(timer); resolve(l); } });
      });
    },
  };
}

const buildsOf = (lines: WatchLine[]) => lines.flatMap((l) => l.builds ?? []);

async function connect(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  return client;
}

let project: Project | undefined;
const clients: pg.Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.end().catch(() => {});
  project?.remove();
  project = undefined;
});

describe("prisma-concurrently watch", () => {
  it("follows the generator's concurrent build through `prisma migrate deploy` as its phases advance", async () => {
    project = await makeProject("ads");
    expect((await project.deploy()).code).toBe(0);
    const rows = 2_500_000;
    await project.sql(`INSERT INTO "Ad" (title) SELECT 'ad ' || g FROM generate_series(1, 1000) g`);
    await project.sql(
      `INSERT INTO impression_counter (ad_id, impression_date, counter)
       SELECT 1 + (g % 1000), DATE '2000-01-01' + (g / 1000), g % 7 FROM generate_series(0, $1::int - 1) g`,
      [rows],
    );
    await project.sql("VACUUM ANALYZE impression_counter");
    // A small sort memory makes the build spill to disk, so that it lasts long enough to be polled in every pass.
    const dbName = new URL(project.databaseUrl).pathname.slice(1);
    await project.sql(`ALTER DATABASE "${dbName}" SET maintenance_work_mem = '1MB'`);
    project.editSchema((s) =>
      s.replace('@@map("impression_counter")', '@@unique([adId, impressionDate])\n  @@map("impression_counter")')
        .replace(/(provider = "[^"]*bin\.js")/, '$1\n  precheck = "false"'));
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);

    const watch = startWatch(["--url", project.databaseUrl, "--interval", "50ms", "--wait", "2min"]);
    await watch.ready;
    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    const { code, stderr } = await watch.exited;
    expect(code, stderr).toBe(0);

    const builds = buildsOf(watch.lines);
    expect(builds.length).toBeGreaterThan(0);
    for (const b of builds) {
      expect(b).toMatchObject({ table: "impression_counter", index: "impression_counter_ad_id_impression_date_key", command: "CREATE INDEX CONCURRENTLY", blocksWrites: false });
    }
    const steps = builds.map((b) => b.step ?? 0);
    expect(steps, "steps never go back").toEqual([...steps].sort((a, b) => a - b));
    expect(new Set(builds.map((b) => b.phase)).size, `phases seen: ${[...new Set(builds.map((b) => b.phase))].join(", ")}`).toBeGreaterThanOrEqual(3);
    expect(steps.some((s) => s === 3), "first pass seen").toBe(true);
    expect(steps.some((s) => s >= 5), "second pass seen").toBe(true);
    const finished = watch.lines.map((l) => l.finished).filter(Boolean);
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ index: "impression_counter_ad_id_impression_date_key", outcome: "valid" });
    expect(stderr).toMatch(/no index build remains \(1 watched\)/);
  });

  it("follows a deploy from build to build, through the pre-check between them, and ends when the deploy ends", async () => {
    project = await makeProject("ads", { prisma: 6, mode: "split", env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
    expect((await project.deploy()).code).toBe(0);
    await project.sql(`INSERT INTO "Ad" (title) SELECT 'ad ' || g FROM generate_series(1, 1000) g`);
    await project.sql(
      `INSERT INTO impression_counter (ad_id, impression_date) SELECT 1 + (g % 1000), DATE '2000-01-01' + (g / 1000) FROM generate_series(0, 399999) g`,
    );
    const dbName = new URL(project.databaseUrl).pathname.slice(1);
    await project.sql(`ALTER DATABASE "${dbName}" SET maintenance_work_mem = '1MB'`);
    project.editSchema((s) =>
      s.replace('@@map("impression_counter")', '@@unique([adId, impressionDate])\n  @@unique([impressionDate, adId])\n  @@map("impression_counter")'));
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    expect(project.migrations().filter((m) => m.includes("_concurrently_index_unique_"))).toHaveLength(2);

    const watch = startWatch(["--url", project.databaseUrl, "--interval", "50ms", "--wait", "2min"]);
    await watch.ready;
    const deploying = project.deploy();
    // Prisma's lock as pg_locks shows it while the deploy runs: the bigint key split into classid and objid
    // (in this database: other tests deploy on the same server at the same time).
    let lock: unknown[] = [];
    for (const until = Date.now() + 60_000; lock.length === 0 && Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
      lock = await project.sql("SELECT classid::int8 AS classid, objid::int8 AS objid, objsubid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    }
    const deploy = await deploying;
    expect(deploy.code, deploy.output).toBe(0);
    const { code, stderr } = await watch.exited;
    expect(code, stderr).toBe(0);
    expect(lock).toEqual([{ classid: "0", objid: "72707369", objsubid: 1 }]);

    const finished = watch.lines.map((l) => l.finished).filter(Boolean);
    expect(finished.map((f) => [f!.index, f!.outcome]), JSON.stringify(finished, null, 1)).toEqual([
      ["impression_counter_ad_id_impression_date_key", "valid"],
      ["impression_counter_impression_date_ad_id_key", "valid"],
    ]);
    expect(stderr).toMatch(/a Prisma Migrate command is running \(it holds Prisma's migration lock, backend pid \d+\); following it until it ends\./);
    expect(stderr).toMatch(/the Prisma Migrate command \(backend pid \d+\) ended; no index build remains \(2 watched\)\./);
  });

  it("names the old transaction a build waits for in 'waiting for old snapshots'", async () => {
    const url = await createDatabase("watch_snapshots");
    await query(url, "CREATE TABLE orders (id serial PRIMARY KEY, ref text NOT NULL)");
    await query(url, "INSERT INTO orders (ref) SELECT 'r' || g FROM generate_series(1, 10000) g");
    const old = await connect(url, "old-report");
    clients.push(old);
    const oldPid = (await old.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    await old.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    await old.query("SELECT count(*) FROM orders /* monthly report */");

    const watch = startWatch(["--url", url, "--interval", "100ms", "--wait", "1min"]);
    const builder = await connect(url, "builder");
    clients.push(builder);
    const build = builder.query(`CREATE UNIQUE INDEX CONCURRENTLY "orders_ref_key" ON orders (ref)`);
    const stalled = await watch.until((l) => (l.builds ?? []).some((b) => b.phase === "waiting for old snapshots" && b.waitingFor.length > 0));
    const b = stalled.builds!.find((x) => x.phase === "waiting for old snapshots")!;
    expect(b).toMatchObject({ index: "orders_ref_key", table: "orders", step: 8 });
    expect(b.waitingFor[0]).toMatchObject({ pid: oldPid, state: "idle in transaction" });
    expect(b.waitingFor[0]!.query).toContain("monthly report");
    expect(b.waitingFor[0]!.xactAgeMs).toBeGreaterThan(0);
    expect(b.olderSnapshots.map((s) => s.pid)).toContain(oldPid);

    await old.query("COMMIT");
    await build;
    const { code, stderr } = await watch.exited;
    expect(code, stderr).toBe(0);
    expect(watch.lines.map((l) => l.finished).filter(Boolean)).toMatchObject([{ index: "orders_ref_key", outcome: "valid" }]);
  });

  it("says a concurrent build that failed on duplicates left an INVALID index, and exits 1", async () => {
    const url = await createDatabase("watch_invalid");
    await query(url, "CREATE TABLE orders (id serial PRIMARY KEY, ref text NOT NULL)");
    await query(url, "INSERT INTO orders (ref) SELECT 'r' || (g % 100) FROM generate_series(1, 1000) g");
    // An open writer holds the build in its second phase long enough to be watched.
    const writer = await connect(url, "open-writer");
    clients.push(writer);
    await writer.query("BEGIN");
    await writer.query("INSERT INTO orders (ref) VALUES ('new')");

    const watch = startWatch(["--url", url, "--interval", "50ms", "--wait", "1min"]);
    const builder = await connect(url, "builder");
    clients.push(builder);
    const build = builder.query(`CREATE UNIQUE INDEX CONCURRENTLY "orders_ref_key" ON orders (ref)`).then(() => null, (e: { code?: string }) => e);
    await watch.until((l) => (l.builds ?? []).some((b) => b.index === "orders_ref_key"));
    await writer.query("COMMIT");
    expect((await build)?.code).toBe("23505");

    const { code, stderr } = await watch.exited;
    expect(code, stderr).toBe(1);
    const finished = watch.lines.map((l) => l.finished).filter(Boolean);
    expect(finished).toMatchObject([{ index: "orders_ref_key", outcome: "invalid" }]);
    expect(finished[0]!.message).toMatch(/INVALID.*prisma-concurrently doctor/s);
  });

  it("shows a plain CREATE INDEX queued behind a writer's lock, with --once", async () => {
    const url = await createDatabase("watch_queued");
    await query(url, "CREATE TABLE orders (id serial PRIMARY KEY, ref text NOT NULL)");
    const writer = await connect(url, "slow-writer");
    clients.push(writer);
    await writer.query("BEGIN");
    await writer.query("INSERT INTO orders (ref) VALUES ('pending')");
    const writerPid = (await writer.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    const builder = await connect(url, "builder");
    clients.push(builder);
    const build = builder.query(`-- CreateIndex\nCREATE UNIQUE INDEX "orders_ref_key" ON "orders"("ref");`);
    await expect.poll(async () => (await query(url, "SELECT 1 FROM pg_stat_activity WHERE application_name = 'builder' AND wait_event_type = 'Lock'")).length).toBe(1);

    const once = startWatch(["--url", url, "--once"]);
    const { code, stderr } = await once.exited;
    expect(code, stderr).toBe(0);
    expect(once.lines).toHaveLength(1);
    const [queued] = once.lines[0]!.builds!;
    expect(queued).toMatchObject({ index: "orders_ref_key", table: "orders", command: "CREATE INDEX", phase: "waiting for a lock on the table", blocksWrites: true });
    expect(queued!.waitingFor.map((s) => s.pid)).toEqual([writerPid]);

    await writer.query("COMMIT");
    await build;
    const none = startWatch(["--url", url, "--once"]);
    expect((await none.exited).code).toBe(0);
    expect(none.lines).toEqual([{ at: expect.any(String), builds: [] }]);
  });

  it("shows the catalog's DROP INDEX CONCURRENTLY and ALTER INDEX … RENAME queued behind a lock, with --once", async () => {
    const url = await createDatabase("watch_index_changes");
    await query(url, 'CREATE TABLE orders (id serial PRIMARY KEY, ref text NOT NULL); CREATE INDEX "orders_ref_idx" ON orders (ref); CREATE INDEX "orders_id_idx_pcc_0a1b2c3d" ON orders (id)');
    const holder = await connect(url, "holder");
    clients.push(holder);
    await holder.query("BEGIN");
    await holder.query("LOCK TABLE orders IN SHARE MODE"); // conflicts with the drop's SHARE UPDATE EXCLUSIVE on the table
    await holder.query('ALTER INDEX "orders_id_idx_pcc_0a1b2c3d" SET (fillfactor = 70)'); // holds the index: the rename waits
    const dropper = await connect(url, "dropper");
    const renamer = await connect(url, "renamer");
    clients.push(dropper, renamer);
    const drop = dropper.query('DROP INDEX CONCURRENTLY "orders_ref_idx";');
    const rename = renamer.query(`SET lock_timeout = '60s';\nALTER INDEX "orders_id_idx_pcc_0a1b2c3d" RENAME TO "orders_id_idx";\nRESET lock_timeout;`);
    await expect.poll(async () => (await query(url, "SELECT 1 FROM pg_stat_activity WHERE application_name IN ('dropper', 'renamer') AND wait_event_type = 'Lock'")).length).toBe(2);

    const once = startWatch(["--url", url, "--once"]);
    const { code, stderr } = await once.exited;
    expect(code, stderr).toBe(0);
    const builds = once.lines[0]!.builds!;
    expect(builds).toHaveLength(2);
    expect(builds.find((b) => b.command === "DROP INDEX CONCURRENTLY")).toMatchObject({ index: "orders_ref_idx", table: "orders", blocksWrites: false });
    expect(builds.find((b) => b.command === "ALTER INDEX RENAME")).toMatchObject({ index: "orders_id_idx_pcc_0a1b2c3d", table: "orders", blocksWrites: false });

    await holder.query("COMMIT");
    await Promise.all([drop, rename]);
  });
});
