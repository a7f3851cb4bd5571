// `check` and `fix` on every index statement Prisma writes (issue 11), end to end on the real
// Prisma CLI: a migration `migrate diff --script` wrote that removes an attached unique (DROP
// INDEX of a constraint's index: the 2BP01 trap), removes a plain @@index (DROP INDEX), changes an
// @@index under the same name (DROP INDEX + CREATE INDEX: rebuilt under a temporary name, the old one
// dropped, the new one renamed) and adds one (CREATE INDEX), next to a
// column it adds. `check` fails with the three rules; the generator names the migration and `fix`;
// `fix` without a folder name (database reachable) rewrites it, leaving Prisma's other statement
// byte for byte; `check` passes; deploy; diff 0; a second generate writes nothing. Without a
// database, `fix` looks only at the newest folder and says so.
import { afterEach, describe, expect, it } from "vitest";
import { indexesOf } from "./support/database.js";
import { makeProject, one, type Project } from "./support/project.js";
import { jsonCheck, ownCli, prismaScript } from "./support/cli.js";
import { addToField, addToModel, removeFromModel } from "./support/schema-edit.js";

const MIGRATION = "20260301090000_indexes";
const ADD_COLUMN = 'ALTER TABLE "Click" ADD COLUMN     "note" TEXT;';

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

describe.each(one)("fix on Prisma's index statements: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  it("check fails, fix (no argument) rewrites every statement, the rest stays Prisma's, deploy, diff 0", async () => {
    project = await makeProject("ads", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: "2026-02-01T10:00:00Z" } });
    // The generator's own folders first: an attached unique and a plain index.
    project.editSchema((s) => addToModel(addToField(s, "Ad", "title", "@unique"), "Click", "@@index([clickedAt])"));
    expect((await project.deploy()).code).toBe(0);
    const first = await project.generate();
    expect(first.code, first.output).toBe(0);
    expect((await project.deploy()).code).toBe(0);
    await project.sql(`INSERT INTO "Ad" (title) SELECT 'ad ' || g FROM generate_series(1, 50) g`);
    await project.sql(`INSERT INTO "Click" (ad_id) SELECT 1 + g % 50 FROM generate_series(1, 20000) g`);
    await project.sql(`INSERT INTO impression_counter (ad_id, impression_date) SELECT 1 + g % 50, DATE '2026-01-01' + g / 50 FROM generate_series(0, 4999) g`);

    project.editSchema((s) => {
      let out = s.replace(/(title\s+String) @unique/, "$1");
      out = removeFromModel(out, "Click", "@@index([clickedAt])");
      out = out.replace("@@index([adId])", "@@index([adId(sort: Desc)])");
      out = addToModel(out, "Click", "@@index([adId])");
      return addToModel(out, "Click", "note String?");
    });
    const prismaSql = await prismaScript(project);
    expect(prismaSql).toContain('DROP INDEX "Ad_title_key";');
    expect(prismaSql).toContain(ADD_COLUMN);
    project.addMigration(MIGRATION, prismaSql);
    // The trap: Prisma's DROP INDEX fails on the constraint's index (PostgreSQL 2BP01).
    await expect(project.sql(`DROP INDEX "Ad_title_key"`)).rejects.toMatchObject({ code: "2BP01" });

    const before = await jsonCheck(project);
    expect(before.code, before.output).toBe(1);
    expect(new Set(before.report.findings.map((f: { rule: string }) => f.rule))).toEqual(new Set(["blocking-index", "blocking-drop-index", "drop-index-of-constraint"]));
    if (prisma === 7) {
      const generate = await project.generate();
      expect(generate.code, generate.output).toBe(0);
      expect(generate.stdout).toContain(`prisma/migrations/${MIGRATION}/migration.sql line 2: DROP INDEX "Ad_title_key" fails with 2BP01`);
      expect(generate.stdout).toContain(`If it is not deployed anywhere yet: npx prisma-concurrently fix ${MIGRATION}`);
    }

    const fix = await ownCli(project, ["fix"]);
    expect(fix.code, fix.output).toBe(0);
    expect(fix.stdout.split("\n")[0]).toMatch(new RegExp(`^prisma-concurrently fix: looking at the 1 migration not applied to postgresql://\\S+ \\(from \\S+\\): ${MIGRATION}\\.$`));
    const ours = project.migrations().filter((m) => m > MIGRATION);
    expect(ours.map((m) => m.slice(15))).toEqual(expect.arrayContaining([
      "concurrently_drop_unique_ad_title",
      "concurrently_drop_index_click_clicked_at_idx",
      "concurrently_rebuild_index_impression_counter_ad_id_idx",
      "concurrently_retire_index_impression_counter_ad_id_idx",
      "concurrently_rename_index_impression_counter_ad_id_idx",
      "concurrently_create_index_click_ad_id_idx",
    ]));
    expect(ours).toHaveLength(6);
    // The changed index: new definition built under a temporary name, old one dropped, new one renamed, in that order.
    const at = (word: string) => ours.findIndex((m) => m.endsWith(`${word}_index_impression_counter_ad_id_idx`));
    expect([at("rebuild"), at("retire"), at("rename")]).toEqual([at("rebuild"), at("rebuild") + 1, at("rebuild") + 2]);
    const rewritten = project.readMigration(MIGRATION);
    expect(rewritten).toContain(`-- AlterTable\n${ADD_COLUMN}`);
    expect(rewritten).not.toMatch(/^(DROP|CREATE) INDEX/m);

    const after = await jsonCheck(project);
    expect(after.code, after.output).toBe(0);
    expect(after.report.findings).toEqual([]);
    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    expect((await indexesOf(project.databaseUrl, "Ad")).map((i) => i.name)).toEqual(["Ad_pkey"]);
    expect((await indexesOf(project.databaseUrl, "Click")).map((i) => [i.name, i.valid])).toEqual([["Click_ad_id_idx", true], ["Click_pkey", true]]);
    expect((await indexesOf(project.databaseUrl, "impression_counter")).find((i) => i.name === "impression_counter_ad_id_idx")!.def).toContain("(ad_id DESC)");
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
    const again = await project.generate();
    expect(again.code, again.output).toBe(0);
    expect(again.stdout).not.toContain("prisma-concurrently:");

    // Without a database (not a git checkout): only the newest folder, said in one line.
    const noDb = await ownCli(project, ["fix"], { DATABASE_URL: "" });
    expect(noDb.code, noDb.output).toBe(0);
    expect(noDb.stdout).toContain(`: looking only at the newest migration, ${ours.at(-1)} (git has every folder committed, or this is no git checkout)`);
  });
});
