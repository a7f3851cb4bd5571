#!/usr/bin/env node
// `npm run demo`: the ads impression-counter story end to end, on an embedded PostgreSQL (no
// server to install), both ways side by side. Deploys the demo's history, fills
// impression_counter, adds @@unique([adId, impressionDate]); deploys Prisma's own migration for it
// (the plain CREATE UNIQUE INDEX that `prisma migrate diff --script` writes) while the app's
// writers keep writing; undoes it; runs `prisma generate`, shows the folders, deploys them under
// the same writers; then sets the two deploys side by side (figures and a timeline of completed
// writes) and shows Prisma reporting no drift.
//
//   npm run demo -- [--rows 2000000] [--keep]
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { localPostgres } from "./local-postgres.mjs";
import pg from "pg";
import { prismaEngineEnv } from "./prisma-engine-env.mjs";

const repo = resolve(import.meta.dirname, "..");
const HELP = `Usage: npm run demo -- [--rows <n>] [--keep]

  --rows <n>  rows in impression_counter (default 2000000: about a minute in all on 2 idle cores)
  --keep      keep the demo's two projects (the database is removed either way)

Deploys the same @@unique twice under the same writers, Prisma's own migration first, then the
folders prisma-concurrently writes, and sets the two side by side.`;

/** Bad input: one line naming the option and the usage, no stack trace. */
function usageError(message) {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({ options: { rows: { type: "string", default: "2000000" }, keep: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } } }));
} catch (error) {
  usageError(error.message);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1) usageError(`--rows must be a positive whole number, not "${values.rows}"`);

/** The app: this many connections writing back to back (bench/writers.ts), the same for both deploys. */
const WRITERS = 2;
/** Writes before each deploy starts, and after it ends. */
const WARMUP_MS = 1000;
const COOLDOWN_MS = 300;
const INDEX = "impression_counter_ad_id_impression_date_key";

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const step = (n, text) => console.log(`\n${bold(`── ${n}. ${text}`)}`);
const indent = (text, prefix = "  ") => text.split("\n").map((l) => `${prefix}${l}`).join("\n");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The writers, the figures and the timeline are the benchmark's TypeScript (bench/), compiled here
 * into .tmp/demo-build when a source is newer than its output (a few seconds, the first time).
 */
async function loadBenchHelpers() {
  const config = join(repo, "bench", "tsconfig.demo.json");
  const out = join(repo, ".tmp", "demo-build");
  const files = JSON.parse(readFileSync(config, "utf8")).files;
  const stale = files.some((f) => {
    const built = join(out, f.replace(/\.ts$/, ".js"));
    return !existsSync(built) || statSync(built).mtimeMs < statSync(join(repo, "bench", f)).mtimeMs;
  });
  if (stale) execFileSync(process.execPath, [join(repo, "node_modules", "typescript", "bin", "tsc"), "-p", config], { stdio: "inherit" });
  const load = (f) => import(new URL(`../.tmp/demo-build/${f}`, import.meta.url).href);
  return { ...(await load("writers.js")), ...(await load("timeline.js")), ...(await load("side-by-side.js")) };
}
const { Writers, WRITER_AD_BASE, drawTimeline, changeFigures, sideBySide } = await loadBenchHelpers();

