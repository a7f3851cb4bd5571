// A unique changed under its `map:` name through the generator (issue 11), end to end on the real
// Prisma CLI with writers inserting during both deploys. Prisma writes DROP INDEX + CREATE [UNIQUE]
// INDEX of the name (its DROP INDEX fails 2BP01 on a constraint's index); the generator builds the
// new definition concurrently under a temporary name and then:
// - a unique constraint on other columns: swaps it in one brief ALTER TABLE (DROP CONSTRAINT x,
//   ADD CONSTRAINT x UNIQUE USING INDEX tmp — PostgreSQL renames the index to x);
// - a plain index that becomes a unique: drops the old one concurrently, attaches the new USING INDEX;
// - a unique constraint that becomes a plain index: drops the constraint, renames the new index;
// and a removed unique constraint is dropped with DROP CONSTRAINT under the lock timeout.
// Every index ends valid under its name, `migrate diff --exit-code` is 0, `check` passes every
// folder, and a second generate writes nothing. `fix` writes the same sets for a migration Prisma
// already wrote with that change (DROP INDEX + CREATE UNIQUE INDEX of one name).
import { afterEach, describe, expect, it } from "vitest";
import { indexesOf } from "./support/database.js";
import { seedClicks } from "./support/ads.js";
import { makeProject, pairs, secondaryRunsUnder, type Project } from "./support/project.js";
import { addToModel, removeFromModel } from "./support/schema-edit.js";
import { deployUnderWriters } from "./support/writers.js";
import { jsonCheck, ownCli, prismaScript } from "./support/cli.js";

const ROWS = 200_000;
const INSERT = `INSERT INTO "Click" (ad_id) VALUES (1 + (random() * 49)::int)`;

/** Many Prisma CLI calls (generate, deploy, diff, check) on a loaded machine: more than the default 180 s. */
const SCENARIO_TIMEOUT_MS = 360_000;

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

async function expectSettled(p: Project) {
  const diff = await p.diff();
  expect(diff.code, diff.output).toBe(0);
  const check = await jsonCheck(p);
  expect(check.report.findings, check.output).toEqual([]);
  const again = await p.generate();
  expect(again.code, again.output).toBe(0);
  expect(again.stdout).not.toContain("wrote");
}

