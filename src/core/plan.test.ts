import { beforeAll, describe, expect, it } from "vitest";
import type { DMMF } from "@prisma/generator-helper";
import { loadParser } from "../sql/parse.js";
import { desiredFromDatamodel } from "./desired.js";
import { planChanges, type PlanOptions } from "./plan.js";
import { FolderClashError, renderPlan } from "./render.js";
import { replayHistory } from "./replay.js";
import { notices } from "../messages/notices.js";

beforeAll(loadParser);

type Field = { name: string; dbName?: string };
type Unique = { fields: Array<string | { name: string; sortOrder: "asc" | "desc" }>; map?: string; onField?: boolean };

/** A DMMF datamodel as Prisma hands it to generators, reduced to what planning reads. */
export function datamodel(models: Array<{ name: string; dbName?: string; schema?: string; fields: Field[]; uniques?: Unique[] }>): DMMF.Datamodel {
  return {
    models: models.map((m) => ({
      name: m.name, dbName: m.dbName ?? null, schema: m.schema ?? null,
      fields: m.fields.map((f) => ({ name: f.name, dbName: f.dbName ?? null, kind: "scalar" })),
    })),
    indexes: models.flatMap((m) => (m.uniques ?? []).map((u) => ({
      model: m.name, type: "unique", isDefinedOnField: u.onField ?? false, dbName: u.map,
      fields: u.fields.map((f) => (typeof f === "string" ? { name: f } : f)),
    }))),
    enums: [], types: [],
  } as unknown as DMMF.Datamodel;
}

const impressionModel = (uniques: Unique[]) => ({
  name: "ImpressionCounter", dbName: "impression_counter",
  fields: [{ name: "id" }, { name: "adId", dbName: "ad_id" }, { name: "impressionDate", dbName: "impression_date" }, { name: "counter" }],
  uniques,
});

const history = [{
  name: "20250101000000_init",
  sql: `CREATE TABLE "impression_counter" ("id" SERIAL NOT NULL, "ad_id" INTEGER NOT NULL, "impression_date" DATE NOT NULL, "counter" INTEGER NOT NULL DEFAULT 0, CONSTRAINT "impression_counter_pkey" PRIMARY KEY ("id"));`,
}];

const on: PlanOptions = { attachConstraint: true, precheck: true };
const plan = (models: Parameters<typeof datamodel>[0], hist = history, options = on) =>
  planChanges(desiredFromDatamodel(datamodel(models)), replayHistory(hist).state, options);

