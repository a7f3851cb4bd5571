// Part 1, write availability: the same unique added to a loaded `impression_counter` table two
// ways through the real `prisma migrate deploy` while W writers keep writing: (A) Prisma's own
// migration (`migrate diff --script`: one plain CREATE UNIQUE INDEX), (B) the folders this
// generator writes, with and without the duplicate pre-check. Runs are interleaved; after each
// one the index is checked valid and every acknowledged write is checked present.
import { readdirSync } from "node:fs";
import pg from "pg";
import { makeBenchProject, generatorBin, type BenchProject, type RunResult as CliRun } from "./project.js";
import { query, withDatabase } from "../test/support/sql.js";
import { longestGap, longestGapAt, maximum, percentile } from "./stats.js";
import { Writers, WRITER_AD_BASE } from "./writers.js";

/** The two ways, and a deploy with nothing to apply: the noise of running the Prisma CLI next to the writers. */
export const METHODS = ["A: prisma", "B: generator", "B: generator, no pre-check", "no-op deploy"] as const;
export type Method = (typeof METHODS)[number];

export interface AvailabilityOptions {
  rows: number;
  writers: number;
  repeat: number;
  warmupMs: number;
  cooldownMs: number;
  /** A deploy still running after this long is killed (and the run fails). */
  deployTimeoutMs: number;
  /** No run starts after this moment (performance.now()). */
  deadline: number;
  log: (line: string) => void;
}

export interface StepTime {
  migration: string;
  ms: number;
}

export interface RunResult {
  method: Method;
  round: number;
  problems: string[];
  deployMs: number;
  /** From the first new migration's start to the last one's end, as _prisma_migrations records them. */
  sqlMs: number;
  steps: StepTime[];
  /** Where the longest gap of the deploy began (ms after the deploy started) and the step it overlaps most. */
  blockedAt: { afterDeployStartMs: number; during: string };
  warmup: { ms: number; writes: number; perSecond: number; longestGapMs: number };
  during: { writes: number; perSecond: number; throughputPct: number; p50Ms: number; p99Ms: number; maxMs: number; blockedMs: number };
}

export const INDEX = "impression_counter_ad_id_impression_date_key";

/** precheck, index, attach for the generator's folders; Prisma's own is one CREATE UNIQUE INDEX. */
export const stepKind = (migration: string) => /_concurrently_(\w+?)_unique_/.exec(migration)?.[1] ?? "create unique index";
export const INIT = "20250101000000_init";

/** The loaded table's schema; %UNIQUE% is where a scenario adds its line. */
export const baseSchema = (generator: string) => `${generator}
datasource db {
  provider = "postgresql"
}

model ImpressionCounter {
  id             Int      @id @default(autoincrement())
  adId           Int      @map("ad_id")
  impressionDate DateTime @map("impression_date") @db.Date
  counter        Int      @default(0)
%UNIQUE%
  @@map("impression_counter")
}
`;

export const generatorBlock = (precheck: boolean) => `generator concurrently {
  provider = "node ${generatorBin}"
  precheck = "${precheck}"
}
`;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function must(what: string, run: Promise<CliRun>): Promise<CliRun> {
  const result = await run;
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.output}`);
  return result;
}

interface Setup {
  url: string;
  projects: Record<Method, BenchProject>;
  folders: Record<Method, string[]>;
}

/** The database, the three projects, the loaded table, and each method's migration folders. */
async function setUp(adminUrl: string, dbName: string, options: AvailabilityOptions, cleanup: Array<() => unknown>): Promise<Setup> {
  await query(adminUrl, `CREATE DATABASE ${dbName}`);
  cleanup.push(() => query(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  const dbUrl = withDatabase(adminUrl, dbName);

  const schemas: Record<Method, string> = {
    "A: prisma": baseSchema(""),
    "B: generator": baseSchema(generatorBlock(true)),
    "B: generator, no pre-check": baseSchema(generatorBlock(false)),
    "no-op deploy": baseSchema(""),
  };
  const projects = Object.fromEntries(METHODS.map((m, i) => [m, makeBenchProject(`m${i}`, dbUrl)])) as Record<Method, BenchProject>;
  for (const p of Object.values(projects)) cleanup.push(() => p.remove());
  const a = projects["A: prisma"];
  a.writeSchema(schemas["A: prisma"].replace("%UNIQUE%\n", ""));
  const init = await must("migrate diff (init)", a.prisma(["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"]));
  for (const m of METHODS) projects[m].addMigration(INIT, init.stdout);
  await must("migrate deploy (init)", a.prisma(["migrate", "deploy"]));

  options.log(`loading ${options.rows.toLocaleString("en-US")} rows…`);
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const loadStart = performance.now();
  await client.query(
    `INSERT INTO impression_counter (ad_id, impression_date, counter)
     SELECT 1 + (g % 1000), DATE '2000-01-01' + (g / 1000), 0 FROM generate_series(0, $1::int - 1) g`,
    [options.rows],
  );
  await client.query("VACUUM ANALYZE impression_counter");
  const size = (await client.query<{ size: string }>("SELECT pg_size_pretty(pg_table_size('impression_counter')) AS size")).rows[0]!.size;
  await client.end();
  options.log(`loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s (table ${size})`);

  for (const m of METHODS) projects[m].writeSchema(schemas[m].replace("%UNIQUE%", m === "no-op deploy" ? "" : "  @@unique([adId, impressionDate])"));
  const diff = await must("migrate diff (A)", a.prisma(["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--script"]));
  if (!diff.stdout.includes(`CREATE UNIQUE INDEX "${INDEX}"`)) throw new Error(`Prisma's migration is not the expected CREATE UNIQUE INDEX:\n${diff.output}`);
  a.addMigration("20250102000000_add_unique", diff.stdout);
  for (const m of ["B: generator", "B: generator, no pre-check"] as const) await must(`prisma generate (${m})`, projects[m].prisma(["generate"]));
  const folders = Object.fromEntries(
    METHODS.map((m) => [m, readdirSync(projects[m].migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== INIT).map((d) => d.name).sort()]),
  ) as Record<Method, string[]>;
  for (const m of METHODS) options.log(`${m}: ${folders[m].join(", ")}`);
  return { url: dbUrl, projects, folders };
}

