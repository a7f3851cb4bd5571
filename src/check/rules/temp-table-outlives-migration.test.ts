import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../../sql/parse.js";
import { tempTableOutlivesMigration } from "./temp-table-outlives-migration.js";
import { findingsOf, prismaInit } from "./rule-test-kit.js";

beforeAll(loadParser);

describe("temp-table-outlives-migration", () => {
  it("reports a temporary table that shadows a permanent one and is not dropped, with the DROP to add", () => {
    const findings = findingsOf(tempTableOutlivesMigration, prismaInit(), `UPDATE "Ad" SET title = title;\nCREATE TEMP TABLE "Ad" AS SELECT * FROM public."Ad";\nSELECT count(*) FROM "Ad";`);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ migration: "20260101000001_m1", line: 2, severity: "error", rule: "temp-table-outlives-migration" });
    expect(findings[0]!.message).toContain('a later index or constraint on "Ad" lands on the copy and vanishes with it');
    expect(findings[0]!.fix).toContain('end this migration with DROP TABLE pg_temp."Ad";');
  });

  it("reports a temporary table of a new name too, and SELECT … INTO TEMP", () => {
    const [finding] = findingsOf(tempTableOutlivesMigration, prismaInit(), `SELECT id INTO TEMP ids FROM "Ad";`);
    expect(finding!.message).toContain("a later CREATE TEMP TABLE \"ids\" fails (42P07)");
  });

  it("accepts a temporary table dropped in the file (qualified or not) and ON COMMIT DROP", () => {
    expect(findingsOf(tempTableOutlivesMigration, prismaInit(), `CREATE TEMP TABLE "Ad" AS SELECT * FROM public."Ad"; DROP TABLE pg_temp."Ad";`)).toEqual([]);
    expect(findingsOf(tempTableOutlivesMigration, prismaInit(), `CREATE TEMP TABLE x (a int); DROP TABLE x;`)).toEqual([]);
    expect(findingsOf(tempTableOutlivesMigration, prismaInit(), `CREATE TEMP TABLE x ON COMMIT DROP AS SELECT 1 AS a;`)).toEqual([]);
    expect(findingsOf(tempTableOutlivesMigration, prismaInit(), `BEGIN; CREATE TEMP TABLE x (a int) ON COMMIT DROP; COMMIT;`)).toEqual([]);
    expect(findingsOf(tempTableOutlivesMigration, prismaInit(), `CREATE TABLE x (a int);`)).toEqual([]);
  });
});
