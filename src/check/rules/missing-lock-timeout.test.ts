import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../../sql/parse.js";
import { missingLockTimeout } from "./missing-lock-timeout.js";
import { findingsOf, generatorAttach, generatorBuild, prismaInit } from "./rule-test-kit.js";

beforeAll(loadParser);

const attach = `ALTER TABLE "impression_counter" ADD CONSTRAINT "impression_counter_ad_id_impression_date_key" UNIQUE USING INDEX "impression_counter_ad_id_impression_date_key";`;

describe("missing-lock-timeout", () => {
  it("warns on USING INDEX without a lock_timeout, with the statement wrapped as the fix", () => {
    const [finding] = findingsOf(missingLockTimeout, prismaInit(), generatorBuild, attach);
    expect(finding).toMatchObject({ line: 1, severity: "warning" });
    expect(finding!.message).toBe(
      'ALTER TABLE "impression_counter" ADD CONSTRAINT … USING INDEX "impression_counter_ad_id_impression_date_key" takes an ACCESS EXCLUSIVE lock on "impression_counter" ' +
      'with no lock_timeout: queued behind a long transaction, it makes every query on "impression_counter" wait behind it.',
    );
    expect(finding!.fix).toBe(`set a lock_timeout before it in the same file, and reset it after: SET lock_timeout = '5s'; ${attach} RESET lock_timeout;`);
  });

  it("warns on Prisma's DROP CONSTRAINT of a foreign key on an existing table", () => {
    const sql = `-- DropForeignKey\nALTER TABLE "Click" DROP CONSTRAINT "Click_ad_id_fkey";\n`;
    expect(findingsOf(missingLockTimeout, prismaInit(), sql)[0]!.message).toMatch(/^ALTER TABLE "Click" DROP CONSTRAINT "Click_ad_id_fkey" takes/);
  });

  it("accepts the generator's attach step, and a table created in the same file", () => {
    expect(findingsOf(missingLockTimeout, prismaInit(), generatorBuild, generatorAttach)).toEqual([]);
    expect(findingsOf(missingLockTimeout, `CREATE TABLE t (a int, CONSTRAINT c UNIQUE (a)); ALTER TABLE t DROP CONSTRAINT c;`)).toEqual([]);
  });

  it("does not count a lock_timeout that was reset, set to 0, or set LOCAL", () => {
    for (const before of [`SET lock_timeout = '5s'; RESET lock_timeout;`, `SET lock_timeout = 0;`, `SET lock_timeout = '0ms';`, `SET LOCAL lock_timeout = '5s';`, `SET lock_timeout = '5s'; RESET ALL;`]) {
      expect(findingsOf(missingLockTimeout, prismaInit(), `${before}\nALTER TABLE "Click" DROP CONSTRAINT "Click_ad_id_fkey";`), before).toHaveLength(1);
    }
    expect(findingsOf(missingLockTimeout, prismaInit(), `SET lock_timeout TO 2000;\nALTER TABLE "Click" DROP CONSTRAINT "Click_ad_id_fkey";`)).toEqual([]);
  });
});