describe("planning", () => {
  it("a new unique on an existing table: pre-check, concurrent build, attach", () => {
    const p = plan([impressionModel([{ fields: ["adId", "impressionDate"] }])]);
    expect(p.steps.map((s) => s.kind)).toEqual(["precheck", "build", "attach"]);
    expect(p.steps[1]).toMatchObject({ unique: { name: "impression_counter_ad_id_impression_date_key", columns: [{ name: "ad_id" }, { name: "impression_date" }] } });
    expect(p.skipped).toEqual([]);
  });

  it("options turn off the pre-check and the attach", () => {
    const p = plan([impressionModel([{ fields: ["adId", "impressionDate"] }])], history, { attachConstraint: false, precheck: false });
    expect(p.steps).toMatchObject([{ kind: "build", attach: false, indexOnlyReason: "disabled" }]);
  });

  it("sort: Desc stays an index: PostgreSQL refuses USING INDEX for it", () => {
    const p = plan([impressionModel([{ fields: ["adId", { name: "impressionDate", sortOrder: "desc" }] }])]);
    expect(p.steps.map((s) => s.kind)).toEqual(["precheck", "build"]);
    expect(p.steps[1]).toMatchObject({ attach: false, indexOnlyReason: "sort-order" });
  });

  it("nothing when an equivalent unique exists under any name, or the table is new", () => {
    const withIndex = [...history, { name: "20250102000000_u", sql: `CREATE UNIQUE INDEX "other" ON "impression_counter"("ad_id", "impression_date");` }];
    expect(plan([impressionModel([{ fields: ["adId", "impressionDate"] }])], withIndex).steps).toEqual([]);
    const p = plan([{ name: "Click", fields: [{ name: "id" }, { name: "adId" }], uniques: [{ fields: ["adId"], onField: true }] }]);
    expect(p.steps).toEqual([]);
    expect(p.skipped).toMatchObject([{ reason: { kind: "new-table" } }]);
  });

  it("a unique on a partitioned table is the partitioned-index recipe; without the partition key it is skipped with the reason", async () => {
    const partitioned = [{
      name: "20250101000000_init",
      sql: `CREATE TABLE "impression_counter" ("id" INTEGER NOT NULL, "ad_id" INTEGER NOT NULL, "impression_date" DATE NOT NULL, "counter" INTEGER NOT NULL DEFAULT 0) PARTITION BY RANGE ("impression_date");`,
    }];
    const p = plan([impressionModel([{ fields: ["adId", "impressionDate"] }])], partitioned);
    expect(p.steps.map((s) => s.kind)).toEqual(["precheck", "index-on-only", "partition-verify"]); // no partitions yet: nothing to build or attach
    const refused = plan([impressionModel([{ fields: ["adId"] }])], partitioned);
    expect(refused.steps).toEqual([]);
    expect(refused.skipped).toMatchObject([{ reason: { kind: "partition-key" } }]);
    expect(notices.skipped(refused.skipped[0]!)).toMatch(/must contain every partition-key column.*lacks "impression_date"/);
  });

  it("a unique on a column the history does not have yet is skipped, naming the column", () => {
    const model = impressionModel([{ fields: ["adId", "campaign"] }]);
    model.fields.push({ name: "campaign" });
    const p = plan([model]);
    expect(p.skipped).toMatchObject([{ reason: { kind: "missing-columns", columns: ["campaign"], unfollowed: [] } }]);
    expect(notices.skipped(p.skipped[0]!)).toMatch(/has no column "campaign" in the migration history yet.\n {2}Create the column first/);
    expect(notices.nothingToWrite(p.skipped)).toBe("prisma-concurrently: nothing written: 1 unique is skipped (above), each with what to do.");
  });

  it("a column missing after a DO block: says the history could not be followed there (file and line), never 'create the column'", () => {
    const model = impressionModel([{ fields: ["adId", "campaign"] }]);
    model.fields.push({ name: "campaign" });
    const withDo = [...history, { name: "20250102000000_backfill", sql: `SELECT 1;\nDO $$ BEGIN EXECUTE 'ALTER TABLE impression_counter ADD COLUMN campaign int'; END $$;` }];
    const p = plan([model], withDo);
    expect(p.skipped).toMatchObject([{ reason: { kind: "missing-columns", unfollowed: [{ migration: "20250102000000_backfill", line: 2, what: "a DO block" }] } }]);
    const text = notices.skipped(p.skipped[0]!, "db/migrations");
    expect(text).toContain('as far as the migration history can be followed, table "impression_counter" has no column "campaign"; ' +
      "it cannot be followed through db/migrations/20250102000000_backfill/migration.sql line 2 (a DO block), which may have created it.");
    expect(text).toContain("`npx prisma migrate dev --create-only`");
    expect(text).toContain("`npx prisma-concurrently fix <that migration>`");
    expect(text).not.toContain("Create the column first");
    // A DO block before the table's own migration cannot have made its column.
    const before = [{ name: "20240101000000_do", sql: "DO $$ BEGIN END $$;" }, ...history];
    expect(plan([model], before).skipped).toMatchObject([{ reason: { unfollowed: [] } }]);
  });

  it("the closing line of a plan that writes nothing agrees with the skipped lines", () => {
    expect(notices.nothingToWrite([])).toBe("prisma-concurrently: nothing to do: every unique in the schema is already in the migration history.");
    const newTable = plan([{ name: "Other", fields: [{ name: "a" }], uniques: [{ fields: ["a"] }] }]).skipped;
    expect(newTable).toMatchObject([{ reason: { kind: "new-table" } }]);
    expect(notices.nothingToWrite(newTable)).toBe("prisma-concurrently: nothing to do: every other unique in the schema is already in the migration history.");
  });

  it("an index name held by an index Prisma does not see (partial, expression) is skipped; a plain one of that name is changed", () => {
    const taken = [...history, { name: "20250102000000_i", sql: `CREATE INDEX "impression_counter_counter_key" ON "impression_counter"("counter") WHERE "counter" > 0;` }];
    expect(plan([impressionModel([{ fields: ["counter"] }])], taken).skipped).toMatchObject([{ reason: { kind: "name-taken" } }]);
    const plain = [...history, { name: "20250102000000_i", sql: `CREATE INDEX "impression_counter_counter_key" ON "impression_counter"("counter" DESC);` }];
    expect(plan([impressionModel([{ fields: ["counter"] }])], plain).steps.map((s) => s.kind)).toEqual(["precheck", "rebuild-index", "retire-index", "attach"]);
  });

  it("a unique constraint the schema no longer declares is dropped with DROP CONSTRAINT", () => {
    const attached = [...history,
      { name: "20250102000000_b", sql: `CREATE UNIQUE INDEX CONCURRENTLY "k" ON "impression_counter"("ad_id", "impression_date");` },
      { name: "20250102000001_a", sql: `ALTER TABLE "impression_counter" ADD CONSTRAINT "k" UNIQUE USING INDEX "k";` }];
    const p = plan([impressionModel([])], attached);
    expect(p.steps).toMatchObject([{ kind: "drop", index: { name: "k" } }]);
    // still declared (under another name: Prisma renames it) → nothing
    expect(plan([impressionModel([{ fields: ["adId", "impressionDate"] }])], attached).steps).toEqual([]);
    // a plain unique index (not a constraint) is dropped concurrently (src/catalog/drop-index)
    const plain = [...history, { name: "20250102000000_b", sql: `CREATE UNIQUE INDEX "k" ON "impression_counter"("ad_id");` }];
    expect(plan([impressionModel([])], plain).steps).toMatchObject([{ kind: "drop-index", index: { name: "k", table: "impression_counter" } }]);
  });

  it("uniques across tables and schemas keep their order and qualification", () => {
    const hist = [{ name: "20250101000000_init", sql: `CREATE SCHEMA "billing"; CREATE TABLE "billing"."Invoice" ("id" int, "number" text); CREATE TABLE "public"."Ad" ("id" int, "slug" text);` }];
    const p = plan([
      { name: "Invoice", schema: "billing", fields: [{ name: "id" }, { name: "number" }], uniques: [{ fields: ["number"], onField: true }] },
      { name: "Ad", schema: "public", fields: [{ name: "id" }, { name: "slug" }], uniques: [{ fields: ["slug"], onField: true }] },
    ], hist);
    expect(p.steps.filter((s) => s.kind === "build")).toMatchObject([
      { unique: { schema: "billing", name: "Invoice_number_key", qualified: true } },
      { unique: { schema: "public", name: "Ad_slug_key" } },
    ]);
  });
});

