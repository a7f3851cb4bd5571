import { beforeAll, describe, expect, it } from "vitest";
import type { DMMF } from "@prisma/generator-helper";
import { loadParser } from "../../sql/parse.js";
import { desiredFromDatamodel } from "../../core/desired.js";
import { replayHistory } from "../../core/replay.js";
import { planChanges } from "../../core/plan.js";
import { renderPlan } from "../../core/render.js";

beforeAll(loadParser);

type Index = { fields: Array<{ name: string; sortOrder?: "desc"; operatorClass?: string }>; algorithm?: string; dbName?: string; type?: "normal" | "unique" };

/** The Post model of the catalog plan's §2.2, as DMMF (the shape Prisma 6.19 and 7.10 hand generators). */
function desired(indexes: Index[]) {
  return desiredFromDatamodel({
    models: [{
      name: "Post", dbName: "posts", schema: null,
      fields: ["id", "title", "body", "meta", "score"].map((name) => ({ name, dbName: null, kind: "scalar" })),
    }],
    indexes: indexes.map((i) => ({ model: "Post", type: i.type ?? "normal", isDefinedOnField: false, ...i })),
    enums: [], types: [],
  } as unknown as DMMF.Datamodel);
}

const init = { name: "20250101000000_init", sql: `CREATE TABLE "posts" ("id" SERIAL PRIMARY KEY, "title" TEXT, "body" TEXT, "meta" JSONB, "score" INTEGER);` };
const on = { attachConstraint: true, precheck: true };
const plan = (indexes: Index[], history = [init]) => planChanges(desired(indexes), replayHistory(history).state, on);

describe("add-index planning", () => {
  it("plans one concurrent build per new @@index, in Prisma's spelling, alone in its folder", () => {
    const p = plan([
      { fields: [{ name: "title" }] },
      { fields: [{ name: "meta", operatorClass: "JsonbPathOps" }], algorithm: "Gin" },
      { fields: [{ name: "body" }], algorithm: "Hash" },
      { fields: [{ name: "score", sortOrder: "desc" }], dbName: "custom" },
    ]);
    expect(p.steps.map((s) => s.kind === "create-index" && s.index.statement)).toEqual([
      'CREATE INDEX CONCURRENTLY "posts_title_idx" ON "posts"("title");',
      'CREATE INDEX CONCURRENTLY "posts_meta_idx" ON "posts" USING GIN ("meta" jsonb_path_ops);',
      'CREATE INDEX CONCURRENTLY "posts_body_idx" ON "posts" USING HASH ("body");',
      'CREATE INDEX CONCURRENTLY "custom" ON "posts"("score" DESC);',
    ]);
    const [folder] = renderPlan(p, { now: new Date("2026-03-01T09:00:00Z"), existing: [init.name] });
    expect(folder!.name).toBe("20260301090000_concurrently_create_index_posts_title_idx");
    expect(folder!.sql).toBe(`-- prisma-concurrently: build the index "posts_title_idx" for Post @@index([title])
--
-- Prisma writes CREATE INDEX: every write to the table waits for the whole build (SHARE lock).
-- CREATE INDEX CONCURRENTLY cannot run in a transaction block: so it is alone in its migration.
-- Lock: SHARE UPDATE EXCLUSIVE on "posts": reads and writes go on throughout.
-- While it waits for old transactions deploy is silent: \`npx prisma-concurrently watch\` shows why.
-- If it fails (cancel, timeout) it leaves an INVALID index behind:
--   1. DROP INDEX CONCURRENTLY "posts_title_idx";
--   2. npx prisma migrate resolve --rolled-back 20260301090000_concurrently_create_index_posts_title_idx
--   3. fix the cause, then \`npx prisma migrate deploy\`
CREATE INDEX CONCURRENTLY "posts_title_idx" ON "posts"("title");
`);
  });

  it("plans nothing for an index that exists (default opclass = no ops; another name = Prisma's rename), a new table or a new column", () => {
    const built = [init, { name: "20250102000000_i", sql: `CREATE INDEX "posts_meta_idx" ON "posts" USING GIN ("meta"); CREATE INDEX "old" ON "posts"("title");` }];
    expect(plan([{ fields: [{ name: "meta", operatorClass: "JsonbOps" }], algorithm: "Gin" }, { fields: [{ name: "title" }] }], built).steps).toEqual([]);
    expect(plan([{ fields: [{ name: "title" }] }], []).steps).toEqual([]);
    const noScore = [{ name: init.name, sql: `CREATE TABLE "posts" ("id" SERIAL PRIMARY KEY, "title" TEXT, "body" TEXT, "meta" JSONB);` }];
    expect(plan([{ fields: [{ name: "score" }] }], noScore).steps).toEqual([]);
  });
});

describe("drop-index planning", () => {
  const indexed = [init, { name: "20250102000000_i", sql: `CREATE INDEX "posts_title_idx" ON "posts"("title"); CREATE INDEX "p" ON "posts"("title") WHERE "score" > 0; CREATE INDEX "e" ON "posts"(lower("title"));` }];

  it("drops concurrently an index the schema no longer declares; never a partial or expression index (Prisma ignores those)", () => {
    const p = plan([], indexed);
    expect(p.steps).toEqual([{ kind: "drop-index", index: { schema: "public", table: "posts", name: "posts_title_idx", qualified: false } }]);
    const [folder] = renderPlan(p, { now: new Date("2026-03-01T09:00:00Z"), existing: indexed.map((m) => m.name) });
    expect(folder!.name).toBe("20260301090000_concurrently_drop_index_posts_title_idx");
    expect(folder!.sql).toContain('-- Lock: SHARE UPDATE EXCLUSIVE on "posts" and SHARE UPDATE EXCLUSIVE on the index "posts_title_idx": reads and writes go on throughout.\n');
    expect(folder!.sql.endsWith('\nDROP INDEX CONCURRENTLY "posts_title_idx";\n')).toBe(true);
  });

  it("adds before it drops when a default name follows its columns (§2.7), and keeps what is still declared", () => {
    const p = plan([{ fields: [{ name: "title" }, { name: "score" }] }], indexed);
    expect(p.steps.map((s) => [s.kind, "index" in s ? s.index.name : null])).toEqual([["create-index", "posts_title_score_idx"], ["drop-index", "posts_title_idx"]]);
    expect(plan([{ fields: [{ name: "title" }] }], indexed).steps).toEqual([]);
  });
});
