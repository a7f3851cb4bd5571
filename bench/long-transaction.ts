// Part 3, a long transaction open during the change (issue 12): the same unique added to the
// loaded table through the real `prisma migrate deploy` while W writers run and one more session
// keeps a transaction open for a while, then ends it. Three ways, side by side: Prisma's own
// migration (one CREATE UNIQUE INDEX, no lock timeout at all), this generator's folders with the
// earlier release's attach (one `SET lock_timeout = '5s'` wait), and this release's folders (the
// retrying lock step: short attempts with backoff). Two kinds of long transaction: a reader
// (`SELECT … LIMIT 1`, ACCESS SHARE: the issue's measurement) and a writer (one INSERT, ROW
// EXCLUSIVE). Reported per run: the writers' longest stall while the deploy ran, and whether the
// change completed.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { makeBenchProject, type BenchProject } from "./project.js";
import { INDEX, INIT, baseSchema, generatorBlock, must, reset, sleep } from "./availability.js";
import { query, withDatabase } from "../test/support/sql.js";
import { maximum } from "./stats.js";
import { Writers } from "./writers.js";
import { table } from "./report.js";
import { loadParser, parseStatements } from "../src/sql/parse.js";
import { withLockStepsOpened } from "../src/catalog/sql-shapes.js";

export const LONG_TX_METHODS = ["A: prisma (no lock timeout)", "B: lock_timeout 5s (earlier release)", "B: retrying lock step"] as const;
type Method = (typeof LONG_TX_METHODS)[number];

/** The session that keeps a transaction open: what it did first, then it stays idle in transaction. */
const KINDS = {
  "reader: SELECT … LIMIT 1": "SELECT 1 FROM impression_counter LIMIT 1",
  "writer: one INSERT": "INSERT INTO impression_counter (ad_id, impression_date, counter) VALUES (-1, DATE '1999-01-01', 0)",
} as const;
type Kind = keyof typeof KINDS;

export interface LongTransactionOptions {
  rows: number;
  writers: number;
  /** How long the transaction stays open once the deploy holds Prisma Migrate's lock. */
  holdMs: number;
  warmupMs: number;
  deployTimeoutMs: number;
  log: (line: string) => void;
}

export interface LongTransactionRun {
  kind: Kind;
  method: Method;
  /** The longest single write while the deploy ran. */
  longestStallMs: number;
  deployMs: number;
  completed: boolean;
  /** Why not: the SQLSTATE Prisma reported, or what was missing. */
  failure: string | null;
}

/** The earlier release's attach: the lock step's statement under one lock_timeout wait, then 55P03. */
const earlierAttach = (sql: string) => {
  const [statement] = withLockStepsOpened(parseStatements(sql));
  if (!statement) throw new Error(`no statement in the attach folder:\n${sql}`);
  return `-- the attach as the earlier release wrote it: one wait of lock_timeout\nSET lock_timeout = '5s';\n${statement.text};\nRESET lock_timeout;\n`;
};

/** Prisma Migrate's advisory lock (72707369) is held in this database: the deploy is about to apply migrations. */
const MIGRATE_LOCK_HELD = `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.objid = 72707369 AND l.granted AND a.datname = current_database()`;

