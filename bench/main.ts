// `npm run bench`: write availability during the schema change (Prisma's plain build vs this
// generator's folders) and the generator's overhead on `prisma generate`, summed up in one table
// of the targets. Figures are printed, never asserted; the exit code is non-zero only when a run's
// checks fail (an index not valid, a write lost or failed, a deploy that failed) or the benchmark
// itself fails.
import { cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { writeAvailability, type RunResult } from "./availability.js";
import { generatorOverhead, type OverheadResult } from "./overhead.js";
import { availabilityTable, formatSpread, ratios, stepsTable, summarize, table, targets, targetsTable } from "./report.js";
import { benchServer } from "./server.js";
import { partitionedStall, type PartitionedRun } from "./partitioned.js";
import { prismaEngineEnv } from "./engine-env.js";
import { foreignKeyScenario, foreignKeyTable, type ForeignKeyRun } from "./foreign-key.js";
import { longTransaction, longTransactionTable, type LongTransactionRun } from "./long-transaction.js";
import { notNullScenario, type NotNullResult } from "./not-null.js";

const HELP = `Usage: npm run bench -- [options]

  --rows <n>            rows in the table (default 2000000)
  --writers <n>         writer connections (default 4)
  --repeat <n>          rounds; each runs every method once, interleaved (default 1)
  --warmup <seconds>    writes before each migration, the baseline (default 5)
  --cooldown <seconds>  writes after it (default 1)
  --max-minutes <n>     no new run starts after this (default 45); a deploy is killed after 15 min
  --only <part>         availability | overhead | foreign-key | long-transaction | partitioned | not-null (default: all)
  --hold <seconds>      long-transaction: how long the transaction stays open during the deploy (default 10)
  --models <n>          synthetic project: models, two uniques each (default 500)
  --migrations <n>      synthetic project: migrations in the history (default 1000)
  --overhead-repeat <n> timed prisma generate runs per variant (default 5)
  --json                print the results as one JSON object (progress goes to stderr)

It ends with one table of the targets (issue 14), Prisma's own migration beside this generator's
folders: blocked time, throughput, deploy time with and without the pre-check, pre-check / build,
generator overhead, replay + plan of 800 migrations with a large first one; --json carries it as "targets".

The server: an embedded PostgreSQL started for the run, or BENCH_DATABASE_URL (a loopback host only).`;

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "2000000" },
    writers: { type: "string", default: "4" },
    repeat: { type: "string", default: "1" },
    warmup: { type: "string", default: "5" },
    cooldown: { type: "string", default: "1" },
    "max-minutes": { type: "string", default: "45" },
    only: { type: "string" },
    hold: { type: "string", default: "10" },
    models: { type: "string", default: "500" },
    migrations: { type: "string", default: "1000" },
    "overhead-repeat": { type: "string", default: "5" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} must be a positive number, not "${text}"`);
    process.exit(2);
  }
  return n;
}

const rows = Math.round(positive("rows", values.rows));
const writers = Math.round(positive("writers", values.writers));
const repeat = Math.round(positive("repeat", values.repeat));
const only = values.only;
if (only && !["availability", "overhead", "foreign-key", "long-transaction", "partitioned", "not-null"].includes(only)) {
  console.error(`--only must be availability, overhead, foreign-key, long-transaction, partitioned or not-null, not "${only}"`);
  process.exit(2);
}
const json = values.json;
const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
const started = performance.now();
const deadline = started + positive("max-minutes", values["max-minutes"]) * 60_000;

Object.assign(process.env, await prismaEngineEnv()); // the Prisma CLI of every bench project, and the core child
const server = await benchServer(process.env.BENCH_DATABASE_URL);
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "?",
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  postgres: `${server.version} (${server.kind})`,
  loadAverageAtStart: (await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" "),
};
log(`machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, PostgreSQL ${machine.postgres}, load average ${machine.loadAverageAtStart}`);

let exitCode = 0;
let availability: { runs: RunResult[]; skipped: number } | null = null;
let overhead: OverheadResult | null = null;
let notNull: NotNullResult | null = null;
let partitioned: PartitionedRun[] | null = null;
let longTx: LongTransactionRun[] | null = null;
let foreignKey: ForeignKeyRun[] | null = null;
try {
  if (!only || only === "foreign-key") {
    foreignKey = await foreignKeyScenario(server.adminUrl, {
      rows, writers,
      warmupMs: positive("warmup", values.warmup) * 1000,
      cooldownMs: positive("cooldown", values.cooldown) * 1000,
      deployTimeoutMs: 15 * 60_000,
      log,
    });
    if (foreignKey.some((r) => r.problems.length > 0)) exitCode = 1;
  }
  if (!only || only === "partitioned") {
    partitioned = await partitionedStall(server.adminUrl, { rows, writers, warmupMs: positive("warmup", values.warmup) * 1000, log });
    if (partitioned.some((r) => r.problems.length > 0)) exitCode = 1;
  }
  if (!only || only === "not-null") {
    notNull = await notNullScenario(server.adminUrl, { rows, writers, warmupMs: positive("warmup", values.warmup) * 1000, log });
    if (notNull.runs.some((r) => r.problems.length > 0)) exitCode = 1;
  }
  if (!only || only === "availability") {
    availability = await writeAvailability(server.adminUrl, {
      rows, writers, repeat,
      warmupMs: positive("warmup", values.warmup) * 1000,
      cooldownMs: positive("cooldown", values.cooldown) * 1000,
      deployTimeoutMs: 15 * 60_000,
      deadline,
      log,
    });
    if (availability.runs.some((r) => r.problems.length > 0)) exitCode = 1;
  }
  if (!only || only === "long-transaction") {
    longTx = await longTransaction(server.adminUrl, {
      rows, writers, holdMs: positive("hold", values.hold) * 1000, warmupMs: 2000, deployTimeoutMs: 15 * 60_000, log,
    });
    if (longTx.some((r) => r.method === "B: retrying lock step" && !r.completed)) exitCode = 1;
  }
  if (!only || only === "overhead") {
    overhead = await generatorOverhead({
      models: Math.round(positive("models", values.models)),
      migrations: Math.round(positive("migrations", values.migrations)),
      repeat: Math.round(positive("overhead-repeat", values["overhead-repeat"])),
      databaseUrl: server.adminUrl,
      log,
    });
  }
} catch (error) {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  exitCode = 1;
} finally {
  await server.stop();
}

const summaries = availability ? summarize(availability.runs) : [];
const ratio = summaries.length ? ratios(summaries) : null;
const goals = targets(summaries, overhead && {
  clientOnlyMs: overhead.generate.clientOnlyMs.median,
  clientAndGeneratorMs: overhead.generate.clientAndGeneratorMs.median,
  overheadPct: overhead.generate.overheadPct,
  cold: { clientAndGeneratorMs: overhead.generate.clientAndGeneratorColdMs.median, overheadPct: overhead.generate.coldOverheadPct },
  largeHistory: { migrations: overhead.largeHistory.migrations, firstBytes: overhead.largeHistory.firstBytes, replayPlanMs: overhead.largeHistory.coreMs.median },
});

if (json) {
  console.log(JSON.stringify({ machine, rows, writers, repeat, availability: availability && { ...availability, summaries, ratios: ratio }, longTransaction: longTx, overhead, foreignKey, partitioned, notNull: notNull?.runs ?? null, targets: goals, exitCode }, null, 2));
} else {
  if (availability) {
    console.log(`\nWrite availability: ${rows.toLocaleString("en-US")} rows, ${writers} writers, ${repeat} round(s); median (min..max)`);
    console.log(availabilityTable(summaries));
    console.log(`\nMigration steps (from _prisma_migrations):\n${stepsTable(summaries)}`);
    if (ratio) {
      console.log(`\nA/B: blocked time ${ratio.blockedAOverB.toFixed(0)}x lower with the generator; deploy time ${ratio.deployBOverA.toFixed(2)}x ` +
        `(SQL ${ratio.sqlBOverA.toFixed(2)}x) without the pre-check` +
        (ratio.deployWithPrecheckOverA ? `, ${ratio.deployWithPrecheckOverA.toFixed(2)}x with it (pre-check step ${((ratio.precheckMs ?? 0) / 1000).toFixed(2)} s)` : "") +
        (ratio.noopDeployBlockedMs === null ? "" : `; a deploy with nothing to apply leaves a ${ratio.noopDeployBlockedMs.toFixed(0)} ms gap by itself`));
    }
    if (availability.skipped) console.log(`${availability.skipped} run(s) skipped: --max-minutes reached.`);
    for (const r of availability.runs.filter((x) => x.problems.length)) console.log(`FAILED round ${r.round} ${r.method}: ${r.problems.join("; ")}`);
  }
  if (longTx) {
    console.log(`\nA long transaction open during the change (${Number(values.hold)} s), ${rows.toLocaleString("en-US")} rows, ${writers} writers:`);
    console.log(longTransactionTable(longTx));
  }
  if (partitioned) {
    console.log(`\nA unique on a partitioned table: ${rows.toLocaleString("en-US")} rows in 4 partitions, ${writers} writers inserting through the parent`);
    console.log(table(["method", "folders", "deploy s", "longest write ms", "before deploy ms", "writes during deploy"], partitioned.map((r) => [
      r.method, String(r.folders), (r.deployMs / 1000).toFixed(2), r.longestStallMs.toFixed(0), r.warmupLongestMs.toFixed(0), String(r.writes),
    ])));
  }
  if (overhead) {
    const o = overhead;
    console.log(`\nGenerator overhead: ${o.models} models, ${o.uniques} uniques, ${o.migrations} migrations (${o.pending} uniques pending, emit = "plan"); median (min..max) ms`);
    console.log(table(["measure", "value"], [
      ["prisma generate, Prisma Client only", formatSpread(o.generate.clientOnlyMs)],
      ["prisma generate, Prisma Client + prisma-concurrently", formatSpread(o.generate.clientAndGeneratorMs)],
      ["overhead (median of the rounds' paired ratios)", `${o.generate.overheadPct.toFixed(1)} %`],
      ["prisma generate, Prisma Client + prisma-concurrently, replay checkpoint off (a first run)", formatSpread(o.generate.clientAndGeneratorColdMs)],
      ["overhead, replay checkpoint off", `${o.generate.coldOverheadPct.toFixed(1)} %`],
      ["prisma generate, Prisma Client + a generator that does nothing (the floor of any generator)", formatSpread(o.generate.clientAndNoopMs)],
      ["overhead of the do-nothing generator", `${o.generate.noopOverheadPct.toFixed(1)} %`],
      ["prisma generate, prisma-concurrently only", formatSpread(o.generate.generatorOnlyMs)],
      ["generator process: prefetch from the manifest call (load planner, config, parser; replay from the checkpoint)", o.generatorPrefetchMs.toFixed(0)],
      ["generator process: generate call (plan + render; the replay is the prefetch's)", o.generatorInProcessMs.toFixed(0)],
      ["generator process peak RSS", `${o.generatorPeakRssMb.toFixed(0)} MB`],
      ["planning core alone: replay + desired + plan", formatSpread(o.core.coreMs)],
      ["  replay", formatSpread(o.core.replayMs)],
      ["  desired", formatSpread(o.core.desiredMs, 1)],
      ["  plan", formatSpread(o.core.planMs, 1)],
      ["  (reading the history)", formatSpread(o.core.readMs)],
      ["  (loading the SQL parser)", formatSpread(o.core.loadParserMs)],
      ["planning core process peak RSS", `${o.core.peakRssMb.toFixed(0)} MB`],
      [`planning core, ${o.largeHistory.migrations} migrations, first one ${(o.largeHistory.firstBytes / 2 ** 20).toFixed(1)} MB: replay + desired + plan`, formatSpread(o.largeHistory.coreMs)],
      ["  replay", formatSpread(o.largeHistory.replayMs)],
    ]));
  }
  if (foreignKey) console.log(`\n${foreignKeyTable(foreignKey, rows, writers)}`);
  if (notNull) {
    console.log(`\nSET NOT NULL on a ${rows.toLocaleString("en-US")}-row table under ${writers} writers (String? → String):\n${notNull.table}`);
    for (const r of notNull.runs.filter((x) => x.problems.length)) console.log(`FAILED not-null ${r.label}: ${r.problems.join("; ")}`);
  }
  if (goals.length) console.log(`\nTargets (issue 14), medians; Prisma's own migration beside this generator's folders:\n${targetsTable(goals)}`);
  console.log(`\nmachine: ${machine.cpus} cores, ${machine.memoryGb} GB, PostgreSQL ${machine.postgres}, load average at start ${machine.loadAverageAtStart}; took ${((performance.now() - started) / 60_000).toFixed(1)} min`);
}
process.exit(exitCode);