describe("rendering", () => {
  const now = new Date("2026-03-01T10:00:00Z");
  const folders = (options = on) =>
    renderPlan(plan([impressionModel([{ fields: ["adId", "impressionDate"] }])], history, options), { now, existing: ["20250101000000_init"] });

  it("is byte-for-byte deterministic for a fixed clock", () => {
    expect(folders()).toEqual(folders());
    expect(folders().map((f) => f.name)).toEqual([
      "20260301100000_concurrently_precheck_unique_impression_counter_ad_id_impression_date",
      "20260301100001_concurrently_index_unique_impression_counter_ad_id_impression_date",
      "20260301100002_concurrently_attach_unique_impression_counter_ad_id_impression_date",
    ]);
  });

  it("the build is the only statement of its file, without IF NOT EXISTS", async () => {
    const { parseStatements } = await import("../sql/parse.js");
    const [precheck, build, attach] = folders();
    expect(parseStatements(build!.sql).map((s) => s.text)).toEqual([
      'CREATE UNIQUE INDEX CONCURRENTLY "impression_counter_ad_id_impression_date_key" ON "impression_counter"("ad_id", "impression_date")',
    ]);
    expect(parseStatements(precheck!.sql).map((s) => s.kind)).toEqual(["DoStmt"]);
    // The attach is one retrying lock step: a DO block that runs the ALTER TABLE in each attempt.
    const { withLockStepsOpened } = await import("../catalog/sql-shapes.js");
    expect(parseStatements(attach!.sql).map((s) => s.kind)).toEqual(["DoStmt"]);
    expect(withLockStepsOpened(parseStatements(attach!.sql)).map((s) => s.text)).toEqual([
      'ALTER TABLE "impression_counter" ADD CONSTRAINT "impression_counter_ad_id_impression_date_key" UNIQUE USING INDEX "impression_counter_ad_id_impression_date_key"',
    ]);
  });

  it("headers say what, why, which lock, and what to do on failure", () => {
    const [, build, attach] = folders();
    expect(build!.sql).toMatch(/ImpressionCounter @@unique\(\[adId, impressionDate\]\)/);
    expect(build!.sql).toMatch(/SHARE UPDATE EXCLUSIVE/);
    expect(build!.sql).toMatch(/DROP INDEX CONCURRENTLY "impression_counter_ad_id_impression_date_key";/);
    expect(build!.sql).toContain(`npx prisma migrate resolve --rolled-back ${build!.name}`);
    expect(build!.sql).toContain("-- While it waits for old transactions deploy is silent: `npx prisma-concurrently watch` shows why.");
    // pg_stat_activity keeps the first 1024 bytes of a query (track_activity_query_size): the
    // statement must start early enough to be recognised there (watch, doctor's tests).
    expect(Buffer.byteLength(build!.sql.slice(0, build!.sql.indexOf("CREATE UNIQUE INDEX CONCURRENTLY")))).toBeLessThanOrEqual(960);
    expect(attach!.sql).toMatch(/ACCESS EXCLUSIVE/);
    expect(notices.nextAfterWrite(true)).toContain("`npx prisma-concurrently watch` in another terminal shows its progress and what it waits for.");
    expect(notices.nextAfterWrite(false)).not.toContain("watch");
  });

  it("repeats a label for a unique added again, but stops at a folder that no longer does its step", () => {
    const p = plan([impressionModel([{ fields: ["adId", "impressionDate"] }])], history);
    const earlier = renderPlan(p, { now: new Date("2025-06-01T00:00:00Z"), existing: ["20250101000000_init"] });
    const existing = ["20250101000000_init", ...earlier.map((f) => f.name)];
    const scripts = new Map(earlier.map((f) => [f.name, f.sql]));
    expect(renderPlan(p, { now, existing, scripts })).toHaveLength(3);
    scripts.set(earlier[1]!.name, "-- emptied by hand\n");
    expect(() => renderPlan(p, { now, existing, scripts })).toThrowError(FolderClashError);
  });

  it("the pre-check stays one DO block when a column name holds its dollar-quote tag", async () => {
    const { parseStatements } = await import("../sql/parse.js");
    const odd = "x$prisma_concurrently$y";
    const hist = [{ name: "20250101000000_init", sql: `CREATE TABLE "t" ("id" SERIAL NOT NULL, "${odd}" TEXT NOT NULL, CONSTRAINT "t_pkey" PRIMARY KEY ("id"));` }];
    const p = plan([{ name: "t", fields: [{ name: "id" }, { name: odd }], uniques: [{ fields: [odd] }] }], hist);
    const [precheck] = renderPlan(p, { now, existing: ["20250101000000_init"] });
    expect(precheck!.sql).toContain("DO $prisma_concurrently_1$");
    expect(parseStatements(precheck!.sql).map((s) => s.kind)).toEqual(["DoStmt"]);
  });

  it("starts every file with a comment header, then the statements", () => {
    for (const f of folders()) {
      const lines = f.sql.split("\n");
      const firstCode = lines.findIndex((l) => !l.startsWith("--"));
      expect(firstCode).toBeGreaterThan(5);
      expect(lines[firstCode]).toMatch(/^(CREATE UNIQUE INDEX CONCURRENTLY|DO \$lock_step\$|DO \$prisma_concurrently\$)/);
    }
  });
});