async function setUp(adminUrl: string, dbName: string, options: LongTransactionOptions, cleanup: Array<() => unknown>) {
  await query(adminUrl, `CREATE DATABASE ${dbName}`);
  cleanup.push(() => query(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  const url = withDatabase(adminUrl, dbName);
  const projects = Object.fromEntries(LONG_TX_METHODS.map((m, i) => [m, makeBenchProject(`lt${i}`, url)])) as Record<Method, BenchProject>;
  for (const p of Object.values(projects)) cleanup.push(() => p.remove());
  const prisma = projects["A: prisma (no lock timeout)"];
  const ours = projects["B: retrying lock step"];
  prisma.writeSchema(baseSchema("").replace("%UNIQUE%\n", ""));
  const init = await must("migrate diff (init)", prisma.prisma(["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"]));
  for (const p of Object.values(projects)) p.addMigration(INIT, init.stdout);
  await must("migrate deploy (init)", prisma.prisma(["migrate", "deploy"]));
  options.log(`long transaction: loading ${options.rows.toLocaleString("en-US")} rows…`);
  await query(url, `INSERT INTO impression_counter (ad_id, impression_date, counter)
    SELECT 1 + (g % 1000), DATE '2000-01-01' + (g / 1000), 0 FROM generate_series(0, $1::int - 1) g`, [options.rows]);
  await query(url, "VACUUM ANALYZE impression_counter");

  const unique = "  @@unique([adId, impressionDate])";
  prisma.writeSchema(baseSchema("").replace("%UNIQUE%", unique));
  const diff = await must("migrate diff (A)", prisma.prisma(["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--script"]));
  prisma.addMigration("20250102000000_add_unique", diff.stdout);
  ours.writeSchema(baseSchema(generatorBlock(true)).replace("%UNIQUE%", unique));
  await must("prisma generate", ours.prisma(["generate"]));
  const earlier = projects["B: lock_timeout 5s (earlier release)"];
  earlier.writeSchema(baseSchema(generatorBlock(true)).replace("%UNIQUE%", unique));
  await loadParser();
  for (const folder of readdirSync(ours.migrationsDir).filter((f) => f.includes("_concurrently_"))) {
    const sql = readFileSync(join(ours.migrationsDir, folder, "migration.sql"), "utf8");
    earlier.addMigration(folder, folder.includes("_attach_unique_") ? earlierAttach(sql) : sql);
  }
  return { url, projects };
}

async function runOnce(url: string, project: BenchProject, method: Method, kind: Kind, writers: Writers, client: pg.Client, options: LongTransactionOptions): Promise<LongTransactionRun> {
  await reset(client);
  writers.start();
  await sleep(options.warmupMs);
  const holder = new pg.Client({ connectionString: url, application_name: "bench-long-transaction" });
  await holder.connect();
  await holder.query("BEGIN");
  await holder.query(KINDS[kind]);
  const t0 = performance.now();
  let t1 = 0;
  const deploy = project.prisma(["migrate", "deploy"], { timeoutMs: options.deployTimeoutMs }).then((r) => ((t1 = performance.now()), r));
  // The CLI takes seconds to start: the transaction stays open holdMs from when the deploy holds Prisma's lock.
  while (t1 === 0 && (await client.query(MIGRATE_LOCK_HELD)).rows.length === 0) await sleep(50);
  await sleep(options.holdMs);
  await holder.query("ROLLBACK"); // the transaction ends (a rollback leaves the writer's row out of the next run)
  await holder.end();
  const result = await deploy;
  await sleep(500);
  await writers.stop();
  const index = (await client.query<{ valid: boolean; constraint: string | null }>(
    `SELECT x.indisvalid AS valid, c.conname AS constraint FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
       LEFT JOIN pg_constraint c ON c.conindid = i.oid WHERE i.relname = $1`, [INDEX])).rows[0];
  const done = result.code === 0 && index?.valid === true && (method.startsWith("A") || index.constraint === INDEX);
  if (process.env.BENCH_SHOW_OUTPUT) options.log(result.output);
  return {
    kind, method,
    longestStallMs: maximum(writers.log.latenciesOverlapping(t0, t1)),
    deployMs: t1 - t0,
    completed: done,
    failure: done ? null : result.code !== 0 ? `deploy failed (${/Database error code: (\w+)/.exec(result.output)?.[1] ?? `exit ${result.code}`})` : "index not valid or not attached",
  };
}

export async function longTransaction(adminUrl: string, options: LongTransactionOptions): Promise<LongTransactionRun[]> {
  const cleanup: Array<() => unknown> = [];
  const runs: LongTransactionRun[] = [];
  try {
    const { url, projects } = await setUp(adminUrl, `pgc_bench_lt_${process.pid}`, options, cleanup);
    const writers = new Writers(url, options.writers, options.rows);
    cleanup.push(() => writers.close());
    await writers.connect();
    const client = new pg.Client({ connectionString: url, application_name: "bench-control" });
    await client.connect();
    cleanup.push(() => client.end());
    for (const kind of Object.keys(KINDS) as Kind[]) {
      for (const method of LONG_TX_METHODS) {
        const run = await runOnce(url, projects[method], method, kind, writers, client, options);
        options.log(`long transaction (${kind}) ${method}: longest write ${run.longestStallMs.toFixed(0)} ms, deploy ${(run.deployMs / 1000).toFixed(1)} s, ` +
          (run.completed ? "completed" : `NOT completed: ${run.failure}`));
        runs.push(run);
      }
    }
  } finally {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
  }
  return runs;
}

export function longTransactionTable(runs: readonly LongTransactionRun[]): string {
  return table(
    ["long transaction", "method", "writers' longest stall ms", "deploy s", "change completed"],
    runs.map((r) => [r.kind, r.method, r.longestStallMs.toFixed(0), (r.deployMs / 1000).toFixed(1), r.completed ? "yes" : `no: ${r.failure}`]),
  );
}
