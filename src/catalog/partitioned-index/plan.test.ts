import { beforeAll, describe, expect, it } from "vitest";
import type { DMMF } from "@prisma/generator-helper";
import { loadParser, parseStatements } from "../../sql/parse.js";
import { withLockStepsOpened } from "../sql-shapes.js";
import { desiredFromDatamodel } from "../../core/desired.js";
import { replayHistory, type MigrationFile } from "../../core/replay.js";
import { planChanges } from "../../core/plan.js";
import { renderPlan } from "../../core/render.js";
import { notices } from "../../messages/notices.js";
import { partitionIndexName } from "./partition-index-name.js";

beforeAll(loadParser);

type Index = { fields: Array<{ name: string }>; type?: "normal" | "unique"; dbName?: string };
/** The Event model of fixtures/events, as DMMF. */
function desired(indexes: Index[]) {
  return desiredFromDatamodel({
    models: [{
      name: "Event", dbName: "event", schema: null,
      fields: [["id", null], ["accountId", "account_id"], ["day", null], ["kind", null]].map(([name, dbName]) => ({ name, dbName, kind: "scalar" })),
    }],
    indexes: indexes.map((i) => ({ model: "Event", type: i.type ?? "normal", isDefinedOnField: false, ...i })),
    enums: [], types: [],
  } as unknown as DMMF.Datamodel);
}

const init: MigrationFile = { name: "20250101000000_init", sql: `
  CREATE TABLE "event" ("id" SERIAL NOT NULL, "account_id" INTEGER NOT NULL, "day" DATE NOT NULL, "kind" TEXT NOT NULL,
    CONSTRAINT "event_pkey" PRIMARY KEY ("id", "day", "account_id")) PARTITION BY RANGE ("day");
  CREATE TABLE "event_2025_01" PARTITION OF "event" FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');
  CREATE TABLE "event_2025_02" PARTITION OF "event" FOR VALUES FROM ('2025-02-01') TO ('2025-03-01') PARTITION BY HASH ("account_id");
  CREATE TABLE "event_2025_02_h0" PARTITION OF "event_2025_02" FOR VALUES WITH (MODULUS 2, REMAINDER 0);
  CREATE TABLE "event_2025_02_h1" PARTITION OF "event_2025_02" FOR VALUES WITH (MODULUS 2, REMAINDER 1);
  CREATE TABLE "event_default" PARTITION OF "event" DEFAULT;` };
const on = { attachConstraint: true, precheck: true };
const plan = (indexes: Index[], history = [init]) => planChanges(desired(indexes), replayHistory(history).state, on);
const now = new Date("2026-03-01T09:00:00Z");
const kindIndex: Index = { fields: [{ name: "kind" }] };
const accountDayUnique: Index = { fields: [{ name: "accountId" }, { name: "day" }], type: "unique" };

