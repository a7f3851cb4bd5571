// A new relation on a table with rows (issue 12, foreign keys), end to end on the real Prisma CLI
// and PostgreSQL: the ads fixture's Click gets a column `source_ad_id` (its own migration), rows,
// then `sourceAd Ad? @relation(…)`. Prisma would write ADD CONSTRAINT … FOREIGN KEY, which scans
// Click under SHARE ROW EXCLUSIVE on Click and Ad (writes wait). Proven:
//   - generator path: the generator writes pre-check, ADD … NOT VALID (Prisma's own statement, name
//     and actions, plus NOT VALID) and VALIDATE; `check` passes them; deploy with writers inserting
//     throughout (none fails); the constraint is valid; diff 0; a second generate writes nothing;
//   - a relation whose column is new in the same change: the generator says what to do;
//   - fix path: `check` flags Prisma's migration with the fix command, `fix` rewrites it, `check`
//     passes; rows without their referenced row stop the pre-check with a readable report and
//     `doctor` explains it; skipping the pre-check, VALIDATE fails (23503), the constraint is
//     NOT VALID yet refuses new orphans, `doctor` explains and names the rows' query; after the
//     rows are repaired, `doctor --fix` resolves, deploy completes, diff 0.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { makeProject, pairs, secondaryRunsUnder, type Project } from "./support/project.js";
import { jsonCheck, ownCli, prismaScript } from "./support/cli.js";
import { addToModel } from "./support/schema-edit.js";
import { doctor, scenarioHooks } from "./support/doctor.js";

const FK = "Click_source_ad_id_fkey";
const COLUMN_MIGRATION = "20260201000000_source_column";
const RELATION_MIGRATION = "20260301090000_source_relation";
const ROWS = 20_000;

/** The column alone: `sourceAdId Int?` on Click. */
const addColumn = (s: string) => addToModel(s, "Click", 'sourceAdId Int?      @map("source_ad_id")');
/** The relation on it; two relations between Ad and Click need names. */
const addRelation = (s: string) =>
  addToModel(
    addToModel(s.replace("ad        Ad       @relation(fields: [adId], references: [id])", 'ad        Ad       @relation("clicks", fields: [adId], references: [id])')
      .replace("clicks      Click[]", 'clicks      Click[] @relation("clicks")'), "Ad", 'sourcedClicks Click[] @relation("source")'),
    "Click", 'sourceAd Ad? @relation("source", fields: [sourceAdId], references: [id])',
  );

const statusOf = async (project: Project) =>
  (await project.sql<{ valid: boolean; def: string }>(
    `SELECT convalidated AS valid, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = $1`, [FK],
  ))[0] ?? null;

/** Adds the column in a migration of Prisma's, deploys it, and fills Ad and Click. */
async function withColumnAndRows(project: Project, sourceOf = "1 + g % 50") {
  expect((await project.deploy()).code).toBe(0);
  project.editSchema(addColumn);
  project.addMigration(COLUMN_MIGRATION, await prismaScript(project));
  const deployed = await project.deploy();
  expect(deployed.code, deployed.output).toBe(0);
  await project.sql(`INSERT INTO "Ad" (title) SELECT 'ad ' || g FROM generate_series(1, 50) g`);
  await project.sql(`INSERT INTO "Click" (ad_id, source_ad_id) SELECT 1 + g % 50, ${sourceOf} FROM generate_series(1, ${ROWS}) g`);
}

/** Writers inserting clicks (with a valid source) until stopped: how many, which failed, the longest wait. */
function startWriters(url: string, count = 3) {
  let stop = false;
  const tally = { inserts: 0, errors: [] as string[], longestMs: 0 };
  const loops = Array.from({ length: count }, async () => {
    const client = new pg.Client({ connectionString: url, application_name: "writer" });
    await client.connect();
    try {
      while (!stop) {
        const started = performance.now();
        try {
          await client.query(`INSERT INTO "Click" (ad_id, source_ad_id) VALUES (1 + floor(random() * 50), 1 + floor(random() * 50))`);
          tally.inserts++;
        } catch (error) {
          tally.errors.push((error as Error).message);
        }
        tally.longestMs = Math.max(tally.longestMs, performance.now() - started);
      }
    } finally {
      await client.end();
    }
  });
  return { tally, stop: async () => { stop = true; await Promise.all(loops); return tally; } };
}

