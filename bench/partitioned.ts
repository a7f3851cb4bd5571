// `npm run bench -- --only partitioned`: a unique added to a loaded partitioned table (issue 13)
// through the real `prisma migrate deploy` while writers insert through the parent into every
// partition: (A) Prisma's own migration (one plain CREATE UNIQUE INDEX on the parent: SHARE on every
// partition for the whole build), (B) this generator's folders (ON ONLY, a concurrent build per
// partition, the attaches). Reported: each write's longest stall and the deploy time. Each method
// has a database of its own, loaded the same way; the index is checked valid after each deploy.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { makeBenchProject, generatorBin, type RunResult as CliRun } from "./project.js";
import { repoRoot } from "./engine-env.js";
import { query, withDatabase } from "../test/support/sql.js";

export const PARTITIONED_METHODS = ["A: prisma", "B: generator"] as const;
type Method = (typeof PARTITIONED_METHODS)[number];

export interface PartitionedOptions {
  rows: number;
  writers: number;
  warmupMs: number;
  log: (line: string) => void;
}

export interface PartitionedRun {
  method: Method;
  problems: string[];
  deployMs: number;
  folders: number;
  writes: number;
  /** The longest any one write took while the deploy ran. */
  longestStallMs: number;
  /** The same before the deploy: the noise of this machine. */
  warmupLongestMs: number;
}

const INDEX = "event_account_id_day_key";
const DAYS = ["2025-01-15", "2025-02-15", "2025-03-15", "2026-06-01"]; // one per partition of fixtures/events

const schema = (generator: string, unique: boolean) =>
  readFileSync(join(repoRoot, "fixtures", "events", "schema.prisma"), "utf8")
    .replace(/generator concurrently \{[^}]*\}\n/, generator)
    .replace('  @@map("event")', `${unique ? "  @@unique([accountId, day])\n" : ""}  @@map("event")`);

async function must(what: string, run: Promise<CliRun>): Promise<CliRun> {
  const result = await run;
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.output}`);
  return result;
}

/** W clients inserting through the parent, round-robin over the partitions; each write's start and end. */
function startWriters(url: string, count: number) {
  let stopped = false;
  const writes: Array<[number, number]> = [];
  const loops = Array.from({ length: count }, async (_, w) => {
    const client = new pg.Client({ connectionString: url, application_name: "bench-writer" });
    await client.connect();
    for (let n = 0; !stopped; n++) {
      const start = performance.now();
      await client.query(`INSERT INTO "event" (account_id, day, kind) VALUES ($1, $2, 'w')`, [(w + 1) * 100_000_000 + n, DAYS[n % DAYS.length]]);
      writes.push([start, performance.now()]);
    }
    await client.end();
  });
  return {
    writes,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

const longestBetween = (writes: Array<[number, number]>, from: number, to: number) =>
  writes.filter(([s, e]) => e >= from && s <= to).reduce((m, [s, e]) => Math.max(m, e - s), 0);

async function runMethod(adminUrl: string, method: Method, index: number, options: PartitionedOptions): Promise<PartitionedRun> {
  const dbName = `bench_partitioned_${index}_${process.pid}`;
  await query(adminUrl, `CREATE DATABASE ${dbName}`);
  const url = withDatabase(adminUrl, dbName);
  const project = makeBenchProject(`partitioned-${index}`, url);
  try {
    project.addMigration("20250101000000_init", readFileSync(join(repoRoot, "fixtures", "events", "migrations", "20250101000000_init", "migration.sql"), "utf8"));
    const generator = method === "B: generator" ? `generator concurrently {\n  provider = "node ${generatorBin}"\n}\n` : "";
    project.writeSchema(schema(generator, false));
    await must("migrate deploy (init)", project.prisma(["migrate", "deploy"]));
    await query(url, `INSERT INTO "event" (account_id, day, kind)
      SELECT g, ($2::text[])[1 + g % 4]::date, 'k' || (g % 7) FROM generate_series(1, $1::int) g`, [options.rows, DAYS]);
    await query(url, `VACUUM ANALYZE "event"`);
    project.writeSchema(schema(generator, true));
    if (method === "A: prisma") {
      const diff = await must("migrate diff", project.prisma(["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--script"]));
      if (!diff.stdout.includes(`CREATE UNIQUE INDEX "${INDEX}" ON "event"`)) throw new Error(`Prisma's migration is not the expected CREATE UNIQUE INDEX:\n${diff.output}`);
      project.addMigration("20250102000000_add_unique", diff.stdout);
    } else {
      await must("prisma generate", project.prisma(["generate"]));
    }
    const folders = (await import("node:fs")).readdirSync(project.migrationsDir).filter((f) => /^\d{14}_/.test(f)).length - 1;

    const writers = startWriters(url, options.writers);
    const warmStart = performance.now();
    await new Promise((r) => setTimeout(r, options.warmupMs));
    const t0 = performance.now();
    const deploy = await project.prisma(["migrate", "deploy"], { timeoutMs: 15 * 60_000 });
    const t1 = performance.now();
    await writers.stop();
    const problems = deploy.code === 0 ? [] : [`migrate deploy exited with ${deploy.code}: ${deploy.output.slice(-1500)}`];
    const valid = (await query<{ valid: boolean }>(url, `SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass($1)`, [INDEX]))[0]?.valid;
    if (!valid) problems.push(`${INDEX} is ${valid === false ? "INVALID" : "missing"} after the deploy`);
    return {
      method, problems, deployMs: t1 - t0, folders,
      writes: writers.writes.filter(([, e]) => e >= t0 && e <= t1).length,
      longestStallMs: longestBetween(writers.writes, t0, t1),
      warmupLongestMs: longestBetween(writers.writes, warmStart, t0),
    };
  } finally {
    project.remove();
    await query(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

export async function partitionedStall(adminUrl: string, options: PartitionedOptions): Promise<PartitionedRun[]> {
  const runs: PartitionedRun[] = [];
  for (const [i, method] of PARTITIONED_METHODS.entries()) {
    options.log(`partitioned table, ${options.rows.toLocaleString("en-US")} rows in 4 partitions: ${method}…`);
    const run = await runMethod(adminUrl, method, i, options);
    options.log(`  deploy ${(run.deployMs / 1000).toFixed(2)} s (${run.folders} folder${run.folders === 1 ? "" : "s"}), longest write ${run.longestStallMs.toFixed(0)} ms ` +
      `(before the deploy: ${run.warmupLongestMs.toFixed(0)} ms), ${run.writes} writes${run.problems.length ? `; FAILED: ${run.problems.join("; ")}` : ""}`);
    runs.push(run);
  }
  return runs;
}