const port = await new Promise((ok) => {
  const s = createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => ok(p)); });
});
const work = mkdtempSync(join(tmpdir(), "prisma-concurrently-demo-"));
chmodSync(work, 0o755); // as root, the server runs as the postgres user and must reach its data folder
const server = localPostgres(port); // as root, it runs as the postgres user, wherever the checkout is
const databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/ads`;
// PostgreSQL runs detached (a process group of its own): Ctrl-C or a kill of the demo would leave
// it running, so stop it (and remove the work folder) before exiting on those signals.
// The signal also reaches the Prisma CLI the demo is running (same process group), which may fail
// first: the exit code stays the signal's, not the failed step's.
let interrupted = 0;
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]]) {
  process.once(signal, () => {
    interrupted = code;
    process.exitCode = code;
    console.error(`\n${signal}: stopping PostgreSQL`);
    server.stop().catch(() => {}).finally(() => {
      rmSync(work, { recursive: true, force: true });
      process.exit(code);
    });
  });
}

/** The project with the generator, and the same project deploying Prisma's own migration instead. */
const project = join(work, "project");
const prismaOnly = join(work, "project-prisma-only");
const env = { ...process.env, ...prismaEngineEnv(), DATABASE_URL: databaseUrl, PATH: `${join(project, "node_modules", ".bin")}:${process.env.PATH}` };
delete env.CI; // the demo writes its folders, as a developer's machine does

/** Runs the real Prisma CLI in `cwd` (asynchronously, so the writers keep writing meanwhile). */
async function prisma(cwd, ...args) {
  console.log(`$ npx prisma ${args.join(" ")}`);
  const child = spawn(process.execPath, [join(repo, "node_modules", "prisma", "build", "index.js"), ...args], { cwd, env });
  let stdout = "";
  let output = "";
  child.stdout.on("data", (d) => { stdout += d; output += d; });
  child.stderr.on("data", (d) => { output += d; });
  const status = await new Promise((ok) => child.on("close", ok));
  const shown = output.split("\n").filter((l) => l.trim() && !l.startsWith("Loaded Prisma config")).join("\n");
  if (args.at(-1) !== "--script") console.log(indent(shown));
  else if (status !== 0) console.log(indent(output));
  return { status, stdout };
}

async function sql(text, params) {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try { return (await c.query(text, params)).rows; } finally { await c.end(); }
}

/** The demo project in `dir`; without the generator block for Prisma's own way. */
function writeProject(dir, { withGenerator }) {
  mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
  symlinkSync(join(repo, "node_modules", "prisma"), join(dir, "node_modules", "prisma"));
  symlinkSync(join(repo, "dist", "bin.js"), join(dir, "node_modules", ".bin", "prisma-concurrently"));
  cpSync(join(repo, "prisma"), join(dir, "prisma"), { recursive: true });
  if (!withGenerator) editSchema(dir, (text) => text.replace(/^generator concurrently \{[^}]*\}\n+/m, ""));
  writeFileSync(join(dir, "package.json"), '{ "name": "ads-demo", "private": true }\n');
  writeFileSync(join(dir, "prisma.config.ts"), `import { defineConfig } from "prisma/config";\nexport default defineConfig({ schema: "prisma/schema.prisma", migrations: { path: "prisma/migrations" }, datasource: { url: process.env.DATABASE_URL! } });\n`);
}

function editSchema(dir, edit) {
  const schemaFile = join(dir, "prisma", "schema.prisma");
  writeFileSync(schemaFile, edit(readFileSync(schemaFile, "utf8")));
}

const addUnique = (text) => text.replace('  @@map("impression_counter")', '  @@unique([adId, impressionDate])\n  @@map("impression_counter")');

function showMigration(dir, folder) {
  console.log(`\n  ${bold(`prisma/migrations/${folder}/migration.sql`)}`);
  console.log(indent(readFileSync(join(dir, "prisma", "migrations", folder, "migration.sql"), "utf8").trimEnd(), "  │ "));
}

/** The state both deploys start from: dead rows of the last run vacuumed, statistics fresh, nothing dirty in memory. */
async function settleTable() {
  await sql("VACUUM ANALYZE impression_counter");
  await sql("CHECKPOINT");
}

/** `prisma migrate deploy` in `dir` while the writers write; the writers' log and when the deploy ran. */
async function deployUnderWriters(dir, writers) {
  await settleTable();
  writers.start();
  await sleep(WARMUP_MS);
  const start = performance.now();
  const deploy = await prisma(dir, "migrate", "deploy");
  const end = performance.now();
  await sleep(COOLDOWN_MS);
  await writers.stop();
  if (deploy.status !== 0) throw new Error("migrate deploy failed");
  if (writers.totals.errors > 0) throw new Error(`${writers.totals.errors} writes failed: ${writers.totals.errorSamples.join(" | ")}`);
  return { log: writers.log, start, end, figures: changeFigures(writers.log, start, end) };
}

async function theIndex() {
  const [index] = await sql(`SELECT x.indisvalid AS valid, c.conname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                             LEFT JOIN pg_constraint c ON c.conindid = i.oid WHERE i.relname = $1`, [INDEX]);
  return index;
}

let writers;
try {
  step(1, "Start an embedded PostgreSQL and deploy the demo's migration history");
  await server.initialise();
  await server.start();
  writeProject(project, { withGenerator: true });
  console.log(`PostgreSQL on 127.0.0.1:${port}, project in ${project}`);
  if ((await prisma(project, "migrate", "deploy")).status !== 0) throw new Error("deploy of the demo history failed");
  console.log(`  (PostgreSQL ${(await sql("SHOW server_version"))[0].server_version})`);

  step(2, `Fill impression_counter with ${rows.toLocaleString("en")} rows (one per ad and day)`);
  let t = performance.now();
  await sql(`INSERT INTO "Ad" (title) SELECT 'Ad #' || g FROM generate_series(1, 100) g`);
  // In one transaction with the per-row foreign-key check off (every row's ad, 1 to 100, exists): twice as fast.
  await sql(`BEGIN;
             SET LOCAL session_replication_role = replica;
             INSERT INTO impression_counter (ad_id, impression_date, counter)
             SELECT 1 + (g % 100), DATE '2000-01-01' + (g / 100), (g::bigint * 7919 % 1000)::int FROM generate_series(0, ${rows} - 1) g;
             COMMIT;`);
  // The app's writers count impressions of ads of their own (new keys), and bump random counters.
  await sql(`INSERT INTO "Ad" (id, title) SELECT $1::int + w, 'Ad of writer ' || w FROM generate_series(0, $2::int - 1) w`, [WRITER_AD_BASE, WRITERS]);
  console.log(`  ${rows.toLocaleString("en")} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  writers = new Writers(databaseUrl, WRITERS, rows);
  await writers.connect();

  step(3, "Add the unique to the schema: @@unique([adId, impressionDate])");
  editSchema(project, addUnique);
  writeProject(prismaOnly, { withGenerator: false });
  editSchema(prismaOnly, addUnique);
  console.log("  model ImpressionCounter { … @@unique([adId, impressionDate]) … }");

  step(4, "First Prisma's own way: the migration `prisma migrate dev` would write for it");
  console.log(`The same project without the generator, in ${prismaOnly}`);
  const diff = await prisma(prismaOnly, "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--script");
  if (diff.status !== 0) throw new Error("prisma migrate diff failed");
  const prismaFolder = `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_add_unique`;
  mkdirSync(join(prismaOnly, "prisma", "migrations", prismaFolder));
  writeFileSync(join(prismaOnly, "prisma", "migrations", prismaFolder, "migration.sql"), diff.stdout);
  showMigration(prismaOnly, prismaFolder);

  step(5, `prisma migrate deploy of Prisma's migration, while the app's ${WRITERS} writers keep inserting and updating counters`);
  const prismaRun = await deployUnderWriters(prismaOnly, writers);
  const prismaIndex = await theIndex();
  console.log(`  index valid: ${prismaIndex?.valid}`);
  if (!prismaIndex?.valid) throw new Error("Prisma's migration left no valid index");

  step(6, "Undo it, to start again from the same table: drop the index and forget the migration");
  await sql(`DROP INDEX "${INDEX}"`);
  await sql("DELETE FROM _prisma_migrations WHERE migration_name = $1", [prismaFolder]);
  console.log(`  DROP INDEX "${INDEX}"; and its row in _prisma_migrations deleted`);

  step(7, "Now with prisma-concurrently: prisma generate diffs schema and history and writes the migration folders");
  if ((await prisma(project, "generate")).status !== 0) throw new Error("prisma generate failed");
  const migrationsDir = join(project, "prisma", "migrations");
  for (const folder of readdirSync(migrationsDir).filter((f) => f.includes("_concurrently_")).sort()) showMigration(project, folder);

  step(8, "prisma migrate deploy of these folders, under the same writers");
  const generatorRun = await deployUnderWriters(project, writers);
  const index = await theIndex();
  console.log(`  index valid: ${index?.valid}, constraint: ${index?.conname}`);
  if (!index?.valid || !index.conname) throw new Error("the unique index is not valid and attached");

  step(9, "Side by side: the same unique on the same table, under the same writers");
  const runs = [{ label: "Prisma's migration", run: prismaRun }, { label: "prisma-concurrently", run: generatorRun }];
  console.log(indent(sideBySide(runs.map(({ label, run }) => ({ label, figures: run.figures })))));
  console.log();
  console.log(indent(drawTimeline(runs.map(({ label, run }) => ({ label, completions: run.log.completions(), from: run.start, to: run.end })))));

  step(10, "Prisma sees no difference between the history and the schema");
  if ((await prisma(project, "migrate", "status")).status !== 0) throw new Error("migrate status is not up to date");
  const drift = await prisma(project, "migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code");
  if (drift.status !== 0) throw new Error("Prisma still sees a difference");
  console.log(`\n${bold("Done:")} the unique is in place, built without blocking writes, and \`prisma migrate dev\` has nothing to add.`);
} catch (error) {
  if (!interrupted) {
    console.error(`\ndemo failed: ${error.message}`);
    process.exitCode = 1;
  }
} finally {
  await writers?.close().catch(() => {});
  await server.stop().catch(() => {});
  if (values.keep) console.log(`kept ${project} and ${prismaOnly}`);
  else rmSync(work, { recursive: true, force: true });
}
