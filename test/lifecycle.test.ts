// The unique's whole life through the real Prisma CLI: desc-sorted uniques that stay indexes,
// several uniques at once, new tables and new columns, removal of an attached unique, and the
// index-only mode whose removal Prisma handles itself.
import { afterEach, describe, expect, it } from "vitest";
import { indexesOf } from "./support/database.js";
import { makeProject, one, pairs, type Project } from "./support/project.js";
import { addToField, addToModel, removeFromModel, setGeneratorOption } from "./support/schema-edit.js";

let project: Project | undefined;
afterEach(() => project?.remove());

const ourFolders = (p: Project) => p.migrations().filter((m) => m.includes("_concurrently_"));

const dropTitleUnique = (s: string) => s.replace(/(title\s+String) @unique/, "$1");

async function deployAndExpectNoDrift(p: Project) {
  const deploy = await p.deploy();
  expect(deploy.code, deploy.output).toBe(0);
  const diff = await p.diff();
  expect(diff.code, diff.output).toBe(0);
}

describe.each(pairs)("Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  it("a unique with sort: Desc stays a concurrent unique index, and several uniques go in at once", async () => {
    project = await makeProject("ads", { prisma, mode });
    expect((await project.deploy()).code).toBe(0);
    project.editSchema((s) => {
      let t = addToModel(s, "ImpressionCounter", "@@unique([adId, impressionDate(sort: Desc)])");
      t = addToModel(t, "ImpressionCounter", "@@unique([counter, adId])");
      return addToModel(t, "Click", "@@unique([adId, clickedAt])");
    });
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    expect(ourFolders(project).map((f) => f.slice(15))).toEqual([
      "concurrently_precheck_unique_impression_counter_ad_id_impression_date",
      "concurrently_index_unique_impression_counter_ad_id_impression_date",
      "concurrently_precheck_unique_impression_counter_counter_ad_id",
      "concurrently_index_unique_impression_counter_counter_ad_id",
      "concurrently_attach_unique_impression_counter_counter_ad_id",
      "concurrently_precheck_unique_click_ad_id_clicked_at",
      "concurrently_index_unique_click_ad_id_clicked_at",
      "concurrently_attach_unique_click_ad_id_clicked_at",
    ]);
    const descBuild = project.readMigration(ourFolders(project)[1]!);
    expect(descBuild).toContain('ON "impression_counter"("ad_id", "impression_date" DESC);');
    expect(descBuild).toMatch(/stays a unique index, not a constraint/);
    await deployAndExpectNoDrift(project);
    const indexes = await indexesOf(project.databaseUrl, "impression_counter");
    expect(indexes.filter((i) => i.unique && i.name.endsWith("_key")).map((i) => [i.name, i.valid, i.constraint])).toEqual([
      ["impression_counter_ad_id_impression_date_key", true, null],
      ["impression_counter_counter_ad_id_key", true, "impression_counter_counter_ad_id_key"],
    ]);
  });
});

