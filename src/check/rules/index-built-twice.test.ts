import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../../sql/parse.js";
import { indexBuiltTwice } from "./index-built-twice.js";
import { findingsOf, generatorAttach, generatorBuild, prismaAddUniques, prismaInit } from "./rule-test-kit.js";

beforeAll(loadParser);

describe("index-built-twice", () => {
  it("reports the second copy of a build that two generate runs wrote at once, naming the first", () => {
    const findings = findingsOf(indexBuiltTwice, prismaInit(), generatorBuild, generatorAttach, generatorBuild);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ migration: "20260101000003_m3", line: 1, column: 1, severity: "error", rule: "index-built-twice" });
    expect(findings[0]!.message).toBe(
      'the index "impression_counter_ad_id_impression_date_key" already exists here (made by migration 20260101000002_m2): ' +
      '`prisma migrate deploy` stops here with 42P07 ("relation "impression_counter_ad_id_impression_date_key" already exists").',
    );
    expect(findings[0]!.fix).toContain("delete this copy (20260101000003_m3 and the folders written with it)");
  });

  it("reports a name Prisma's own migration built before, with a default name too", () => {
    const [finding] = findingsOf(indexBuiltTwice, prismaInit(), prismaAddUniques, `CREATE INDEX ON "Click"("clicked_at");`);
    expect(finding!.message).toContain('"Click_clicked_at_idx" already exists here (made by migration 20260101000001_m1)');
  });

  it("accepts a build after the earlier index was dropped, IF NOT EXISTS, the same name in another schema, and one build", () => {
    expect(findingsOf(indexBuiltTwice, prismaInit(), generatorBuild)).toEqual([]);
    expect(findingsOf(indexBuiltTwice, prismaInit(), generatorBuild, `DROP INDEX "impression_counter_ad_id_impression_date_key";`, generatorBuild)).toEqual([]);
    expect(findingsOf(indexBuiltTwice, prismaInit(), generatorBuild, generatorBuild.replace("CONCURRENTLY", "CONCURRENTLY IF NOT EXISTS"))).toEqual([]);
    expect(findingsOf(indexBuiltTwice, `CREATE SCHEMA s; CREATE TABLE t (a int); CREATE TABLE s.t (a int);`, `CREATE INDEX i ON t (a);`, `CREATE INDEX i ON s.t (a);`)).toEqual([]);
  });
});
