// NOT NULL on an existing column (issue 12), end to end on real PostgreSQL and the real Prisma CLI,
// on a table with rows and writers running during `prisma migrate deploy`:
//   - generator: `label String?` → `String` writes the four folders (NULL pre-check, CHECK NOT VALID,
//     VALIDATE, SET NOT NULL + drop); deploy; the column is NOT NULL, no check is left, diff 0, a
//     second generate writes nothing, `check` passes the folders; writers never failed;
//   - NULL rows: the pre-check stops the deploy with a readable report before anything is changed;
//     doctor explains it; once the rows have a value, resolve + deploy completes;
//   - fix: Prisma's own migration (its SET NOT NULL among the table's other clauses) fails `check`,
//     `fix` moves only the SET NOT NULL, check passes, deploy, diff 0;
//   - check: a new required column with a constant or now() default is not flagged; one with
//     `dbgenerated("gen_random_uuid()")` is, with the safe steps;
//   - SET NOT NULL after the validated check reads no row (PostgreSQL's DEBUG1 line says so).
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { makeProject, pairs, secondaryRunsUnder, type Project } from "./support/project.js";
import { jsonCheck, ownCli, prismaScript } from "./support/cli.js";
import { addToModel, setGeneratorOption } from "./support/schema-edit.js";
import { doctor } from "./support/doctor.js";

const ROWS = 20_000;
const LABEL_ADDED = "20260101000000_label";
const NOW = { PRISMA_CONCURRENTLY_NOW: "2026-02-01T10:00:00Z" };

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

/** The ads project with `Click.label String?` deployed by Prisma's own migration, and ROWS clicks with a label (but `nulls` of them). */
async function withOptionalLabel(prisma: 6 | 7, mode: "whole" | "split", nulls = 0): Promise<Project> {
  const p = await makeProject("ads", { prisma, mode, env: NOW });
  p.editSchema((s) => addToModel(s, "Click", "label String?"));
  p.addMigration(LABEL_ADDED, await prismaScript(p));
  const deploy = await p.deploy();
  expect(deploy.code, deploy.output).toBe(0);
  await p.sql(`INSERT INTO "Ad" (title) SELECT 'ad ' || g FROM generate_series(1, 50) g`);
  await p.sql(`INSERT INTO "Click" (ad_id, label) SELECT 1 + g % 50, CASE WHEN g <= ${nulls} THEN NULL ELSE 'l' || g END FROM generate_series(1, ${ROWS}) g`);
  return p;
}

const requireLabel = (p: Project) => p.editSchema((s) => s.replace(/label String\?/, "label String"));