describe.each(pairs)("uniques changed under one name through the generator: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  it("swaps, attaches or renames the new definition built concurrently, while writers insert; diff 0, check passes, nothing more to generate", async () => {
    project = await makeProject("ads", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
    expect((await project.deploy()).code).toBe(0);
    await seedClicks(project, ROWS);

    // Step A: the three declarations as they start (add-unique ×2, add-index).
    project.editSchema((s) => {
      let out = addToModel(s, "Click", `@@unique([id, adId], map: "click_key")`);
      out = addToModel(out, "Click", `@@index([clickedAt, id], map: "click_time")`);
      out = addToModel(out, "Ad", `@@unique([title, id], map: "ad_gone")`);
      return addToModel(out, "Click", `@@unique([id, clickedAt], map: "click_pair")`);
    });
    const first = await project.generate();
    expect(first.code, first.output).toBe(0);
    await deployUnderWriters(project, INSERT);
    await expectSettled(project);
    const before = project.migrations().length;

    // Step B: each changed under its name; one removed (drop_unique: DROP CONSTRAINT, Prisma's DROP INDEX fails 2BP01).
    project.editSchema((s) => removeFromModel(s, "Ad", "ad_gone")
      .replace(`@@unique([id, adId], map: "click_key")`, `@@unique([adId, id], map: "click_key")`)
      .replace(`@@index([clickedAt, id], map: "click_time")`, `@@unique([clickedAt, id], map: "click_time")`)
      .replace(`@@unique([id, clickedAt], map: "click_pair")`, `@@index([id, clickedAt], map: "click_pair")`));
    const prismaScript = await project.diffScript();
    expect(prismaScript.stdout).toContain('DROP INDEX "click_key";'); // fails 2BP01: a constraint's index
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    const written = project.migrations().slice(before);
    // In Prisma's order of the declarations (DMMF lists @@index ones first).
    expect(written.map((m) => m.slice(15))).toEqual([
      "concurrently_rebuild_index_click_pair", "concurrently_drop_unique_click_pair", "concurrently_rename_index_click_pair",
      "concurrently_precheck_unique_click", "concurrently_rebuild_index_click", "concurrently_swap_unique_click",
      "concurrently_precheck_unique_click_time", "concurrently_rebuild_index_click_time", "concurrently_retire_index_click_time", "concurrently_attach_unique_click_time",
      "concurrently_drop_unique_ad_gone",
    ]);
    expect(project.readMigration(written[2]!)).toMatch(/\n {6}ALTER INDEX "click_pair_pcc_[0-9a-f]{8}" RENAME TO "click_pair";\n/);
    expect(project.readMigration(written[5]!)).toMatch(/\n {6}ALTER TABLE "Click" DROP CONSTRAINT "click_key", ADD CONSTRAINT "click_key" UNIQUE USING INDEX "click_key_pcc_[0-9a-f]{8}";\n/);
    expect(project.readMigration(written[9]!)).toMatch(/\n {6}ALTER TABLE "Click" ADD CONSTRAINT "click_time" UNIQUE USING INDEX "click_time_pcc_[0-9a-f]{8}";\n/);

    await deployUnderWriters(project, INSERT);
    expect((await indexesOf(project.databaseUrl, "Ad")).map((i) => i.name)).toEqual(["Ad_pkey"]);
    const indexes = await indexesOf(project.databaseUrl, "Click");
    // USING INDEX renamed each temporary index to its constraint's name: no temporary name is left.
    expect(indexes.map((i) => [i.name, i.valid, i.unique, i.constraint])).toEqual([
      ["Click_pkey", true, true, "Click_pkey"],
      ["click_key", true, true, "click_key"],
      ["click_pair", true, false, null],
      ["click_time", true, true, "click_time"],
    ]);
    expect(indexes.find((i) => i.name === "click_key")!.def).toContain("(ad_id, id)");
    await expectSettled(project);
  }, SCENARIO_TIMEOUT_MS);

  it.runIf(secondaryRunsUnder({ prisma, mode }))("fix turns Prisma's DROP INDEX + CREATE UNIQUE INDEX of one name into the same sets (no 2BP01); check passes, deploy, diff 0", async () => {
    project = await makeProject("ads", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
    project.editSchema((s) => addToModel(addToModel(s, "Click", `@@unique([id, adId], map: "click_key")`), "Click", `@@index([clickedAt, id], map: "click_time")`));
    expect((await project.deploy()).code).toBe(0);
    expect((await project.generate()).code).toBe(0);
    expect((await project.deploy()).code).toBe(0);
    await project.sql(`INSERT INTO "Ad" (title) SELECT 'ad ' || g FROM generate_series(1, 50) g`);
    await project.sql(`INSERT INTO "Click" (ad_id) SELECT 1 + g % 50 FROM generate_series(1, 5000) g`);

    project.editSchema((s) => s
      .replace(`@@unique([id, adId], map: "click_key")`, `@@unique([adId, id], map: "click_key")`)
      .replace(`@@index([clickedAt, id], map: "click_time")`, `@@unique([clickedAt, id], map: "click_time")`));
    const migration = "20260302000000_uniques";
    project.addMigration(migration, await prismaScript(project));
    expect(project.readMigration(migration)).toContain('DROP INDEX "click_key";'); // 2BP01 as Prisma wrote it
    const fix = await ownCli(project, ["fix", migration]);
    expect(fix.code, fix.output).toBe(0);
    const ours = project.migrations().filter((m) => m > migration).map((m) => m.slice(15));
    expect(ours).toHaveLength(7);
    expect(ours).toEqual(expect.arrayContaining([
      "concurrently_precheck_unique_click", "concurrently_rebuild_index_click", "concurrently_swap_unique_click",
      "concurrently_precheck_unique_click_time", "concurrently_rebuild_index_click_time", "concurrently_retire_index_click_time", "concurrently_attach_unique_click_time",
    ]));
    const check = await jsonCheck(project);
    expect(check.report.findings, check.output).toEqual([]);
    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    expect((await indexesOf(project.databaseUrl, "Click")).map((i) => [i.name, i.valid, i.constraint])).toEqual([
      ["Click_pkey", true, "Click_pkey"], ["click_key", true, "click_key"], ["click_time", true, "click_time"],
    ]);
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
  });
});
