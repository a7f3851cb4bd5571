// check and fix on Prisma's statements on a partitioned table: its plain CREATE [UNIQUE] INDEX on the
import { DEFAULT_LOCK_RETRY } from "../../config/generator-config.js";
// parent (SHARE on every partition for the whole build) → the recipe; the recipe's own ON ONLY is no
// build; its DROP INDEX → DROP INDEX under lock_timeout, which check then accepts.
import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../../sql/parse.js";
import { findingsOf } from "../../check/rules/rule-test-kit.js";
import { blockingIndex } from "../../check/rules/blocking-index.js";
import { blockingUniqueIndex } from "../../check/rules/blocking-unique-index.js";
import { blockingDropIndex } from "../../check/rules/blocking-drop-index.js";
import { planFix, type FixOptions } from "../../fix/plan-fix.js";
import { UserError } from "../../messages/user-error.js";

beforeAll(loadParser);

const init = `CREATE TABLE "event" ("id" SERIAL NOT NULL, "account_id" INTEGER NOT NULL, "day" DATE NOT NULL, "kind" TEXT NOT NULL,
    CONSTRAINT "event_pkey" PRIMARY KEY ("id", "day")) PARTITION BY RANGE ("day");
  CREATE TABLE "event_2025_01" PARTITION OF "event" FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');
  CREATE TABLE "event_default" PARTITION OF "event" DEFAULT;`;
const options: FixOptions = { lock: DEFAULT_LOCK_RETRY, precheck: true, attachConstraint: true };
const history = (sql: string) => [{ name: "20250101000000_init", sql: init }, { name: "20260301090000_prisma", sql }];

describe("Prisma's statements on a partitioned table", () => {
  it("check: CREATE [UNIQUE] INDEX on the parent is an error that names fix; ON ONLY builds nothing", () => {
    const [plain] = findingsOf(blockingIndex, init, `CREATE INDEX "event_kind_idx" ON "event"("kind");`);
    expect(plain!.fix).toMatch(/^PostgreSQL cannot build an index on a partitioned table concurrently: .*`npx prisma-concurrently fix <migration>` writes those folders/);
    expect(findingsOf(blockingUniqueIndex, init, `CREATE UNIQUE INDEX "k" ON "event"("account_id", "day");`)).toHaveLength(1);
    expect(findingsOf(blockingIndex, init, `CREATE INDEX "event_kind_idx" ON ONLY "event"("kind");`)).toEqual([]);
    expect(findingsOf(blockingUniqueIndex, init, `CREATE UNIQUE INDEX "k" ON ONLY "event"("account_id", "day");`)).toEqual([]);
  });

  it("check: DROP INDEX of its index says there is no lighter way and names fix; under a lock_timeout it passes", () => {
    const indexed = `CREATE INDEX "event_kind_idx" ON "event"("kind");`;
    const [finding] = findingsOf(blockingDropIndex, init, indexed, `DROP INDEX "event_kind_idx";`);
    expect(finding!.fix).toMatch(/cannot drop a partitioned table's index concurrently \(0A000\), and there is no lighter way: .*ACCESS EXCLUSIVE on the table, every partition/);
    expect(findingsOf(blockingDropIndex, init, indexed, `SET lock_timeout = '5s';\nDROP INDEX "event_kind_idx";\nRESET lock_timeout;`)).toEqual([]);
  });

  it("fix: moves Prisma's CREATE UNIQUE INDEX and DROP INDEX out into the recipe's folders", () => {
    const plan = planFix(history(`CREATE UNIQUE INDEX "event_account_id_day_key" ON "event"("account_id", "day");\nCREATE INDEX "event_kind_idx" ON "event"("kind");`), "20260301090000_prisma", options)!;
    expect(plan.folders.map((f) => f.name.replace(/_pcp_[0-9a-f]{8}$/, "_pcp"))).toEqual([
      "20260301090001_concurrently_precheck_unique_event_account_id_day",
      "20260301090002_concurrently_index_on_only_event_account_id_day",
      "20260301090003_concurrently_index_partition_event_2025_01_event_account_id_day_key_pcp",
      "20260301090004_concurrently_index_partition_event_default_event_account_id_day_key_pcp",
      "20260301090005_concurrently_attach_partition_index_event_2025_01_event_account_id_day_key_pcp",
      "20260301090006_concurrently_attach_partition_index_event_default_event_account_id_day_key_pcp",
      "20260301090007_concurrently_verify_partitioned_index_event_account_id_day",
      "20260301090008_concurrently_index_on_only_event_kind_idx",
      "20260301090009_concurrently_index_partition_event_2025_01_event_kind_idx_pcp",
      "20260301090010_concurrently_index_partition_event_default_event_kind_idx_pcp",
      "20260301090011_concurrently_attach_partition_index_event_2025_01_event_kind_idx_pcp",
      "20260301090012_concurrently_attach_partition_index_event_default_event_kind_idx_pcp",
      "20260301090013_concurrently_verify_partitioned_index_event_kind_idx",
    ]);
    expect(plan.sql).not.toContain('ON "event"');
    const drop = planFix([...history(`CREATE INDEX "event_kind_idx" ON "event"("kind");`), { name: "20260302000000_drop", sql: `DROP INDEX "event_kind_idx";` }], "20260302000000_drop", options)!;
    expect(drop.folders.map((f) => f.name)).toEqual(["20260302000001_concurrently_drop_partitioned_index_event_kind_idx"]);
  });

  it("fix: a unique without the partition key is refused, with the reason", () => {
    expect(() => planFix(history(`CREATE UNIQUE INDEX "event_kind_key" ON "event"("kind");`), "20260301090000_prisma", options)).toThrow(UserError);
    expect(() => planFix(history(`CREATE UNIQUE INDEX "event_kind_key" ON "event"("kind");`), "20260301090000_prisma", options)).toThrow(
      /line 1: event @@unique\(\[kind\]\): a unique on the partitioned table "event" must contain every partition-key column .* lacks "day" .* PostgreSQL would refuse Prisma's statement too\./,
    );
  });
});