/** Clients inserting and updating clicks (always with a label) until stopped; they count what they did and every error. */
function startWriters(url: string, count = 3) {
  let running = true;
  const done = { writes: 0, errors: [] as string[], longestMs: 0 };
  const loops = Array.from({ length: count }, async () => {
    const client = new pg.Client({ connectionString: url, application_name: "writer" });
    await client.connect();
    try {
      while (running) {
        const started = performance.now();
        try {
          await client.query(`INSERT INTO "Click" (ad_id, label) VALUES (1 + floor(random() * 50)::int, 'w')`);
          await client.query(`UPDATE "Click" SET label = label || '.' WHERE id = 1 + floor(random() * ${ROWS})::int`);
          done.writes += 2;
        } catch (error) {
          done.errors.push((error as Error).message);
        }
        done.longestMs = Math.max(done.longestMs, performance.now() - started);
      }
    } finally {
      await client.end();
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return done;
    },
  };
}

async function labelState(p: Project) {
  const [column] = await p.sql<{ attnotnull: boolean }>(`SELECT attnotnull FROM pg_attribute WHERE attrelid = '"Click"'::regclass AND attname = 'label'`);
  const checks = await p.sql<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE conrelid = '"Click"'::regclass AND contype = 'c'`);
  return { notNull: column!.attnotnull, checks: checks.map((c) => c.conname) };
}

/** doctor names the failed folder, says `texts` and the resolve command; once the rows have a value, resolve + deploy make the column NOT NULL. */
async function explainedThenDeployed(p: Project, failed: string, texts: string[]) {
  const explained = await doctor(p);
  for (const text of [failed, ...texts, `npx prisma migrate resolve --rolled-back ${failed}`]) expect(explained.output).toContain(text);
  await p.sql(`UPDATE "Click" SET label = 'filled' WHERE label IS NULL`);
  expect((await p.resolve("--rolled-back", failed)).code).toBe(0);
  const again = await p.deploy();
  expect(again.code, again.output).toBe(0);
  expect(await labelState(p)).toEqual({ notNull: true, checks: [] });
}

describe.each(pairs)("NOT NULL on an existing column: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  it("generator: four folders; deployed with writers running, NOT NULL, no check left, diff 0, nothing more to generate, check passes", async () => {
    project = await withOptionalLabel(prisma, mode);
    requireLabel(project);
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    const ours = project.migrations().filter((m) => m > LABEL_ADDED);
    expect(ours.map((m) => m.slice(15))).toEqual([
      "concurrently_precheck_not_null_click_label",
      "concurrently_check_not_null_click_label",
      "concurrently_validate_not_null_click_label",
      "concurrently_set_not_null_click_label",
    ]);
    expect(generate.output).toContain('SET NOT NULL on "label" of "Click" (no scan)');

    const writers = startWriters(project.databaseUrl);
    const deploy = await project.deploy();
    const wrote = await writers.stop();
    expect(deploy.code, deploy.output).toBe(0);
    expect(wrote.errors).toEqual([]);
    expect(wrote.writes).toBeGreaterThan(0);
    expect(await labelState(project)).toEqual({ notNull: true, checks: [] });

    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
    const again = await project.generate();
    expect(again.code, again.output).toBe(0);
    expect(project.migrations().filter((m) => m > LABEL_ADDED)).toEqual(ours);
    const check = await jsonCheck(project);
    expect(check.code, check.output).toBe(0);
    expect(check.report.findings).toEqual([]);
  });

  it.runIf(secondaryRunsUnder({ prisma, mode }))("NULL rows: the pre-check stops the deploy with a readable report before anything changes; doctor explains; fixed rows deploy", async () => {
    project = await withOptionalLabel(prisma, mode, 3);
    requireLabel(project);
    expect((await project.generate()).code).toBe(0);
    const precheck = project.migrations().find((m) => m.endsWith("_concurrently_precheck_not_null_click_label"))!;
    const deploy = await project.deploy();
    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toContain(`prisma-concurrently: cannot make "label" of "Click" NOT NULL (Click.label (now required)): 3 rows have NULL there. First of them (id):\n  ('1')\n  ('2')\n  ('3')`);
    expect(deploy.output).toContain(`Nothing was changed. Next: give those rows a value (UPDATE "Click" SET "label" = … WHERE "label" IS NULL`);
    expect(await labelState(project)).toEqual({ notNull: false, checks: [] });

    await explainedThenDeployed(project, precheck, ['3 rows have NULL in "label" of "Click"']);
  });

  it.runIf(secondaryRunsUnder({ prisma, mode }))("VALIDATE meets NULLs (pre-check off): new NULLs are refused meanwhile, doctor explains, filled rows deploy", async () => {
    project = await withOptionalLabel(prisma, mode, 2);
    project.editSchema((s) => setGeneratorOption(s.replace(/label String\?/, "label String"), "precheck", "false"));
    expect((await project.generate()).code).toBe(0);
    const validate = project.migrations().find((m) => m.endsWith("_concurrently_validate_not_null_click_label"))!;
    expect(project.migrations().some((m) => m.includes("precheck_not_null"))).toBe(false);
    const deploy = await project.deploy();
    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toContain(validate);
    expect(deploy.output).toMatch(/check constraint "Click_label_pcc_nn_[0-9a-f]{8}" of relation "Click" is violated by some row/);
    // The NOT VALID check already holds for every new or updated row.
    await expect(project.sql(`INSERT INTO "Click" (ad_id, label) VALUES (1, NULL)`)).rejects.toMatchObject({ code: "23514" });

    await explainedThenDeployed(project, validate, [`${validate} failed: NULL rows.`, "the NOT VALID check already refuses every new NULL"]);
    expect((await project.diff()).code).toBe(0);
  });

  it.runIf(secondaryRunsUnder({ prisma, mode }))("fix: Prisma's SET NOT NULL fails check; fix moves only it (the other clauses stay); check passes; deploy with writers; diff 0", async () => {
    project = await withOptionalLabel(prisma, mode);
    project.editSchema((s) => addToModel(s.replace(/label String\?/, "label String"), "Click", `kind String @default("web")`));
    const script = await prismaScript(project);
    expect(script).toContain('ALTER COLUMN "label" SET NOT NULL');
    const migration = "20260301090000_required_label";
    project.addMigration(migration, script);

    const before = await jsonCheck(project);
    expect(before.code, before.output).toBe(1);
    expect(before.report.findings.map((f: { rule: string }) => f.rule)).toEqual(["blocking-set-not-null"]);
    if (prisma === 7) {
      // The generator plans nothing (the history has the NOT NULL) and names the migration and fix.
      const generate = await project.generate();
      expect(generate.code, generate.output).toBe(0);
      expect(generate.stdout).toContain(`prisma/migrations/${migration}/migration.sql line 2: ALTER COLUMN "label" SET NOT NULL on "Click"`);
      expect(generate.stdout).toContain(`If it is not deployed anywhere yet: npx prisma-concurrently fix ${migration}`);
      expect(project.migrations().filter((m) => m > migration)).toEqual([]);
    }
    const fix = await ownCli(project, ["fix", migration]);
    expect(fix.code, fix.output).toBe(0);
    const rewritten = project.readMigration(migration);
    expect(rewritten).toContain(`ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'web'`);
    expect(rewritten).not.toContain("SET NOT NULL;");
    expect(project.migrations().filter((m) => m > migration).map((m) => m.slice(15))).toEqual([
      "concurrently_precheck_not_null_click_label",
      "concurrently_check_not_null_click_label",
      "concurrently_validate_not_null_click_label",
      "concurrently_set_not_null_click_label",
    ]);
    const after = await jsonCheck(project);
    expect(after.code, after.output).toBe(0);

    const writers = startWriters(project.databaseUrl);
    const deploy = await project.deploy();
    const wrote = await writers.stop();
    expect(deploy.code, deploy.output).toBe(0);
    expect(wrote.errors).toEqual([]);
    expect(await labelState(project)).toEqual({ notNull: true, checks: [] });
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
  });
});

describe("check on new required columns (Prisma 7, whole)", () => {
  it("a constant or now() default is instant and not flagged; dbgenerated(gen_random_uuid()) rewrites the table: flagged with the safe steps", async () => {
    project = await withOptionalLabel(7, "whole");
    project.editSchema((s) => addToModel(addToModel(s, "Click", `kind String @default("web")`), "Click", "seenAt DateTime @default(now()) @map(\"seen_at\")"));
    project.addMigration("20260301090000_stable", await prismaScript(project));
    const stable = await jsonCheck(project);
    expect(stable.code, stable.output).toBe(0);
    expect((await project.deploy()).code).toBe(0);

    project.editSchema((s) => addToModel(s, "Click", 'token String @default(dbgenerated("gen_random_uuid()")) @db.Uuid'));
    project.addMigration("20260301090001_token", await prismaScript(project));
    const flagged = await jsonCheck(project);
    expect(flagged.code, flagged.output).toBe(1);
    expect(flagged.report.findings).toHaveLength(1);
    const [finding] = flagged.report.findings;
    expect(finding).toMatchObject({ migration: "20260301090001_token", rule: "volatile-default", severity: "error" });
    expect(finding.message).toContain('ADD COLUMN "token" … DEFAULT gen_random_uuid() on "Click"');
    expect(finding.fix).toContain('ALTER TABLE "Click" ADD COLUMN "token" UUID; (nullable, no default: instant)');
  });
});

describe("SET NOT NULL after the validated check reads no row (PostgreSQL 12+)", () => {
  it("the set_not_null folder's statements: PostgreSQL's DEBUG1 says the valid check proves it, and no table is verified", async () => {
    project = await withOptionalLabel(7, "whole");
    requireLabel(project);
    expect((await project.generate()).code).toBe(0);
    const folders = project.migrations().filter((m) => m > LABEL_ADDED);
    const client = new pg.Client(project.databaseUrl);
    await client.connect();
    const notices: string[] = [];
    client.on("notice", (n) => notices.push(n.message ?? ""));
    try {
      for (const folder of folders.slice(0, 3)) await client.query(project.readMigration(folder));
      await client.query("SET client_min_messages = debug1");
      await client.query(project.readMigration(folders[3]!));
    } finally {
      await client.end();
    }
    expect(notices).toContain('existing constraints on column "Click.label" are sufficient to prove that it does not contain nulls');
    expect(notices.some((n) => n.startsWith("verifying table"))).toBe(false);
  });
});
