// Plain indexes through the generator (issue 11), end to end on the real Prisma CLI: new @@index
// declarations on a table with rows (BTree, Hash, Gin with and without ops, SpGist, Brin, sort)
// become CREATE INDEX CONCURRENTLY folders, removed ones DROP INDEX CONCURRENTLY folders, a changed one is rebuilt under a temporary name, the old one dropped
// and the new one renamed; writers keep inserting while both `migrate deploy`s run (their inserts
// commit during the build, seen in pg_stat_progress_create_index); every index is valid; `migrate
// diff --exit-code` is 0; a second generate writes nothing.
import { afterEach, describe, expect, it } from "vitest";
import { indexesOf } from "./support/database.js";
import { seedClicks } from "./support/ads.js";
import { makeProject, pairs, type Project } from "./support/project.js";
import { addToField, addToModel, removeFromModel } from "./support/schema-edit.js";
import { prismaScript } from "./support/cli.js";
import { deployUnderWriters } from "./support/writers.js";

const ROWS = 200_000;
const A = "20260301100000"; // PRISMA_CONCURRENTLY_NOW of step A
const INSERT = `INSERT INTO "Click" (ad_id) VALUES (1)`;

/** Many Prisma CLI calls (generate, deploy, diff, check) on a loaded machine: more than the default 180 s. */
const SCENARIO_TIMEOUT_MS = 360_000;

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

describe.each(pairs)("plain indexes through the generator: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  it("adds indexes concurrently while writers insert, then changes one and drops removed ones concurrently; diff 0, nothing more to generate", async () => {
    project = await makeProject("ads", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
    expect((await project.deploy()).code).toBe(0);
    await seedClicks(project, ROWS);

    // Columns for the GIN indexes, added as Prisma writes them (its own migration, deployed first).
    project.editSchema((s) => addToField(s, "Ad", "title", "\n  tags String[]\n  meta Json?"));
    project.addMigration("20250601000000_ad_tags", await prismaScript(project));
    expect((await project.deploy()).code).toBe(0);

    // Step A: new @@index declarations of every kind Prisma writes on PostgreSQL but GiST, on tables with rows.
    project.editSchema((s) => {
      let out = addToModel(s, "Ad", "@@index([title])");
      out = addToModel(out, "Ad", "@@index([tags], type: Gin)");
      out = addToModel(out, "Ad", "@@index([meta(ops: JsonbPathOps)], type: Gin)");
      out = addToModel(out, "Ad", `@@index([title], type: SpGist, map: "ad_title_spgist")`);
      out = addToModel(out, "Click", "@@index([clickedAt], type: Brin)");
      out = addToModel(out, "Ad", `@@index([title], type: Hash, map: "ad_title_hash")`);
      out = addToModel(out, "Click", `@@index([clickedAt(sort: Desc)], map: "custom")`);
      return addToModel(out, "Click", "@@index([adId, clickedAt])");
    });
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    const added = project.migrations().slice(2);
    expect(added.map((m) => m.slice(15)).sort()).toEqual([
      "concurrently_create_index_ad_meta_idx", "concurrently_create_index_ad_tags_idx", "concurrently_create_index_ad_title_hash",
      "concurrently_create_index_ad_title_idx", "concurrently_create_index_ad_title_spgist", "concurrently_create_index_click_ad_id_clicked_at_idx",
      "concurrently_create_index_click_clicked_at_idx", "concurrently_create_index_custom",
    ]);
    expect(added[0]).toBe(`${A}_concurrently_create_index_ad_title_idx`);
    const folder = (slug: string) => added.find((m) => m.endsWith(`_create_index_${slug}`))!;
    expect(project.readMigration(folder("ad_title_hash"))).toMatch(/\nCREATE INDEX CONCURRENTLY "ad_title_hash" ON "Ad" USING HASH \("title"\);\n$/);
    expect(project.readMigration(folder("ad_meta_idx"))).toMatch(/\nCREATE INDEX CONCURRENTLY "Ad_meta_idx" ON "Ad" USING GIN \("meta" jsonb_path_ops\);\n$/);
    expect(project.readMigration(folder("click_clicked_at_idx"))).toMatch(/\nCREATE INDEX CONCURRENTLY "Click_clicked_at_idx" ON "Click" USING BRIN \("clicked_at"\);\n$/);
    expect(project.readMigration(folder("custom"))).toContain('for Click @@index([clickedAt(sort: Desc)], map: "custom")');

    // Writes commit while an index is being built: none waits for a whole build.
    await deployUnderWriters(project, INSERT);
    const clicks = await indexesOf(project.databaseUrl, "Click");
    const ads = await indexesOf(project.databaseUrl, "Ad");
    for (const name of ["custom", "Click_ad_id_clicked_at_idx", "Click_clicked_at_idx"]) expect(clicks.find((i) => i.name === name), name).toMatchObject({ valid: true });
    for (const name of ["Ad_title_idx", "ad_title_hash", "Ad_tags_idx", "Ad_meta_idx", "ad_title_spgist"]) expect(ads.find((i) => i.name === name), name).toMatchObject({ valid: true });
    expect(ads.find((i) => i.name === "ad_title_hash")!.def).toContain("USING hash (title)");
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
    const again = await project.generate();
    expect(again.code, again.output).toBe(0);
    expect(again.stdout).not.toContain("wrote");

    // Step B: one index changed under its name (rebuild · retire · rename), two declarations removed
    // (DROP INDEX CONCURRENTLY, alone in its folder each).
    project.editSchema((s) => removeFromModel(removeFromModel(s, "Ad", "ad_title_hash"), "Click", "@@index([adId, clickedAt])")
      .replace(`@@index([clickedAt(sort: Desc)], map: "custom")`, `@@index([adId, clickedAt(sort: Desc)], map: "custom")`));
    const drop = await project.generate();
    expect(drop.code, drop.output).toBe(0);
    const written = project.migrations().slice(2 + added.length);
    expect(written.map((m) => m.slice(15))).toEqual([
      "concurrently_rebuild_index_custom", "concurrently_retire_index_custom", "concurrently_rename_index_custom",
      "concurrently_drop_index_ad_title_hash", "concurrently_drop_index_click_ad_id_clicked_at_idx",
    ]);
    expect(project.readMigration(written[3]!)).toMatch(/\nDROP INDEX CONCURRENTLY "ad_title_hash";\n$/);
    expect(project.readMigration(written[2]!)).toMatch(/\n {6}ALTER INDEX "custom_pcc_[0-9a-f]{8}" RENAME TO "custom";\n/); // inside the retrying lock step
    // Deployed while writers insert too: the rebuild runs next to them, the drops and the rename never make them wait.
    await deployUnderWriters(project, INSERT);
    expect((await indexesOf(project.databaseUrl, "Ad")).map((i) => i.name)).toEqual(["Ad_meta_idx", "Ad_pkey", "Ad_tags_idx", "Ad_title_idx", "ad_title_spgist"]);
    expect((await indexesOf(project.databaseUrl, "Click")).map((i) => [i.name, i.valid])).toEqual([["Click_clicked_at_idx", true], ["Click_pkey", true], ["custom", true]]);
    expect((await indexesOf(project.databaseUrl, "Click")).find((i) => i.name === "custom")!.def).toContain("(ad_id, clicked_at DESC)");
    const diffDrops = await project.diff();
    expect(diffDrops.code, diffDrops.output).toBe(0);
    const last = await project.generate();
    expect(last.stdout).not.toContain("wrote");
  }, SCENARIO_TIMEOUT_MS);
});
