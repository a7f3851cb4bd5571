import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../../sql/parse.js";
import { blockingDropIndex } from "./blocking-drop-index.js";
import { findingsOf, prismaAddUniques, prismaInit } from "./rule-test-kit.js";

beforeAll(loadParser);

// What Prisma writes when the @@index is removed from the schema again (§2.5 of the catalog plan).
const prismaDropIndex = `-- DropIndex\nDROP INDEX "Click_clicked_at_idx";\n`;

describe("blocking-drop-index", () => {
  it("is an error on Prisma's DROP INDEX of a plain index of an existing table, naming fix", () => {
    const [finding, ...rest] = findingsOf(blockingDropIndex, prismaInit(), prismaAddUniques, prismaDropIndex);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ line: 2, column: 1, severity: "error", rule: "blocking-drop-index" });
    expect(finding!.fix).toBe(
      "run `npx prisma-concurrently fix 20260101000002_m2`: it moves the drop into a migration of its own right after this one: " +
      'DROP INDEX CONCURRENTLY "Click_clicked_at_idx";',
    );
  });

  it("leaves a drop Prisma writes before dropping the column or table (the index goes with it)", () => {
    const withColumn = `${prismaDropIndex}\n-- AlterTable\nALTER TABLE "Click" DROP COLUMN "clicked_at";\n`;
    expect(findingsOf(blockingDropIndex, prismaInit(), prismaAddUniques, withColumn)).toEqual([]);
    const withTable = `${prismaDropIndex}\nDROP TABLE "Click";\n`;
    expect(findingsOf(blockingDropIndex, prismaInit(), prismaAddUniques, withTable)).toEqual([]);
  });

  it("accepts DROP INDEX CONCURRENTLY, an index made in the same file, an unknown index and a constraint's index (another rule)", () => {
    expect(findingsOf(blockingDropIndex, prismaInit(), prismaAddUniques, `DROP INDEX CONCURRENTLY "Click_clicked_at_idx";`)).toEqual([]);
    expect(findingsOf(blockingDropIndex, `CREATE TABLE t (a int); CREATE INDEX i ON t (a); DROP INDEX i;`)).toEqual([]);
    expect(findingsOf(blockingDropIndex, prismaInit(), `DROP INDEX IF EXISTS "nowhere";`)).toEqual([]);
    expect(findingsOf(blockingDropIndex, prismaInit(), `DROP INDEX "Ad_pkey";`)).toEqual([]);
  });
});
