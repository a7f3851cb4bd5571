// The replay knows partitioned tables (issue 13): their key, their partitions (PARTITION OF,
// ATTACH / DETACH PARTITION, DEFAULT, sub-partitioned), and what renames and drops do to them.
import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../sql/parse.js";
import { replayHistory } from "./replay.js";
import { partitionsOf, tableKey, type AppliedState } from "./state.js";

beforeAll(loadParser);

const replay = (...sqls: string[]) => replayHistory(sqls.map((sql, i) => ({ name: `2025010100000${i}_m${i}`, sql })));
const names = (state: AppliedState, table: string) => partitionsOf(state, { schema: "public", name: table }).map((t) => t.name);
const table = (state: AppliedState, name: string) => state.tables.get(tableKey("public", name));

const events = `
  CREATE TABLE "event" ("id" SERIAL NOT NULL, "account_id" INTEGER NOT NULL, "day" DATE NOT NULL,
    CONSTRAINT "event_pkey" PRIMARY KEY ("id", "day", "account_id")) PARTITION BY RANGE ("day");
  CREATE TABLE "event_2025_01" PARTITION OF "event" FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');
  CREATE TABLE "event_2025_02" PARTITION OF "event" FOR VALUES FROM ('2025-02-01') TO ('2025-03-01') PARTITION BY HASH ("account_id");
  CREATE TABLE "event_2025_02_h0" PARTITION OF "event_2025_02" FOR VALUES WITH (MODULUS 2, REMAINDER 0);
  CREATE TABLE "event_2025_02_h1" PARTITION OF "event_2025_02" FOR VALUES WITH (MODULUS 2, REMAINDER 1);
  CREATE TABLE "event_default" PARTITION OF "event" DEFAULT;`;

describe("replaying partitioned tables", () => {
  it("knows the key, the partitions, a sub-partitioned one and the DEFAULT partition", () => {
    const { state, warnings } = replay(events);
    expect(warnings).toEqual([]);
    expect(table(state, "event")).toMatchObject({ partitioned: true, partitionKey: ["day"] });
    expect(names(state, "event")).toEqual(["event_2025_01", "event_2025_02", "event_default"]);
    expect(table(state, "event_2025_02")).toMatchObject({ partitioned: true, partitionKey: ["account_id"], partitionOf: { name: "event", isDefault: false } });
    expect(names(state, "event_2025_02")).toEqual(["event_2025_02_h0", "event_2025_02_h1"]);
    expect(table(state, "event_default")?.partitionOf).toEqual({ schema: "public", name: "event", isDefault: true });
    // A partition has its parent's columns.
    expect(table(state, "event_2025_02_h1")?.columns).toEqual(["id", "account_id", "day"]);
  });

  it("follows ATTACH and DETACH PARTITION (also CONCURRENTLY), a LIKE table attached later, and an expression key", () => {
    const { state, warnings } = replay(
      events,
      `CREATE TABLE "event_2025_03" (LIKE "event" INCLUDING DEFAULTS);
       ALTER TABLE "event" ATTACH PARTITION "event_2025_03" FOR VALUES FROM ('2025-03-01') TO ('2025-04-01');`,
      `ALTER TABLE "event" DETACH PARTITION "event_2025_01" CONCURRENTLY;`,
      `CREATE TABLE "x" ("a" INT, "b" INT) PARTITION BY LIST (("a" % 2), "b");`,
    );
    expect(warnings).toEqual([]);
    expect(names(state, "event")).toEqual(["event_2025_02", "event_default", "event_2025_03"]);
    expect(table(state, "event_2025_03")?.columns).toEqual(["id", "account_id", "day"]);
    expect(table(state, "event_2025_01")?.partitionOf).toBeUndefined();
    expect(table(state, "x")?.partitionKey).toBeNull();
  });

  it("renames and schema moves keep the partitions; DROP TABLE of the parent drops them all", () => {
    const renamed = replay(events, `ALTER TABLE "event" RENAME TO "events";`).state;
    expect(names(renamed, "events")).toEqual(["event_2025_01", "event_2025_02", "event_default"]);
    const dropped = replay(events, `DROP TABLE "event";`).state;
    expect([...dropped.tables.keys()]).toEqual([]);
  });
});
