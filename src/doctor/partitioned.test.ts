// doctor on the folders of a partitioned table's index (issue 13): a partition's failed build is
// cleaned up like any build, the parent's INVALID index is reported with its unattached partitions
// (never dropped), and a failed ON ONLY or attach is proven done or not by the catalog.
import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../sql/parse.js";
import { replayHistory } from "../core/replay.js";
import { renderPlan } from "../core/render.js";
import { planPartitionedIndex } from "../catalog/partitioned-index/plan.js";
import type { DesiredIndex } from "../core/state.js";
import { diagnose, fixPlan } from "./diagnose.js";
import { readToolFolders } from "./folders.js";
import type { CatalogIndex, DoctorInput, MigrationRow } from "./model.js";
import { p3018Logs } from "./test-helpers.js";

beforeAll(loadParser);

const INIT = { name: "20250101000000_init", sql: `CREATE TABLE "event" ("id" INT, "day" DATE, "kind" TEXT) PARTITION BY RANGE ("day");
  CREATE TABLE "event_a" PARTITION OF "event" FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');
  CREATE TABLE "event_b" PARTITION OF "event" DEFAULT;` };
const want: DesiredIndex = {
  schema: "public", table: "event", qualified: false, name: "event_kind_idx", unique: false, method: "btree", columns: [{ name: "kind", desc: false }],
  source: { model: "Event", attribute: "@@index", fields: [{ name: "kind", desc: false }], onField: false, map: null, type: null },
};

let clock = 0;
const at = () => new Date(Date.UTC(2026, 2, 1, 10, 0, clock++));
const applied = (name: string): MigrationRow => ({ name, startedAt: at(), finishedAt: at(), rolledBackAt: null, logs: null });
const failed = (name: string, message: string, code = "55P03"): MigrationRow => ({ name, startedAt: at(), finishedAt: null, rolledBackAt: null, logs: p3018Logs(name, code, message) });
const index = (name: string, table: string, over: Partial<CatalogIndex> = {}): CatalogIndex =>
  ({ schema: "public", name, table, valid: true, ready: true, unique: false, columns: ["kind"], constraint: null, busyPid: null, phase: null, ...over });

describe("doctor on a partitioned table's index", () => {
  const planned = planPartitionedIndex(want, replayHistory([INIT]).state, { precheck: false });
  const files = renderPlan({ steps: "steps" in planned! ? planned.steps : [], skipped: [] }, { now: new Date("2026-03-01T10:00:00Z"), existing: [INIT.name] })
    .map((f) => ({ name: f.name, sql: f.sql }));
  const [onOnly, buildA, buildB, attachA] = files.map((f) => f.name) as [string, string, string, string];
  const folders = readToolFolders(files, "public");
  const partA = folders[1]!.target!.index;
  const partB = folders[2]!.target!.index;
  const input = (rows: MigrationRow[], indexes: CatalogIndex[]): DoctorInput => ({
    localFolders: [INIT.name, ...files.map((f) => f.name)], toolFolders: folders, rows: [applied(INIT.name), ...rows],
    catalog: { defaultSchema: "public", currentUser: "app", statementTimeout: "0", deployPid: null, indexes, lockHolders: [] },
  });

  it("reads each folder: ON ONLY names the parent's index, a partition's build its index, an attach both", () => {
    expect(folders.map((f) => f.kind)).toEqual(["partitioned-index", "build", "build", "attach-partition", "attach-partition", "precheck"]);
    expect(folders[0]!.target).toMatchObject({ table: "event", index: "event_kind_idx" });
    expect(folders[3]!.target).toMatchObject({ index: partA, attachTo: "event_kind_idx" });
  });

  it("a partition's failed build: --fix drops only its INVALID index and marks it rolled back; the parent's index is reported, never dropped", () => {
    const d = diagnose(input([applied(onOnly), applied(buildA), failed(buildB, "canceling statement due to user request", "57014")], [
      index("event_kind_idx", "event", { valid: false, unattached: ["event_a", "event_b"] }),
      index(partA, "event_a"),
      index(partB, "event_b", { valid: false }),
    ]));
    expect(fixPlan(d)).toEqual([{ kind: "drop-index", schema: "public", index: partB, table: "event_b" }, { kind: "resolve-rolled-back", migration: buildB }]);
    const parent = d.findings.find((f) => f.code === "partitioned-incomplete")!;
    expect(parent.title).toBe('The index "public"."event_kind_idx" of the partitioned table "event" is INVALID: 2 partitions have no index attached to it yet.');
    expect(parent.details[0]).toMatch(/^Not attached yet: "event_a", "event_b"\./);
    expect(d.findings.some((f) => f.code === "invalid-index")).toBe(false);
  });

  it("a failed attach: rolled back when the catalog shows it not attached, resolved as applied when it is", () => {
    const lock = "canceling statement due to lock timeout";
    const rows = [applied(onOnly), applied(buildA), applied(buildB), failed(attachA, lock)];
    const notAttached = diagnose(input(rows, [index("event_kind_idx", "event", { valid: false, unattached: ["event_a", "event_b"] }), index(partA, "event_a"), index(partB, "event_b")]));
    expect(fixPlan(notAttached)).toEqual([{ kind: "resolve-rolled-back", migration: attachA }]);
    const attached = diagnose(input(rows, [index("event_kind_idx", "event", { valid: false, unattached: ["event_b"] }), index(partA, "event_a", { parentIndex: "event_kind_idx" }), index(partB, "event_b")]));
    expect(fixPlan(attached)).toEqual([]);
    expect(attached.findings.find((f) => f.migration === attachA)!.next[0]).toContain(`npx prisma migrate resolve --applied ${attachA}`);
  });
});