describe.each(pairs)("foreign key on a table with rows: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  const hooks = scenarioHooks();

  it("generator path: pre-check, ADD … NOT VALID as Prisma writes it, VALIDATE; check passes; deploy with writers; diff 0", async () => {
    const project = (hooks.project = await makeProject("ads", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } }));
    await withColumnAndRows(project);
    project.editSchema(addRelation);
    const prismaSql = await prismaScript(project);
    const prismaStatement = prismaSql.split("\n").find((l) => l.includes(`ADD CONSTRAINT "${FK}"`))!;
    expect(prismaStatement).toBe(`ALTER TABLE "Click" ADD CONSTRAINT "${FK}" FOREIGN KEY ("source_ad_id") REFERENCES "Ad"("id") ON DELETE SET NULL ON UPDATE CASCADE;`);

    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    const ours = project.migrations().filter((m) => m > COLUMN_MIGRATION);
    expect(ours.map((m) => m.slice(15))).toEqual([
      "concurrently_precheck_fk_click_source_ad_id_fkey",
      "concurrently_add_fk_click_source_ad_id_fkey",
      "concurrently_validate_fk_click_source_ad_id_fkey",
    ]);
    // Prisma's own statement, name and actions, with NOT VALID: what Prisma sees afterwards is the same key.
    expect(project.readMigration(ours[1]!)).toContain(`\n      ${prismaStatement.slice(0, -1)} NOT VALID;\n`); // inside the retrying lock step
    expect(project.readMigration(ours[2]!)).toMatch(/\nALTER TABLE "Click" VALIDATE CONSTRAINT "Click_source_ad_id_fkey";\n$/);
    const check = await jsonCheck(project);
    expect(check.code, check.output).toBe(0);

    const writers = startWriters(project.databaseUrl);
    await new Promise((r) => setTimeout(r, 300));
    const deploy = await project.deploy();
    const tally = await writers.stop();
    expect(deploy.code, deploy.output).toBe(0);
    expect(tally.errors).toEqual([]);
    expect(tally.inserts).toBeGreaterThan(0);
    console.log(`foreign key, generator path (Prisma ${prisma}, ${mode}): ${tally.inserts} inserts during the deploy, longest ${Math.round(tally.longestMs)} ms`);
    expect(await statusOf(project)).toEqual({ valid: true, def: "FOREIGN KEY (source_ad_id) REFERENCES \"Ad\"(id) ON UPDATE CASCADE ON DELETE SET NULL" });

    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
    const again = await project.generate();
    expect(again.code, again.output).toBe(0);
    expect(again.stdout).not.toContain("prisma-concurrently:");
  }, 400_000);

  it.runIf(secondaryRunsUnder({ prisma, mode }))("a relation whose column is new in the same change: the generator writes nothing and says what to do", async () => {
    const project = (hooks.project = await makeProject("ads", { prisma, mode }));
    expect((await project.deploy()).code).toBe(0);
    project.editSchema((s) => addRelation(addColumn(s)));
    const note = await project.generate();
    expect(note.code, note.output).toBe(0);
    expect(project.migrations().filter((m) => m.includes("concurrently"))).toEqual([]);
    expect(note.stdout).toContain(`prisma-concurrently: skipped the foreign key "${FK}" of Click.sourceAd @relation(fields: [sourceAdId], references: [id]): "Click" has no column "source_ad_id" in the migration history yet`);
    expect(note.stdout).toContain("`npx prisma-concurrently fix` on it before deploying");
  });

  it.runIf(secondaryRunsUnder({ prisma, mode }))("fix path: check flags Prisma's FK, fix rewrites it; orphans stop the pre-check; a failed VALIDATE is explained by doctor; after repair deploy, diff 0", async () => {
    const project = (hooks.project = await makeProject("ads", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } }));
    // 5 clicks point at ads that do not exist: 4 at 9999, 1 at 9998.
    await withColumnAndRows(project, "CASE WHEN g <= 4 THEN 9999 WHEN g = 5 THEN 9998 ELSE 1 + g % 50 END");

    project.editSchema(addRelation);
    project.addMigration(RELATION_MIGRATION, await prismaScript(project));
    const before = await jsonCheck(project);
    expect(before.code, before.output).toBe(1);
    expect(before.report.findings.map((f: { rule: string }) => f.rule)).toEqual(["blocking-foreign-key"]);
    expect(before.report.findings[0].fix).toContain(`npx prisma-concurrently fix ${RELATION_MIGRATION}`);
    if (prisma === 7) {
      const generate = await project.generate();
      expect(generate.stdout).toContain(`ADD CONSTRAINT "${FK}" FOREIGN KEY blocks every write to "Click" while it scans the table.`);
    }

    const fix = await ownCli(project, ["fix", RELATION_MIGRATION, "--force"]);
    expect(fix.code, fix.output).toBe(0);
    const folders = project.migrations().filter((m) => m > RELATION_MIGRATION);
    expect(folders.map((m) => m.slice(15))).toEqual([
      "concurrently_precheck_fk_click_source_ad_id_fkey",
      "concurrently_add_fk_click_source_ad_id_fkey",
      "concurrently_validate_fk_click_source_ad_id_fkey",
    ]);
    const after = await jsonCheck(project);
    expect(after.code, after.output).toBe(0);

    // The pre-check stops the deploy before anything changes, with the missing keys.
    const stopped = await project.deploy();
    expect(stopped.code).not.toBe(0);
    expect(stopped.output).toContain(`prisma-concurrently: cannot add the foreign key "${FK}"`);
    expect(stopped.output).toContain(`table "Click" has 5 rows whose key (source_ad_id) has no row in "Ad" (id) (2 distinct keys). Most frequent missing keys (key x rows):\n  ('9999') x 4\n  ('9998') x 1`);
    expect(await statusOf(project)).toBeNull();
    const precheckDoctor = await doctor(project);
    expect(precheckDoctor.code).toBe(1);
    expect(precheckDoctor.stdout).toContain(`${folders[0]} failed: rows without their referenced row.`);
    expect(precheckDoctor.stdout).toContain("The pre-check only reads: nothing was changed.");

    // Someone marks the pre-check applied: ADD … NOT VALID goes in, VALIDATE fails on the orphans.
    expect((await project.resolve("--applied", folders[0]!)).code).toBe(0);
    const failed = await project.deploy();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain("23503");
    expect(await statusOf(project)).toMatchObject({ valid: false });
    // NOT VALID already refuses a new orphan.
    await expect(project.sql(`INSERT INTO "Click" (ad_id, source_ad_id) VALUES (1, 12345)`)).rejects.toMatchObject({ code: "23503" });
    const explained = await doctor(project);
    expect(explained.code).toBe(1);
    expect(explained.stdout).toContain(`${folders[2]} failed: rows without their referenced row.`);
    expect(explained.stdout).toMatch(/holds a row whose key has no referenced row \(PostgreSQL names only the first it meets\): Key \(source_ad_id\)=\(999[89]\) is not present in table "Ad"\./);
    expect(explained.stdout).toContain("The constraint stays NOT VALID: PostgreSQL already checks every new INSERT and UPDATE against it");
    expect(explained.stdout).toContain('AND NOT EXISTS (SELECT FROM "public"."Ad" AS p WHERE p."id" = r."source_ad_id");');

    await project.sql(`UPDATE "Click" SET source_ad_id = NULL WHERE source_ad_id IN (9998, 9999)`);
    const repaired = await doctor(project, ["--fix"]);
    expect(repaired.output).toContain(`npx prisma migrate resolve --rolled-back ${folders[2]}`);
    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    expect(await statusOf(project)).toMatchObject({ valid: true });
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
    const calm = await doctor(project);
    expect(calm.code, calm.output).toBe(0);
  }, 600_000);
});