describe.each(one)("Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  it("removing an attached unique writes DROP CONSTRAINT, which Prisma's DROP INDEX could not do", async () => {
    project = await makeProject("ads", { prisma, mode });
    project.editSchema((s) => addToField(s, "Ad", "title", "@unique"));
    expect((await project.deploy()).code).toBe(0);
    expect((await project.generate()).code).toBe(0);
    await deployAndExpectNoDrift(project);

    project.editSchema(dropTitleUnique);
    // Prisma's own migration would fail on the constraint-backed index:
    const prismaScript = (await project.diffScript()).stdout;
    expect(prismaScript).toContain('DROP INDEX "Ad_title_key"');
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    const drop = ourFolders(project).at(-1)!;
    expect(drop).toMatch(/_concurrently_drop_unique_ad_title$/);
    expect(project.readMigration(drop)).toContain("<<prisma_concurrently_lock_step>>");
    expect(project.readMigration(drop)).toContain(`\n      ALTER TABLE "Ad" DROP CONSTRAINT "Ad_title_key";\n`);
    await deployAndExpectNoDrift(project);
    expect((await indexesOf(project.databaseUrl, "Ad")).map((i) => i.name)).toEqual(["Ad_pkey"]);

    // Added again: the same steps again, in new folders after the drop.
    project.editSchema((s) => addToField(s, "Ad", "title", "@unique"));
    const again = await project.generate();
    expect(again.code, again.output).toBe(0);
    expect(ourFolders(project).slice(-3).map((f) => f.slice(15))).toEqual([
      "concurrently_precheck_unique_ad_title", "concurrently_index_unique_ad_title", "concurrently_attach_unique_ad_title",
    ]);
    await deployAndExpectNoDrift(project);
    expect(await indexesOf(project.databaseUrl, "Ad")).toContainEqual(expect.objectContaining({ name: "Ad_title_key", constraint: "Ad_title_key" }));
  });

  it('attachConstraint = "false" keeps a plain unique index, which the generator later drops concurrently', async () => {
    project = await makeProject("ads", { prisma, mode });
    project.editSchema((s) => addToField(setGeneratorOption(setGeneratorOption(s, "attachConstraint", "false"), "precheck", "false"), "Ad", "title", "@unique"));
    expect((await project.deploy()).code).toBe(0);
    expect((await project.generate()).code).toBe(0);
    expect(ourFolders(project).map((f) => f.slice(15))).toEqual(["concurrently_index_unique_ad_title"]);
    await deployAndExpectNoDrift(project);
    expect(await indexesOf(project.databaseUrl, "Ad")).toContainEqual(expect.objectContaining({ name: "Ad_title_key", constraint: null, valid: true }));

    project.editSchema(dropTitleUnique);
    const prismaScript = await project.diffScript();
    expect(prismaScript.stdout).toContain('DROP INDEX "Ad_title_key";'); // ACCESS EXCLUSIVE on "Ad"
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    const drop = ourFolders(project).at(-1)!;
    expect(drop).toMatch(/_concurrently_drop_index_ad_title$/);
    expect(project.readMigration(drop)).toMatch(/\nDROP INDEX CONCURRENTLY "Ad_title_key";\n$/);
    await deployAndExpectNoDrift(project);
    expect((await indexesOf(project.databaseUrl, "Ad")).map((i) => i.name)).toEqual(["Ad_pkey"]);
  });
});

describe("what is not the generator's to do (Prisma 7)", () => {
  it("a unique on a new table is left to Prisma; a unique on a new column is explained and skipped", async () => {
    project = await makeProject("ads");
    expect((await project.deploy()).code).toBe(0);
    project.editSchema((s) => {
      let t = addToModel(s, "Click", "campaign String?");
      t = addToModel(t, "Click", "@@unique([adId, campaign])");
      return `${t}\nmodel Campaign {\n  id   Int    @id\n  code String @unique\n}\n`;
    });
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    expect(ourFolders(project)).toEqual([]);
    expect(generate.stdout).toContain('skipped Campaign.code @unique: table "Campaign" is new');
    expect(generate.stdout).toContain('skipped Click @@unique([adId, campaign]): table "Click" has no column "campaign" in the migration history yet.');
    expect(generate.stdout).toContain("npx prisma migrate dev --create-only");
  });

  it("with CI set and no emit option, only says what is pending", async () => {
    project = await makeProject("ads");
    expect((await project.deploy()).code).toBe(0);
    project.editSchema((s) => addToField(s, "Ad", "title", "@unique"));
    const generate = await project.generate({ env: { CI: "true" } });
    expect(generate.code, generate.output).toBe(0);
    expect(generate.stdout).toMatch(/would write prisma\/migrations\/\d{14}_concurrently_index_unique_ad_title/);
    expect(generate.stdout).toContain("CI is set, so nothing was written");
    expect(ourFolders(project)).toEqual([]);
  });
});
