import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../../sql/parse.js";
import { concurrentlyIfNotExists } from "./concurrently-if-not-exists.js";
import { findingsOf, generatorBuild, prismaAddUniques, prismaInit } from "./rule-test-kit.js";

beforeAll(loadParser);

describe("concurrently-if-not-exists", () => {
  it("warns on IF NOT EXISTS with CONCURRENTLY, and gives the statement without it", () => {
    const sql = `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "Ad_title_key" ON "Ad"("title");`;
    const [finding] = findingsOf(concurrentlyIfNotExists, prismaInit(), sql);
    expect(finding).toMatchObject({ line: 1, column: 1, severity: "warning" });
    expect(finding!.message).toBe(
      'IF NOT EXISTS makes CREATE INDEX CONCURRENTLY "Ad_title_key" skip silently when a failed earlier build left an INVALID index of that name, ' +
      "so the migration succeeds without a usable index.",
    );
    expect(finding!.fix).toBe(
      'remove IF NOT EXISTS: CREATE UNIQUE INDEX CONCURRENTLY "Ad_title_key" ON "Ad"("title"); And if a build failed before, ' +
      'drop its leftover first with DROP INDEX CONCURRENTLY "Ad_title_key"; in a migration of its own (`npx prisma-concurrently doctor` finds leftovers).',
    );
  });

  it("accepts IF NOT EXISTS without CONCURRENTLY, Prisma's indexes and the generator's build", () => {
    expect(findingsOf(concurrentlyIfNotExists, prismaInit(), `CREATE INDEX IF NOT EXISTS i ON "Ad"("title");`)).toEqual([]);
    expect(findingsOf(concurrentlyIfNotExists, prismaInit(), prismaAddUniques)).toEqual([]);
    expect(findingsOf(concurrentlyIfNotExists, prismaInit(), generatorBuild)).toEqual([]);
  });
});
