import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../../sql/parse.js";
import { dropIndexOfConstraint } from "./drop-index-of-constraint.js";
import { findingsOf, generatorAttach, generatorBuild, prismaInit } from "./rule-test-kit.js";

beforeAll(loadParser);

// What Prisma writes when the @@unique is removed from the schema again.
const prismaDropIndex = `-- DropIndex\nDROP INDEX "impression_counter_ad_id_impression_date_key";\n`;

describe("drop-index-of-constraint", () => {
  it("reports Prisma's DROP INDEX of a unique the generator attached as a constraint", () => {
    const [finding, ...rest] = findingsOf(dropIndexOfConstraint, prismaInit(), generatorBuild, generatorAttach, prismaDropIndex);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ line: 2, column: 1, severity: "error" });
    expect(finding!.message).toBe(
      'DROP INDEX "impression_counter_ad_id_impression_date_key" fails with 2BP01 ("cannot drop index … because constraint … requires it"): ' +
      'the index backs the UNIQUE constraint "impression_counter_ad_id_impression_date_key" of "impression_counter".',
    );
    expect(finding!.fix).toBe(
      "run `npx prisma-concurrently fix 20260101000003_m3`: it replaces it with a migration that drops the constraint (its index goes with it): " +
      `SET lock_timeout = '5s'; ALTER TABLE "impression_counter" DROP CONSTRAINT "impression_counter_ad_id_impression_date_key"; RESET lock_timeout;`,
    );
  });

  it("reports the index of a primary key, schema-qualified as written", () => {
    const [finding] = findingsOf(dropIndexOfConstraint, `CREATE SCHEMA s; CREATE TABLE s.t (id int PRIMARY KEY);`, `DROP INDEX s.t_pkey;`);
    expect(finding!.message).toContain('the PRIMARY KEY constraint "t_pkey" of "s"."t"');
  });

  it("accepts DROP INDEX of a plain unique index (what Prisma itself made) and of an unknown index", () => {
    expect(findingsOf(dropIndexOfConstraint, prismaInit(), `CREATE UNIQUE INDEX "impression_counter_ad_id_impression_date_key" ON "impression_counter"("ad_id", "impression_date");`, prismaDropIndex)).toEqual([]);
    expect(findingsOf(dropIndexOfConstraint, prismaInit(), `DROP INDEX IF EXISTS "nowhere";`)).toEqual([]);
  });
});
