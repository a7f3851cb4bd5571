import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../../sql/parse.js";
import { concurrentlyNotAlone } from "./concurrently-not-alone.js";
import { findingsOf, generatorBuild, prismaInit } from "./rule-test-kit.js";

beforeAll(loadParser);

describe("concurrently-not-alone", () => {
  it("reports every CONCURRENTLY statement that shares its file, whatever else is in it", () => {
    const sql = `SET lock_timeout = '5s';\nCREATE UNIQUE INDEX CONCURRENTLY "k" ON "Ad"("title");\nDROP INDEX CONCURRENTLY "old";`;
    const findings = findingsOf(concurrentlyNotAlone, prismaInit(), sql);
    expect(findings.map((f) => [f.line, f.severity])).toEqual([[2, "error"], [3, "error"]]);
    expect(findings[0]!.message).toBe(
      'CREATE UNIQUE INDEX CONCURRENTLY "k" shares its migration.sql with 2 other statements: a Prisma engine that sends the file whole runs it in one transaction, ' +
      'where PostgreSQL refuses it (25001 "cannot run inside a transaction block"), and one that splits it leaves the file half applied when a statement fails.',
    );
    expect(findings[1]!.message).toMatch(/^DROP INDEX CONCURRENTLY "old"/);
  });

  it("knows REINDEX and DETACH PARTITION … CONCURRENTLY too", () => {
    const findings = findingsOf(concurrentlyNotAlone, `REINDEX INDEX CONCURRENTLY i; ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY;`);
    expect(findings).toHaveLength(2);
  });

  it("accepts a CONCURRENTLY statement alone in its file, with comments around it", () => {
    expect(findingsOf(concurrentlyNotAlone, prismaInit(), `-- header\n${generatorBuild}-- trailer\n`)).toEqual([]);
    expect(findingsOf(concurrentlyNotAlone, prismaInit())).toEqual([]);
  });
});
