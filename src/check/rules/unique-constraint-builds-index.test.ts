import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../../sql/parse.js";
import { uniqueConstraintBuildsIndex } from "./unique-constraint-builds-index.js";
import { findingsOf, generatorAttach, generatorBuild, prismaInit } from "./rule-test-kit.js";

beforeAll(loadParser);

describe("unique-constraint-builds-index", () => {
  it("reports ADD CONSTRAINT … UNIQUE (cols) on an existing table at the constraint, with the two-step fix", () => {
    const sql = `-- AddConstraint\nALTER TABLE "impression_counter"\n  ADD CONSTRAINT "ic_key" UNIQUE ("ad_id", "impression_date");`;
    const [finding, ...rest] = findingsOf(uniqueConstraintBuildsIndex, prismaInit(), sql);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ line: 3, column: 7, severity: "error" }); // at CONSTRAINT
    expect(finding!.message).toContain('ADD CONSTRAINT "ic_key" UNIQUE ("ad_id", "impression_date") builds its index while holding an ACCESS EXCLUSIVE lock on "impression_counter"');
    expect(finding!.fix).toBe(
      'build the index first, alone in a migration folder of its own: CREATE UNIQUE INDEX CONCURRENTLY "ic_key" ON "impression_counter"("ad_id", "impression_date"); ' +
      `then attach it in the next one: SET lock_timeout = '5s'; ALTER TABLE "impression_counter" ADD CONSTRAINT "ic_key" UNIQUE USING INDEX "ic_key"; RESET lock_timeout;`,
    );
  });

  it("reports a new column declared UNIQUE on an existing table, named as PostgreSQL names it", () => {
    const [finding] = findingsOf(uniqueConstraintBuildsIndex, prismaInit(), `ALTER TABLE "Click" ADD COLUMN "code" TEXT UNIQUE;`);
    expect(finding!.message).toContain('ADD CONSTRAINT "Click_code_key" UNIQUE ("code")');
  });

  it("accepts USING INDEX (the generator's attach step), a table of the same file, and other constraints", () => {
    expect(findingsOf(uniqueConstraintBuildsIndex, prismaInit(), generatorBuild, generatorAttach)).toEqual([]);
    expect(findingsOf(uniqueConstraintBuildsIndex, `CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT k UNIQUE (a);`)).toEqual([]);
    expect(findingsOf(uniqueConstraintBuildsIndex, prismaInit())).toEqual([]); // Prisma's foreign keys
  });
});