/** Back to the state before the change: no index, only the init migration applied, table vacuumed. */
export async function reset(client: pg.Client) {
  await client.query(`ALTER TABLE impression_counter DROP CONSTRAINT IF EXISTS "${INDEX}"`);
  await client.query(`DROP INDEX IF EXISTS "${INDEX}"`);
  await client.query(`DELETE FROM _prisma_migrations WHERE migration_name <> $1`, [INIT]);
  await client.query("VACUUM ANALYZE impression_counter");
  await client.query("CHECKPOINT");
}

/** The checks after a run: deploy succeeded, the index is valid (and attached for B), no acknowledged write is missing. */
async function verify(client: pg.Client, method: Method, folders: string[], writers: Writers, rows: number, errorsBefore: number): Promise<string[]> {
  const problems: string[] = [];
  const index = (await client.query<{ valid: boolean; ready: boolean; unique: boolean; constraint: string | null }>(
    `SELECT x.indisvalid AS valid, x.indisready AS ready, x.indisunique AS unique, c.conname AS constraint
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid LEFT JOIN pg_constraint c ON c.conindid = i.oid
      WHERE i.relname = $1`, [INDEX])).rows[0];
  if (method === "no-op deploy") {
    if (index) problems.push(`index ${INDEX} exists after a deploy with nothing to apply`);
  } else if (!index) problems.push(`index ${INDEX} does not exist`);
  else {
    if (!index.valid || !index.ready || !index.unique) problems.push(`index ${INDEX} is not a valid unique index (${JSON.stringify(index)})`);
    if (method !== "A: prisma" && index.constraint !== INDEX) problems.push(`index ${INDEX} is not attached as a constraint`);
  }
  const applied = (await client.query<{ migration_name: string }>(
    "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL AND migration_name <> $1 ORDER BY 1", [INIT])).rows.map((r) => r.migration_name);
  if (applied.join() !== folders.join()) problems.push(`applied migrations ${applied.join(", ")} are not ${folders.join(", ")}`);
  const totals = (await client.query<{ rows: string; inserted: string; updates: string }>(
    `SELECT count(*) AS rows, count(*) FILTER (WHERE ad_id >= $1) AS inserted, coalesce(sum(counter), 0) AS updates FROM impression_counter`, [WRITER_AD_BASE])).rows[0]!;
  if (Number(totals.inserted) !== writers.totals.inserts || Number(totals.rows) !== rows + writers.totals.inserts) {
    problems.push(`lost inserts: ${writers.totals.inserts} acknowledged, ${totals.inserted} present (${totals.rows} rows in all)`);
  }
  if (Number(totals.updates) !== writers.totals.updates) problems.push(`lost updates: ${writers.totals.updates} acknowledged, ${totals.updates} applied`);
  // Rows and counters add up over the runs (a reset keeps the writers' rows); failed writes are this run's.
  const failed = writers.totals.errors - errorsBefore;
  if (failed > 0) problems.push(`${failed} writes failed (first failures of the benchmark: ${writers.totals.errorSamples.join(" | ")})`);
  return problems;
}

