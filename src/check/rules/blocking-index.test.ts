import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../../sql/parse.js";
import { blockingIndex } from "./blocking-index.js";
import { findingsOf, prismaAddUniques, prismaInit } from "./rule-test-kit.js";

beforeAll(loadParser);

describe("blocking-index", () => {
  it("is an error on Prisma's CREATE INDEX for @@index on an existing table, naming fix and the concurrent statement", () => {
    const findings = findingsOf(blockingIndex, prismaInit(), prismaAddUniques);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line: 22, column: 1, severity: "error", rule: "blocking-index" });
    expect(findings[0]!.fix).toBe(
      "run `npx prisma-concurrently fix 20260101000001_m1`: it moves the build into a migration of its own right after this one: " +
      'CREATE INDEX CONCURRENTLY "Click_clicked_at_idx" ON "Click"("clicked_at");',
    );
  });

  it("accepts indexes in the file that creates the table (Prisma's first migration) and concurrent builds", () => {
    expect(findingsOf(blockingIndex, prismaInit())).toEqual([]);
    expect(findingsOf(blockingIndex, prismaInit(), `CREATE INDEX CONCURRENTLY "Click_clicked_at_idx" ON "Click"("clicked_at");`)).toEqual([]);
  });

  it("writes Prisma's GIN / opclass spelling back", () => {
    const [gin] = findingsOf(blockingIndex, prismaInit(), `CREATE INDEX "Ad_title_idx" ON "Ad" USING GIN ("title" gin_trgm_ops);`);
    expect(gin!.fix).toContain('CREATE INDEX CONCURRENTLY "Ad_title_idx" ON "Ad" USING GIN ("title" gin_trgm_ops);');
  });

  it("writes the concurrent form back with schema, method, order and INCLUDE, and says what to change when it cannot", () => {
    const [written] = findingsOf(blockingIndex, `CREATE INDEX i ON s.t USING hash (a DESC NULLS LAST) INCLUDE (b);`);
    expect(written!.fix).toContain('CREATE INDEX CONCURRENTLY "i" ON "s"."t" USING HASH ("a" DESC NULLS LAST) INCLUDE ("b");');
    const [partial] = findingsOf(blockingIndex, `CREATE TABLE t (a int);`, `CREATE INDEX i ON t (lower(a::text)) WHERE a > 0;`);
    expect(partial!.fix).toContain("the same statement with CONCURRENTLY after CREATE INDEX");
  });
});
