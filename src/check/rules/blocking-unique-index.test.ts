import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../../sql/parse.js";
import { blockingUniqueIndex } from "./blocking-unique-index.js";
import { findingsOf, generatorBuild, prismaAddUniques, prismaInit } from "./rule-test-kit.js";

beforeAll(loadParser);

describe("blocking-unique-index", () => {
  it("reports Prisma's CREATE UNIQUE INDEX on tables that existed before, not on a table of the same file", () => {
    const findings = findingsOf(blockingUniqueIndex, prismaInit(), prismaAddUniques);
    expect(findings.map((f) => [f.line, f.column, f.severity])).toEqual([[16, 1], [19, 1], [25, 1]].map((p) => [...p, "error"]));
    expect(findings[2]!.message).toBe(
      'CREATE UNIQUE INDEX "impression_counter_ad_id_impression_date_key" on "impression_counter", a table that existed before this migration, ' +
      "blocks every INSERT, UPDATE and DELETE on it (SHARE lock) for the whole build.",
    );
    expect(findings[2]!.fix).toContain("`npx prisma-concurrently fix 20260101000001_m1`");
  });

  it("accepts a unique index built concurrently, and one on a table created in the same file", () => {
    expect(findingsOf(blockingUniqueIndex, prismaInit(), generatorBuild)).toEqual([]);
    expect(findingsOf(blockingUniqueIndex, `CREATE TABLE t (a int); CREATE UNIQUE INDEX t_a_key ON t (a);`)).toEqual([]);
  });

  it("reports a table dropped and created again only when it existed before the file", () => {
    expect(findingsOf(blockingUniqueIndex, `CREATE TABLE t (a int);`, `DROP TABLE t; CREATE TABLE t (a int); CREATE UNIQUE INDEX k ON t (a);`)).toEqual([]);
    expect(findingsOf(blockingUniqueIndex, `CREATE TABLE t (a int);`, `ALTER TABLE t RENAME TO u; CREATE UNIQUE INDEX k ON u (a);`)).toHaveLength(1);
  });

  it("never takes a temporary table (a backfill's), or one shadowing a permanent table, for an existing table", () => {
    const backfill = `BEGIN;\nCREATE TEMP TABLE backfill ON COMMIT DROP AS SELECT id, title FROM "Ad";\nCREATE UNIQUE INDEX ON backfill (title);\nCOMMIT;`;
    expect(findingsOf(blockingUniqueIndex, prismaInit(), backfill)).toEqual([]);
    const shadow = `CREATE TEMP TABLE "Ad" AS SELECT * FROM public."Ad";\nCREATE UNIQUE INDEX "Ad_title_key" ON "Ad"("title");\nDROP TABLE "Ad";\nCREATE UNIQUE INDEX "Ad_title_key" ON "Ad"("title");`;
    expect(findingsOf(blockingUniqueIndex, prismaInit(), shadow).map((f) => f.line)).toEqual([4]);
    expect(findingsOf(blockingUniqueIndex, prismaInit(), `CREATE UNIQUE INDEX ON public."Ad" (title);`)).toHaveLength(1);
  });

  it("treats a table the history does not create as existing, and names an unnamed index as PostgreSQL does", () => {
    const [finding] = findingsOf(blockingUniqueIndex, `CREATE UNIQUE INDEX ON s.legacy (a, b);`);
    expect(finding!.message).toContain('CREATE UNIQUE INDEX "legacy_a_b_idx" on "s"."legacy"');
  });

  it("on a partitioned table, explains the per-partition recipe instead of `fix`", () => {
    const [finding] = findingsOf(blockingUniqueIndex, `CREATE TABLE p (a int) PARTITION BY RANGE (a);`, `CREATE UNIQUE INDEX k ON p (a);`);
    expect(finding!.fix).toMatch(/ON ONLY the parent table.*ATTACH PARTITION/);
  });

  it("is silenced by a disable comment on the line right before the statement", () => {
    const sql = `-- CreateIndex\n-- prisma-concurrently-disable-next-line blocking-unique-index -- small table\nCREATE UNIQUE INDEX "Ad_title_key" ON "Ad"("title");`;
    expect(findingsOf(blockingUniqueIndex, prismaInit(), sql)).toEqual([]);
    const tooHigh = `-- prisma-concurrently-disable-next-line blocking-unique-index\n-- CreateIndex\nCREATE UNIQUE INDEX "Ad_title_key" ON "Ad"("title");`;
    expect(findingsOf(blockingUniqueIndex, prismaInit(), tooHigh)).toHaveLength(1);
    const otherRule = `-- prisma-concurrently-disable-next-line blocking-index\nCREATE UNIQUE INDEX "Ad_title_key" ON "Ad"("title");`;
    expect(findingsOf(blockingUniqueIndex, prismaInit(), otherRule)).toHaveLength(1);
  });
});
