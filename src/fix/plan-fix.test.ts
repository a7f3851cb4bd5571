import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LOCK_RETRY } from "../config/generator-config.js";
import { loadParser } from "../sql/parse.js";
import { checkHistory } from "../check/run-check.js";
import { prismaAddUniques, prismaInit } from "../check/rules/rule-test-kit.js";
import { planFix, type FixOptions } from "./plan-fix.js";
import { replayHistory } from "../core/replay.js";

beforeAll(loadParser);

const options: FixOptions = { lock: DEFAULT_LOCK_RETRY, precheck: true, attachConstraint: true };
const init = { name: "20250101000000_init", sql: "" };
const history = (sql: string, ...later: string[]) => [
  { ...init, sql: prismaInit() },
  { name: "20260301090000_add_uniques", sql },
  ...later.map((name) => ({ name, sql: "SELECT 1;" })),
];

describe("fix, the pure part", () => {
  it("moves Prisma's blocking unique and index builds out, leaves the rest, and writes the generator's steps right after", () => {
    const plan = planFix(history(prismaAddUniques, "20260302000000_next"), "20260301090000_add_uniques", options)!;
    expect(plan.moved.map((m) => m.name)).toEqual(["Ad_title_key", "Click_code_key", "Click_clicked_at_idx", "impression_counter_ad_id_impression_date_key"]);
    expect(plan.folders.map((f) => f.name)).toEqual([
      "20260301090001_concurrently_precheck_unique_ad_title",
      "20260301090002_concurrently_index_unique_ad_title",
      "20260301090003_concurrently_attach_unique_ad_title",
      "20260301090004_concurrently_precheck_unique_click_code",
      "20260301090005_concurrently_index_unique_click_code",
      "20260301090006_concurrently_attach_unique_click_code",
      "20260301090007_concurrently_create_index_click_clicked_at_idx",
      "20260301090008_concurrently_precheck_unique_impression_counter_ad_id_impression_date",
      "20260301090009_concurrently_index_unique_impression_counter_ad_id_impression_date",
      "20260301090010_concurrently_attach_unique_impression_counter_ad_id_impression_date",
    ]);
    expect(plan.folders[8]!.sql).toContain('CREATE UNIQUE INDEX CONCURRENTLY "impression_counter_ad_id_impression_date_key" ON "impression_counter"("ad_id", "impression_date");');
    expect(plan.folders[8]!.sql).toContain("npx prisma migrate resolve --rolled-back 20260301090009_concurrently_index_unique_impression_counter_ad_id_impression_date");
    expect(plan.folders[9]!.sql).toContain("attempt_timeout CONSTANT text := '200ms';  -- lockAttemptTimeout");
    expect(plan.folders[6]!.sql).toMatch(/\nCREATE INDEX CONCURRENTLY "Click_clicked_at_idx" ON "Click"\("clicked_at"\);\n$/);
    expect(plan.folders[6]!.sql).toContain('Lock: SHARE UPDATE EXCLUSIVE on "Click": reads and writes go on throughout.');
    // The new table's unique and the column stay; the moved statements leave a comment.
    expect(plan.sql).toContain('ALTER TABLE "Click" ADD COLUMN     "code" TEXT;');
    expect(plan.sql).toContain('CREATE UNIQUE INDEX "Campaign_slug_key" ON "Campaign"("slug");');
    expect(plan.sql).not.toContain('CREATE INDEX "Click_clicked_at_idx" ON "Click"("clicked_at");');
    expect(plan.sql).not.toContain('CREATE UNIQUE INDEX "Ad_title_key" ON');
    expect(plan.sql).toContain('-- prisma-concurrently fix: CREATE UNIQUE INDEX "Ad_title_key" was moved to 20260301090002_concurrently_index_unique_ad_title');
    expect(plan.sql).toContain('-- prisma-concurrently fix: CREATE INDEX "Click_clicked_at_idx" was moved to 20260301090007_concurrently_create_index_click_clicked_at_idx,');

    const fixed = [{ ...init, sql: prismaInit() }, { name: plan.migration, sql: plan.sql }, ...plan.folders];
    expect(checkHistory(fixed, { since: init.name }).findings).toEqual([]);
  });

  it("moves a plain DROP INDEX into DROP INDEX CONCURRENTLY, and turns the 2BP01 trap into DROP CONSTRAINT", () => {
    const attached = `CREATE UNIQUE INDEX CONCURRENTLY "x" ON "Ad"("title");\nALTER TABLE "Ad" ADD CONSTRAINT "x" UNIQUE USING INDEX "x";\nCREATE INDEX "Click_clicked_at_idx" ON "Click"("clicked_at");`;
    const prismaDrops = `-- DropIndex\nDROP INDEX "Click_clicked_at_idx";\n\n-- DropIndex\nDROP INDEX "x";\n\n-- AlterTable\nALTER TABLE "Click" ADD COLUMN "n" INTEGER;\n`;
    const h = [{ ...init, sql: prismaInit() }, { name: "20260201000000_attached", sql: attached }, { name: "20260301090000_drops", sql: prismaDrops }];
    const plan = planFix(h, "20260301090000_drops", options)!;
    expect(plan.folders.map((f) => f.name)).toEqual([
      "20260301090001_concurrently_drop_index_click_clicked_at_idx",
      "20260301090002_concurrently_drop_unique_x",
    ]);
    expect(plan.folders[0]!.sql).toMatch(/\nDROP INDEX CONCURRENTLY "Click_clicked_at_idx";\n$/);
    expect(plan.folders[0]!.sql).toContain('Lock: SHARE UPDATE EXCLUSIVE on "Click" and SHARE UPDATE EXCLUSIVE on the index "Click_clicked_at_idx"');
    expect(plan.folders[1]!.sql).toContain(`<<prisma_concurrently_lock_step>>`);
    expect(plan.folders[1]!.sql).toContain(`\n      ALTER TABLE "Ad" DROP CONSTRAINT "x";\n`);
    // Prisma's other statement stays byte for byte.
    expect(plan.sql).toBe(`-- prisma-concurrently fix: DROP INDEX "Click_clicked_at_idx" was moved to 20260301090001_concurrently_drop_index_click_clicked_at_idx,
-- which drops it with DROP INDEX CONCURRENTLY (reads and writes go on).\n\n-- prisma-concurrently fix: DROP INDEX "x" was replaced by 20260301090002_concurrently_drop_unique_x,
-- which drops the UNIQUE constraint "x" and its index: PostgreSQL refuses DROP INDEX of a constraint's index (2BP01).\n\n-- AlterTable\nALTER TABLE "Click" ADD COLUMN "n" INTEGER;\n`);
    const fixed = [...h.slice(0, 2), { name: plan.migration, sql: plan.sql }, ...plan.folders];
    expect(checkHistory(fixed, { since: "20260201000000_attached" }).findings).toEqual([]);
  });

  it("turns Prisma's DROP + CREATE of a changed index into rebuild, retire, rename, and leaves a DROP INDEX whose column goes later", () => {
    const base = { name: "20260201000000_idx", sql: `CREATE INDEX "Click_clicked_at_idx" ON "Click"("clicked_at");` };
    const changed = `DROP INDEX "Click_clicked_at_idx";\n\nCREATE INDEX "Click_clicked_at_idx" ON "Click"("clicked_at" DESC);\n`;
    const plan = planFix([{ ...init, sql: prismaInit() }, base, { name: "20260301090000_change", sql: changed }], "20260301090000_change", options)!;
    // One change-index set where the DROP was: the table keeps one of the two indexes throughout.
    expect(plan.folders.map((f) => f.name.slice(15))).toEqual([
      "concurrently_rebuild_index_click_clicked_at_idx", "concurrently_retire_index_click_clicked_at_idx", "concurrently_rename_index_click_clicked_at_idx",
    ]);
    expect(plan.folders[0]!.sql).toMatch(/\nCREATE INDEX CONCURRENTLY "Click_clicked_at_idx_pcc_[0-9a-f]{8}" ON "Click"\("clicked_at" DESC\);\n$/);
    expect(plan.sql).toContain('DROP INDEX "Click_clicked_at_idx" was moved to 20260301090002_concurrently_retire_index_click_clicked_at_idx,');
    expect(plan.sql).toContain('CREATE INDEX "Click_clicked_at_idx" was moved to 20260301090001_concurrently_rebuild_index_click_clicked_at_idx and the folders after it,');
    const fixed = [{ ...init, sql: prismaInit() }, base, { name: plan.migration, sql: plan.sql }, ...plan.folders];
    expect(checkHistory(fixed, { since: base.name }).findings).toEqual([]);
    const withColumn = `DROP INDEX "Click_clicked_at_idx";\n\nALTER TABLE "Click" DROP COLUMN "clicked_at";\n`;
    expect(planFix([{ ...init, sql: prismaInit() }, base, { name: "20260301090000_change", sql: withColumn }], "20260301090000_change", options)).toBeNull();
  });

  it("a unique changed under its name (constraint ↔ index, other columns): the generator's change-index sets, the unique swapped in one statement", () => {
    const attached = `CREATE UNIQUE INDEX CONCURRENTLY "x" ON "Ad"("title");\nALTER TABLE "Ad" ADD CONSTRAINT "x" UNIQUE USING INDEX "x";\nCREATE INDEX "y" ON "Ad"("title");`;
    const fixOf = (prismaChange: string) => {
      const h = [{ ...init, sql: prismaInit() }, { name: "20260201000000_attached", sql: attached }, { name: "20260301090000_change", sql: prismaChange }];
      const plan = planFix(h, "20260301090000_change", options)!;
      const fixed = [...h.slice(0, 2), { name: plan.migration, sql: plan.sql }, ...plan.folders];
      expect(checkHistory(fixed, { since: "20260201000000_attached" }).findings).toEqual([]);
      return { words: plan.folders.map((f) => f.name.slice(15)), plan, state: replayHistory(fixed).state };
    };
    // unique constraint → index (Prisma's DROP INDEX would fail 2BP01)
    const toIndex = fixOf(`-- DropIndex\nDROP INDEX "x";\n\n-- CreateIndex\nCREATE INDEX "x" ON "Ad"("title");\n`);
    expect(toIndex.words).toEqual(["concurrently_rebuild_index_x", "concurrently_drop_unique_x", "concurrently_rename_index_x"]);
    expect(toIndex.state.indexes.get("public\u0000x")).toMatchObject({ unique: false, constraint: null });
    // unique constraint → unique on other columns: rebuilt, then swapped in one ALTER TABLE
    const swapped = fixOf(`-- DropIndex\nDROP INDEX "x";\n\n-- CreateIndex\nCREATE UNIQUE INDEX "x" ON "Ad"("title", "id");\n`);
    expect(swapped.words).toEqual(["concurrently_precheck_unique_x", "concurrently_rebuild_index_x", "concurrently_swap_unique_x"]);
    expect(swapped.plan.sql).toContain("concurrently_swap_unique_x");
    expect(swapped.state.indexes.get("public\u0000x")).toMatchObject({ constraint: "unique", columns: [{ name: "title" }, { name: "id" }] });
    // index → unique: rebuilt, the old one retired, the new one attached USING INDEX
    const toUnique = fixOf(`-- DropIndex\nDROP INDEX "y";\n\n-- CreateIndex\nCREATE UNIQUE INDEX "y" ON "Ad"("title");\n`);
    expect(toUnique.words).toEqual(["concurrently_precheck_unique_y", "concurrently_rebuild_index_y", "concurrently_retire_index_y", "concurrently_attach_unique_y"]);
    expect(toUnique.state.indexes.get("public\u0000y")).toMatchObject({ unique: true, constraint: "unique" });
  });

  it("an earlier folder of the same label that did its step is history (a unique changed again); one emptied by hand is a clash", () => {
    const earlier = [
      { name: "20260201000000_concurrently_precheck_unique_x", sql: "DO $$ BEGIN END $$;" },
      { name: "20260201000001_concurrently_index_unique_x", sql: `CREATE UNIQUE INDEX CONCURRENTLY "x" ON "Ad"("title");` },
      { name: "20260201000002_concurrently_attach_unique_x", sql: `ALTER TABLE "Ad" ADD CONSTRAINT "x" UNIQUE USING INDEX "x";` },
    ];
    const change = { name: "20260301090000_change", sql: `DROP INDEX "x";\nCREATE UNIQUE INDEX "x" ON "Ad"("title", "id");\n` };
    const plan = planFix([{ ...init, sql: prismaInit() }, ...earlier, change], change.name, options)!;
    expect(plan.folders.map((f) => f.name.slice(15))).toEqual(["concurrently_precheck_unique_x", "concurrently_rebuild_index_x", "concurrently_swap_unique_x"]);
    const emptied = [{ ...earlier[0]!, sql: "-- emptied by hand\n" }, ...earlier.slice(1)];
    expect(() => planFix([{ ...init, sql: prismaInit() }, ...emptied, change], change.name, options)).toThrow(/already holds the step/);
  });

  it("follows the generator's options: no pre-check, index only, and a DESC column kept as an index", () => {
    const sql = `CREATE UNIQUE INDEX "k" ON "impression_counter"("ad_id", "impression_date" DESC);`;
    const plan = planFix(history(sql), "20260301090000_add_uniques", { lock: { attemptTimeout: "100ms", retryBudget: "2s" }, precheck: false, attachConstraint: true })!;
    expect(plan.folders.map((f) => f.step.kind)).toEqual(["build"]);
    expect(plan.folders[0]!.sql).toContain("this one has DESC");
    const indexOnly = planFix(history(`CREATE UNIQUE INDEX "k" ON "Ad"("title");`), "20260301090000_add_uniques", { ...options, attachConstraint: false })!;
    expect(indexOnly.folders.map((f) => f.step.kind)).toEqual(["precheck", "build"]);
    expect(indexOnly.sql.trim()).toBe(`-- prisma-concurrently fix: CREATE UNIQUE INDEX "k" was moved to 20260301090002_concurrently_index_unique_k and the folders after it,
-- which build it with CREATE UNIQUE INDEX CONCURRENTLY (writes go on during the build).`);
  });

  it("names the model and fields in the headers when the schema's uniques are known, as the generator does", () => {
    const sql = `CREATE UNIQUE INDEX "Ad_title_key" ON "Ad"("title");`;
    const bare = planFix(history(sql), "20260301090000_add_uniques", options)!;
    expect(bare.folders[1]!.sql).toContain('build the unique index "Ad_title_key" for Ad @@unique([title])');
    const source = { model: "Ad", fields: [{ name: "title", desc: false }], onField: true, map: null };
    const schemaUniques = [{ schema: "public", table: "Ad", qualified: false, name: "Ad_title_key", columns: [{ name: "title", desc: false }], source }];
    const named = planFix(history(sql), "20260301090000_add_uniques", { ...options, schemaUniques })!;
    expect(named.folders[1]!.sql).toContain('build the unique index "Ad_title_key" for Ad.title @unique');
  });

  it("stops when there is no gap before the next folder", () => {
    const sql = `CREATE UNIQUE INDEX "k" ON "Ad"("title");`;
    expect(() => planFix(history(sql, "20260301090002_next"), "20260301090000_add_uniques", options)).toThrow(
      /no room for 3 migration folders between 20260301090000_add_uniques and 20260301090002_next.*Nothing was changed/s,
    );
    expect(planFix(history(sql, "20260301090004_next"), "20260301090000_add_uniques", options)!.folders).toHaveLength(3);
  });

  it("returns null when there is nothing to move: a new table, a concurrent build, or a suppressed finding", () => {
    const suppressed = `-- prisma-concurrently-disable-next-line blocking-unique-index\nCREATE UNIQUE INDEX "k" ON "Ad"("title");`;
    for (const sql of [`CREATE TABLE t (a int); CREATE UNIQUE INDEX k ON t (a);`, `CREATE UNIQUE INDEX CONCURRENTLY "k" ON "Ad"("title");`, suppressed]) {
      expect(planFix(history(sql), "20260301090000_add_uniques", options), sql).toBeNull();
    }
  });

  it("refuses what the concurrent steps cannot reproduce, and a build a later statement of the file needs", () => {
    expect(() => planFix(history(`CREATE UNIQUE INDEX "k" ON "Ad"(lower("title"));`), "20260301090000_add_uniques", options)).toThrow(/line 1: the unique index "k" has an expression/);
    expect(() => planFix(history(`CREATE UNIQUE INDEX "k" ON "Ad"("title") WHERE "id" > 0;`), "20260301090000_add_uniques", options)).toThrow(/partial/);
    const fk = `CREATE UNIQUE INDEX "Ad_title_key" ON "Ad"("title");\n\nALTER TABLE "Click" ADD COLUMN "ad_title" TEXT;\nALTER TABLE "Click" ADD CONSTRAINT "f" FOREIGN KEY ("ad_title") REFERENCES "Ad"("title") NOT VALID;`;
    expect(() => planFix(history(fk), "20260301090000_add_uniques", options)).toThrow(/the statement at line 4 needs the index "Ad_title_key"/);
    // Prisma's own FK (no NOT VALID) moves too, after the unique it needs (foreign-key operation).
    const moved = planFix(history(fk.replace(" NOT VALID", "")), "20260301090000_add_uniques", options)!;
    expect(moved.folders.map((f) => f.name.slice(15))).toEqual([
      "concurrently_precheck_unique_ad_title", "concurrently_index_unique_ad_title", "concurrently_attach_unique_ad_title",
      "concurrently_precheck_fk_f", "concurrently_add_fk_f", "concurrently_validate_fk_f",
    ]);
    const renamed = `CREATE UNIQUE INDEX "k" ON "Ad"("title"); ALTER INDEX "k" RENAME TO "k2";`;
    expect(() => planFix(history(renamed), "20260301090000_add_uniques", options)).toThrow(/needs the index "k"/);
  });

  it("cuts exactly the statement, with its comments and semicolon, wherever it stands", () => {
    const sql = `SELECT 1 ;\n-- CreateIndex\nCREATE UNIQUE INDEX "k" ON "Ad"("title") ;\n-- tail\nSELECT 2`;
    const plan = planFix(history(sql), "20260301090000_add_uniques", options)!;
    expect(plan.sql).toBe(`SELECT 1 ;\n\n-- prisma-concurrently fix: CREATE UNIQUE INDEX "k" was moved to 20260301090002_concurrently_index_unique_k and the folders after it,
-- which build it with CREATE UNIQUE INDEX CONCURRENTLY (writes go on during the build).\n-- tail\nSELECT 2`);
  });
});