describe("partitioned-index planning", () => {
  it("plans ON ONLY the parent and the sub-partitioned partition, a concurrent build per leaf, then the attaches, leaves before parents", () => {
    const p = plan([kindIndex]);
    const sub = partitionIndexName({ schema: "public", name: "event_2025_02" }, "event_kind_idx", { unique: false, method: "btree", columns: [{ name: "kind", desc: false }] });
    const describe = (s: (typeof p.steps)[number]) => ("on" in s ? `${s.kind} ${s.on.table}${s.kind === "partition-attach" ? ` → ${s.parent.table}` : ""}` : s.kind);
    expect(p.steps.map(describe)).toEqual([
      "index-on-only event", "index-on-only event_2025_02",
      "partition-build event_2025_01", "partition-build event_2025_02_h0", "partition-build event_2025_02_h1", "partition-build event_default",
      "partition-attach event_2025_01 → event",
      "partition-attach event_2025_02_h0 → event_2025_02", "partition-attach event_2025_02_h1 → event_2025_02",
      "partition-attach event_2025_02 → event",
      "partition-attach event_default → event",
      "partition-verify",
    ]);
    const folders = renderPlan(p, { now, existing: [init.name] });
    expect(folders[0]!.name).toBe("20260301090000_concurrently_index_on_only_event_kind_idx");
    expect(lockStepped(folders[0]!.sql)).toEqual(['CREATE INDEX "event_kind_idx" ON ONLY "event"("kind")']);
    expect(folders[1]!.sql).toContain(`CREATE INDEX "${sub}" ON ONLY "event_2025_02"("kind");`);
    expect(folders[2]!.sql).toMatch(/build "event_2025_01_event_kind_idx_pcp_[0-9a-f]{8}" on the partition "event_2025_01" \(1 of 4\)/);
    expect(folders[2]!.sql).toMatch(/\nCREATE INDEX CONCURRENTLY "event_2025_01_event_kind_idx_pcp_[0-9a-f]{8}" ON "event_2025_01"\("kind"\);\n$/);
    expect(folders[9]!.sql).toContain(`ALTER INDEX "event_kind_idx" ATTACH PARTITION "${sub}";`);
    // Names fit PostgreSQL's 63 bytes and differ per partition.
    const names = p.steps.flatMap((s) => ("on" in s ? [s.on.name] : []));
    expect(names.every((n) => Buffer.byteLength(n) <= 63)).toBe(true);
    expect(new Set(names.filter((_, i) => p.steps[i]!.kind !== "partition-attach")).size).toBe(6);
  });

  it("writes nothing more once the folders are in the history", () => {
    const p = plan([kindIndex, accountDayUnique]);
    const folders = renderPlan(p, { now, existing: [init.name] });
    expect(folders).toHaveLength(1 + 2 * 12);
    expect(plan([kindIndex, accountDayUnique], [init, ...folders]).steps).toEqual([]);
  });

  it("a unique: one duplicate pre-check on the parent first, and the header says why it stays a unique index", () => {
    const p = plan([{ fields: [{ name: "id" }, { name: "accountId" }, { name: "day" }], type: "unique" }]);
    expect(p.steps.slice(0, 2).map((s) => s.kind)).toEqual(["precheck", "index-on-only"]);
    expect(p.steps.at(-1)!.kind).toBe("partition-verify");
    const folders = renderPlan(p, { now, existing: [init.name] });
    expect(folders[0]!.sql).toContain('FROM "event"');
    expect(folders[1]!.sql).toContain("It stays a unique index, not a constraint: PostgreSQL cannot add a constraint USING INDEX on a partitioned table.");
    expect(folders[1]!.sql).toContain('CREATE UNIQUE INDEX "event_id_account_id_day_key" ON ONLY "event"("id", "account_id", "day");');
  });

  it("a unique without every partition-key column (at every level) is refused with the reason and what would work", () => {
    const p = plan([{ fields: [{ name: "kind" }, { name: "day" }], type: "unique" }]);
    expect(p.steps).toEqual([]);
    expect(p.skipped[0]!.reason).toEqual({ kind: "partition-key", problem: { kind: "missing-key-columns", missing: [{ table: "event_2025_02", column: "account_id" }] } });
    expect(notices.skipped(p.skipped[0]!)).toBe(
      'prisma-concurrently: skipped Event @@unique([kind, day]): a unique on the partitioned table "event" must contain every partition-key column ' +
      '(PostgreSQL\'s rule: each partition checks its own rows only), and it lacks "account_id" (the partition key of "event_2025_02"). ' +
      'Nothing was written. Add "account_id" to its fields, or make it an @@index.',
    );
  });

  it("drops an index of a partitioned table with DROP INDEX in the retrying lock step (PostgreSQL refuses CONCURRENTLY there)", () => {
    const indexed = [init, { name: "20250102000000_i", sql: `CREATE INDEX "event_kind_idx" ON "event"("kind");` }];
    const p = plan([], indexed);
    expect(p.steps).toEqual([{ kind: "drop-partitioned-index", index: { schema: "public", table: "event", name: "event_kind_idx", qualified: false } }]);
    const [folder] = renderPlan(p, { now, existing: indexed.map((m) => m.name) });
    expect(folder!.name).toBe("20260301090000_concurrently_drop_partitioned_index_event_kind_idx");
    expect(folder!.sql).toContain('-- Lock: ACCESS EXCLUSIVE on "event", briefly: reads and writes wait. (and on every partition)\n');
    expect(lockStepped(folder!.sql)).toEqual(['DROP INDEX "event_kind_idx"']);
  });
});

/** The statements of a folder, with the retrying lock step opened: what it runs. */
const lockStepped = (sql: string) => withLockStepsOpened(parseStatements(sql)).map((s) => s.text);
