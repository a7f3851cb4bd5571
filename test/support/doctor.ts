// Helpers of the doctor scenarios: the ads fixture filled with rows (and duplicates), the unique
// added to the schema with generator options, the doctor run from this checkout's build, and a
// second PostgreSQL session to hold locks or snapshots while a deploy runs.
import { addAdDateUnique, seedImpressions, AD_DATE_UNIQUE as INDEX } from "./ads.js";
import pg from "pg";
import { afterEach, expect } from "vitest";
import { makeProject, one, type PrismaMajor, type Project, type RunResult, type ScriptMode } from "./project.js";
import { ownCli } from "./cli.js";

export { INDEX };

export const SLUG = "impression_counter_ad_id_impression_date";
export const folderOf = (project: Project, step: "precheck" | "index" | "attach") =>
  project.migrations().find((m) => m.includes(`concurrently_${step}_unique_${SLUG}`))!;

/** `count` distinct (ad_id, impression_date) rows, then `duplicates` extra copies of existing keys. */
export async function seedWithDuplicates(project: Project, count: number, duplicates = 0) {
  await seedImpressions(project, count);
  if (duplicates > 0) {
    await project.sql(
      `INSERT INTO impression_counter (ad_id, impression_date, counter)
       SELECT ad_id, impression_date, 1 FROM impression_counter ORDER BY id DESC LIMIT $1`,
      [duplicates],
    );
  }
}

/** Keeps the row with the lowest id of every key: the test's stand-in for the dedupe the user runs. */
export async function dedupe(project: Project) {
  await project.sql(
    `DELETE FROM impression_counter a USING impression_counter b
      WHERE a.ad_id = b.ad_id AND a.impression_date = b.impression_date AND a.id > b.id`,
  );
}

/** Adds `@@unique([adId, impressionDate])` and the given options to this tool's generator block. */
export function addUnique(project: Project, options: Record<string, string> = {}) {
  project.editSchema((s) => {
    let out = addAdDateUnique(s);
    for (const [key, value] of Object.entries(options)) out = out.replace(/(generator\s+concurrently\s*\{)/, `$1\n  ${key} = "${value}"`);
    return out;
  });
}

export async function generateUnique(project: Project, options: Record<string, string> = {}) {
  addUnique(project, options);
  const generate = await project.generate();
  expect(generate.code, generate.output).toBe(0);
}

export function doctor(project: Project, args: string[] = [], env?: Record<string, string>): Promise<RunResult> {
  return ownCli(project, ["doctor", ...args], env).then((r) => {
    if (process.env.DOCTOR_TEST_SHOW) console.log(`$ doctor ${args.join(" ")}  → ${r.code}\n${r.output}`);
    return r;
  });
}

export async function doctorJson(project: Project, args: string[] = []) {
  const result = await doctor(project, [...args, "--json"]);
  try {
    return { code: result.code, report: JSON.parse(result.stdout), output: result.output };
  } catch {
    throw new Error(`doctor --json printed no JSON:\n${result.output}`);
  }
}

export async function migrationRows(project: Project, name: string) {
  return project.sql<{ finished_at: Date | null; rolled_back_at: Date | null }>(
    "SELECT finished_at, rolled_back_at FROM _prisma_migrations WHERE migration_name = $1 ORDER BY started_at",
    [name],
  );
}

export async function indexState(project: Project, name = INDEX) {
  const rows = await project.sql<{ valid: boolean; constraint: string | null }>(
    `SELECT x.indisvalid AS valid, c.conname AS constraint
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
       LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid
      WHERE i.relname = $1`,
    [name],
  );
  return rows[0] ?? null;
}

const sessions: pg.Client[] = [];

/** A second session on the project's database, e.g. to hold a lock or a snapshot during a deploy; closed after the test. */
export async function openSession(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: "doctor-test-blocker" });
  client.on("error", () => {}); // a session the test ends on purpose (pg_terminate_backend, DROP DATABASE) is no failure
  await client.connect();
  sessions.push(client);
  return client;
}

/** The test's project (removed after it) and its extra sessions (closed after it). */
export function scenarioHooks(): { project?: Project } {
  const state: { project?: Project } = {};
  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.end().catch(() => {});
    state.project?.remove();
    state.project = undefined;
  });
  return state;
}

/** The two ends of the matrix the doctor scenarios run under: Prisma 7 sending files whole, Prisma 6 split. */
export const doctorMatrix = one;

export function makeAdsProject(prisma: PrismaMajor, mode: ScriptMode): Promise<Project> {
  return makeProject("ads", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
}

/** Deploys the fixture's history, fills the table, adds the unique (with generator options) and generates its folders. */
export async function prepareUnique(project: Project, rows: number, opts: { duplicates?: number; options?: Record<string, string> } = {}) {
  const init = await project.deploy();
  expect(init.code, init.output).toBe(0);
  await seedWithDuplicates(project, rows, opts.duplicates ?? 0);
  await generateUnique(project, opts.options);
}

/** `doctor` exits 1 and its report contains every one of `texts`; returns the report. */
export async function expectDoctorReports(project: Project, texts: Array<string | RegExp>): Promise<string> {
  const result = await doctor(project);
  expect(result.code, result.output).toBe(1);
  for (const t of texts) {
    if (typeof t === "string") expect(result.stdout).toContain(t);
    else expect(result.stdout).toMatch(t);
  }
  return result.stdout;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** After the repair: deploy completes, the key is a valid constraint, and Prisma sees no drift. */
export async function expectDeployCompletes(project: Project) {
  const deploy = await project.deploy();
  expect(deploy.code, deploy.output).toBe(0);
  expect(await indexState(project)).toEqual({ valid: true, constraint: INDEX });
  const diff = await project.diff();
  expect(diff.code, diff.output).toBe(0);
  const after = await doctor(project);
  expect(after.code, after.output).toBe(0);
  expect(after.stdout).toContain("Nothing needs attention.");
}
