#!/usr/bin/env node
// `npm run demo`: the ads impression-counter story end to end, on an embedded PostgreSQL (no
// server to install). Deploys the demo's history, fills impression_counter, adds
// @@unique([adId, impressionDate]), runs `prisma generate`, shows the folders, deploys them while
// a writer keeps inserting, and shows Prisma reporting no drift.
//
//   npm run demo -- [--rows 1000000] [--keep]
import { spawn } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { localPostgres } from "./local-postgres.mjs";
import pg from "pg";
import { prismaEngineEnv } from "./prisma-engine-env.mjs";

const repo = resolve(import.meta.dirname, "..");
const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, keep: { type: "boolean", default: false } } });
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows must be a positive whole number, not "${values.rows}"`);

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const step = (n, text) => console.log(`\n${bold(`── ${n}. ${text}`)}`);

const port = await new Promise((ok) => {
  const s = createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => ok(p)); });
});
const work = mkdtempSync(join(tmpdir(), "prisma-concurrently-demo-"));
chmodSync(work, 0o755); // as root, the server runs as the postgres user and must reach its data folder
const server = localPostgres(port); // as root, it runs as the postgres user, wherever the checkout is
const databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/ads`;
const project = join(work, "project");
const env = { ...process.env, ...prismaEngineEnv(), DATABASE_URL: databaseUrl, PATH: `${join(project, "node_modules", ".bin")}:${process.env.PATH}` };
delete env.CI; // the demo writes its folders, as a developer's machine does

/** Runs the real Prisma CLI (asynchronously, so the writer keeps writing meanwhile). */
async function prisma(...args) {
  console.log(`$ npx prisma ${args.join(" ")}`);
  const child = spawn(process.execPath, [join(repo, "node_modules", "prisma", "build", "index.js"), ...args], { cwd: project, env });
  let output = "";
  child.stdout.on("data", (d) => { output += d; });
  child.stderr.on("data", (d) => { output += d; });
  const status = await new Promise((ok) => child.on("close", ok));
  const r = { status };
  const out = output.split("\n").filter((l) => l.trim() && !l.startsWith("Loaded Prisma config")).map((l) => `  ${l}`).join("\n");
  console.log(out);
  return r;
}

async function sql(text, params) {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try { return (await c.query(text, params)).rows; } finally { await c.end(); }
}

/** Inserts new (ad, day) counters one at a time until stopped; returns the longest wait between two writes. */
function startWriter() {
  let stop = false;
  const done = (async () => {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    let last = performance.now();
    let longest = 0;
    let writes = 0;
    for (let day = 0; !stop; day++) {
      await c.query(`INSERT INTO impression_counter (ad_id, impression_date, counter) VALUES (1 + $1::int % 100, DATE '2100-01-01' + $1::int, 1)`, [day]);
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      writes++;
    }
    await c.end();
    return { longest, writes };
  })();
  return { stop: () => { stop = true; return done; } };
}

try {
  step(1, "Start an embedded PostgreSQL and deploy the demo's migration history");
  await server.initialise();
  await server.start();
  mkdirSync(join(project, "node_modules"), { recursive: true });
  symlinkSync(join(repo, "node_modules", "prisma"), join(project, "node_modules", "prisma"));
  mkdirSync(join(project, "node_modules", ".bin"));
  symlinkSync(join(repo, "dist", "bin.js"), join(project, "node_modules", ".bin", "prisma-concurrently"));
  cpSync(join(repo, "prisma"), join(project, "prisma"), { recursive: true });
  writeFileSync(join(project, "package.json"), '{ "name": "ads-demo", "private": true }\n');
  writeFileSync(join(project, "prisma.config.ts"), `import { defineConfig } from "prisma/config";\nexport default defineConfig({ schema: "prisma/schema.prisma", migrations: { path: "prisma/migrations" }, datasource: { url: process.env.DATABASE_URL! } });\n`);
  console.log(`PostgreSQL on 127.0.0.1:${port}, project in ${project}`);
  if ((await prisma("migrate", "deploy")).status !== 0) throw new Error("deploy of the demo history failed");
  console.log(`  (PostgreSQL ${(await sql("SHOW server_version"))[0].server_version})`);

  step(2, `Fill impression_counter with ${rows.toLocaleString("en")} rows (one per ad and day)`);
  let t = performance.now();
  await sql(`INSERT INTO "Ad" (title) SELECT 'Ad #' || g FROM generate_series(1, 100) g`);
  await sql(`INSERT INTO impression_counter (ad_id, impression_date, counter)
             SELECT 1 + (g % 100), DATE '2000-01-01' + (g / 100), (g::bigint * 7919 % 1000)::int FROM generate_series(0, $1::int - 1) g`, [rows]);
  await sql("ANALYZE impression_counter");
  console.log(`  ${rows.toLocaleString("en")} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  step(3, "Add the unique to the schema: @@unique([adId, impressionDate])");
  const schemaFile = join(project, "prisma", "schema.prisma");
  writeFileSync(schemaFile, readFileSync(schemaFile, "utf8").replace('  @@map("impression_counter")', '  @@unique([adId, impressionDate])\n  @@map("impression_counter")'));
  console.log("  model ImpressionCounter { … @@unique([adId, impressionDate]) … }");

  step(4, "prisma generate: the generator diffs schema and history and writes the migration folders");
  if ((await prisma("generate")).status !== 0) throw new Error("prisma generate failed");

  step(5, "The folders it wrote (review and commit these)");
  const migrationsDir = join(project, "prisma", "migrations");
  for (const folder of readdirSync(migrationsDir).filter((f) => f.includes("_concurrently_")).sort()) {
    console.log(`\n  ${bold(`prisma/migrations/${folder}/migration.sql`)}`);
    const text = readFileSync(join(migrationsDir, folder, "migration.sql"), "utf8");
    console.log(text.split("\n").map((l) => `  │ ${l}`).join("\n").trimEnd());
  }

  step(6, "prisma migrate deploy, while a writer keeps inserting counters");
  const writer = startWriter();
  await new Promise((r) => setTimeout(r, 300));
  t = performance.now();
  const deploy = await prisma("migrate", "deploy");
  const deploySeconds = (performance.now() - t) / 1000;
  const { longest, writes } = await writer.stop();
  if (deploy.status !== 0) throw new Error("migrate deploy failed");
  console.log(`  deploy took ${deploySeconds.toFixed(1)} s; the writer completed ${writes} inserts, the longest wait between two was ${longest.toFixed(0)} ms`);
  const [index] = await sql(`SELECT x.indisvalid AS valid, c.conname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                             LEFT JOIN pg_constraint c ON c.conindid = i.oid WHERE i.relname = 'impression_counter_ad_id_impression_date_key'`);
  console.log(`  index valid: ${index?.valid}, constraint: ${index?.conname}`);
  if (!index?.valid || !index.conname) throw new Error("the unique index is not valid and attached");

  step(7, "Prisma sees no difference between the history and the schema");
  if ((await prisma("migrate", "status")).status !== 0) throw new Error("migrate status is not up to date");
  const diff = await prisma("migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code");
  if (diff.status !== 0) throw new Error("Prisma still sees a difference");
  console.log(`\n${bold("Done:")} the unique is in place, built without blocking writes, and \`prisma migrate dev\` has nothing to add.`);
} catch (error) {
  console.error(`\ndemo failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  await server.stop().catch(() => {});
  if (values.keep) console.log(`kept ${project}`);
  else rmSync(work, { recursive: true, force: true });
}