async function migrationTimes(client: pg.Client, clockOffset: number) {
  const { rows } = await client.query<{ migration_name: string; started_at: Date; finished_at: Date | null }>(
    "SELECT migration_name, started_at, finished_at FROM _prisma_migrations WHERE migration_name <> $1 ORDER BY started_at", [INIT]);
  const steps = rows.map((r) => ({ migration: r.migration_name, start: r.started_at.getTime() - clockOffset, end: (r.finished_at ?? r.started_at).getTime() - clockOffset }));
  return { steps, start: Math.min(...steps.map((s) => s.start)), end: Math.max(...steps.map((s) => s.end)) };
}

async function runOnce(setup: Setup, method: Method, round: number, writers: Writers, client: pg.Client, options: AvailabilityOptions): Promise<RunResult> {
  await reset(client);
  const errorsBefore = writers.totals.errors;
  const clockOffset = Date.now() - performance.now();
  writers.start();
  const warmStart = performance.now();
  await sleep(options.warmupMs);
  const t0 = performance.now();
  const deploy = await setup.projects[method].prisma(["migrate", "deploy"], { timeoutMs: options.deployTimeoutMs });
  const t1 = performance.now();
  await sleep(options.cooldownMs);
  await writers.stop();

  const problems = deploy.code === 0 ? [] : [`migrate deploy exited with ${deploy.code}: ${deploy.output.slice(-2000)}`];
  problems.push(...(await verify(client, method, setup.folders[method], writers, options.rows, errorsBefore)));
  const times = await migrationTimes(client, clockOffset);
  // The SQL window, clamped into the deploy (both clocks are this machine's); a no-op deploy has none: its whole run.
  const s0 = times.steps.length ? Math.max(t0, Math.min(times.start, t1)) : t0;
  const s1 = times.steps.length ? Math.min(t1, Math.max(times.end, s0)) : t1;
  const log = writers.log;
  const completions = log.completions();
  const warmWrites = log.completedBetween(warmStart, t0);
  const warmPerSecond = (warmWrites * 1000) / (t0 - warmStart);
  const windowMs = Math.max(1, s1 - s0);
  const during = log.completedBetween(s0, s1);
  const latencies = log.latenciesOverlapping(s0, s1);
  const gap = longestGapAt(completions, t0, t1);
  const overlap = (st: { start: number; end: number }) => Math.min(st.end, gap.start + gap.ms) - Math.max(st.start, gap.start);
  const step = times.steps.map((st) => ({ st, o: overlap(st) })).filter((x) => x.o > 0).sort((a, b) => b.o - a.o)[0]?.st;
  return {
    method,
    round,
    problems,
    deployMs: t1 - t0,
    sqlMs: s1 - s0,
    steps: times.steps.map((st) => ({ migration: st.migration, ms: st.end - st.start })),
    blockedAt: { afterDeployStartMs: gap.start - t0, during: step ? stepKind(step.migration) : "outside every migration (CLI, engine)" },
    warmup: { ms: t0 - warmStart, writes: warmWrites, perSecond: warmPerSecond, longestGapMs: longestGap(completions.filter((c) => c >= warmStart && c <= t0), warmStart, t0) },
    during: {
      writes: during,
      perSecond: (during * 1000) / windowMs,
      throughputPct: (100 * (during * 1000) / windowMs) / warmPerSecond,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: maximum(latencies),
      blockedMs: gap.ms,
    },
  };
}

export async function writeAvailability(adminUrl: string, options: AvailabilityOptions): Promise<{ runs: RunResult[]; skipped: number }> {
  const cleanup: Array<() => unknown> = [];
  const runs: RunResult[] = [];
  let skipped = 0;
  try {
    const setup = await setUp(adminUrl, `pgc_bench_${process.pid}`, options, cleanup);
    const writers = new Writers(setup.url, options.writers, options.rows);
    cleanup.push(() => writers.close());
    await writers.connect();
    const client = new pg.Client({ connectionString: setup.url, application_name: "bench-control" });
    await client.connect();
    cleanup.push(() => client.end());
    for (let round = 0; round < options.repeat; round++) {
      // Interleaved, and rotated each round so no method always runs first.
      const order = METHODS.map((_, i) => METHODS[(i + round) % METHODS.length]!);
      for (const method of order) {
        if (performance.now() > options.deadline) {
          skipped++;
          continue;
        }
        const run = await runOnce(setup, method, round + 1, writers, client, options);
        options.log(`round ${round + 1} ${method}: deploy ${(run.deployMs / 1000).toFixed(2)} s, blocked ${run.during.blockedMs.toFixed(0)} ms ` +
          `(at +${(run.blockedAt.afterDeployStartMs / 1000).toFixed(2)} s, ${run.blockedAt.during}), ` +
          `${run.during.throughputPct.toFixed(0)} % of warm-up throughput${run.problems.length ? `, PROBLEMS: ${run.problems.join("; ")}` : ""}`);
        runs.push(run);
      }
    }
  } finally {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
  }
  return { runs, skipped };
}
