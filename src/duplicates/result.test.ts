import { describe, expect, it } from "vitest";
import { planChanges } from "../core/plan.js";
import { renderPlan } from "../core/render.js";
import { folderLabel } from "../core/folder-names.js";
import { emptyState, type DesiredUnique } from "../core/state.js";
import { enforcingIndex, invalidLeftover, isSummable, type TableInfo } from "./catalog.js";
import { formatResult, migrationLabels, resultJson, type TargetResult } from "./result.js";
import type { KeyTarget } from "./targets.js";

const unique: DesiredUnique = {
  schema: "public", table: "impression_counter", qualified: false, name: "impression_counter_ad_id_impression_date_key",
  columns: [{ name: "ad_id", desc: false }, { name: "impression_date", desc: false }],
  source: { model: "ImpressionCounter", fields: [{ name: "adId", desc: false }, { name: "impressionDate", desc: false }], onField: false, map: null },
};
const target: KeyTarget = {
  label: "ImpressionCounter @@unique([adId, impressionDate])", model: "ImpressionCounter", fields: ["adId", "impressionDate"],
  schema: "public", table: "impression_counter", qualified: false, columns: ["ad_id", "impression_date"],
  fieldColumns: { id: "id", adId: "ad_id", impressionDate: "impression_date", counter: "counter" }, explicit: false, unique,
};
const checked: TargetResult = {
  target, status: "checked", enforcedBy: null, missingColumns: [], primaryKey: ["id"], invalidLeftover: null,
  failedMigration: "20260301100000_concurrently_precheck_unique_impression_counter_ad_id_impression_date",
  report: { duplicateGroups: 3, surplusRows: 4, rowsInGroups: 7, largestGroups: [{ key: ["1", "2026-01-01"], rows: 3, primaryKeys: ["1", "9", "12"] }] },
  elapsedMs: 1234, sql: null,
};

describe("migrationLabels", () => {
  it("are the labels of the pre-check and build folders the generator writes for the unique", () => {
    const table = { schema: "public", name: "impression_counter", columns: ["id", "ad_id", "impression_date"], partitioned: false, origin: "init" };
    const declared = { ...unique, unique: true, method: "btree" as const, source: { ...unique.source, attribute: "@@unique" as const, type: null } };
    const plan = planChanges(
      { tables: new Map(), uniques: [declared], indexes: [declared] },
      { ...emptyState(), tables: new Map([["public\u0000impression_counter", table]]) },
      { attachConstraint: true, precheck: true },
    );
    const folders = renderPlan(plan, { now: new Date("2026-03-01T10:00:00Z"), existing: [] });
    // …and the rebuild of a changed index of the same name, which builds the unique too.
    expect(migrationLabels(target)).toEqual([
      ...folders.filter((f) => f.step.kind !== "attach").map((f) => folderLabel(f.name)),
      "concurrently_rebuild_index_impression_counter_ad_id_impression_date",
    ]);
    expect(migrationLabels({ ...target, unique: null })).toEqual([]);
  });
});

describe("formatResult", () => {
  it("shows totals, the largest groups with primary keys, where the deploy stopped and the next steps", () => {
    expect(formatResult(checked).join("\n")).toBe(`ImpressionCounter @@unique([adId, impressionDate])
  table "impression_counter", key (ad_id, impression_date), primary key (id)
  the deploy stopped at 20260301100000_concurrently_precheck_unique_impression_counter_ad_id_impression_date (recorded as failed in _prisma_migrations).
  3 duplicate groups, 4 surplus rows (7 rows share a key; rows with a NULL in a key column never conflict and are not counted)
  read in 1.23 s, without locking writes
  largest group:
    (ad_id, impression_date)=(1, 2026-01-01)  3 rows  id: 1, 9, 12
    (+2 more groups; --limit <n> lists more)
  next: write the dedupe statement, review it, run it (it never runs by itself):
    npx prisma-concurrently duplicates --model ImpressionCounter --fields adId,impressionDate --sql --keep first > dedupe.sql   (--keep last; --sum <counter> to add up counters)
    npx prisma db execute --file dedupe.sql
    npx prisma migrate resolve --rolled-back 20260301100000_concurrently_precheck_unique_impression_counter_ad_id_impression_date
    npx prisma migrate deploy`);
  });

  it("says when there is nothing to remove, when the key is enforced, and what is not deployed yet", () => {
    const clean = { ...checked, failedMigration: null, report: { duplicateGroups: 0, surplusRows: 0, rowsInGroups: 0, largestGroups: [] } };
    expect(formatResult(clean)[1]).toBe("  no duplicates: the unique index can be built. (read in 1.23 s, without locking writes)");
    expect(formatResult({ ...checked, status: "enforced", enforcedBy: "x_key" })).toEqual([
      'ImpressionCounter @@unique([adId, impressionDate]): the unique index "x_key" on "impression_counter" already keeps duplicates of (ad_id, impression_date) out: none can exist.',
    ]);
    expect(formatResult({ ...checked, status: "columns-missing", missingColumns: ["ad_id"] })[0]).toContain('skipped: column "ad_id" of "impression_counter" is not in the database yet');
    expect(formatResult({ ...checked, invalidLeftover: "impression_counter_ad_id_impression_date_key" }).join("\n"))
      .toContain('note: the INVALID index "impression_counter_ad_id_impression_date_key" is left from a failed concurrent build');
  });
});

describe("resultJson", () => {
  it("names key values by column", () => {
    expect(resultJson(checked)).toMatchObject({
      status: "checked", duplicateGroups: 3, surplusRows: 4, elapsedMs: 1234,
      largestGroups: [{ key: { ad_id: "1", impression_date: "2026-01-01" }, rows: 3, primaryKeys: ["1", "9", "12"] }],
    });
    expect(resultJson(checked)).not.toHaveProperty("sql");
  });
});

describe("catalog decisions", () => {
  const info = (uniqueIndexes: TableInfo["uniqueIndexes"]): TableInfo => ({
    schema: "public", name: "t", kind: "r", columns: [], primaryKey: [], uniqueIndexes, referencedBy: [], estimatedRows: 0,
  });
  it("a valid whole-table unique index on the key or a part of it enforces the key; partial, invalid or expression ones do not", () => {
    expect(enforcingIndex(info([{ name: "a_key", valid: true, partial: false, columns: ["a"] }]), ["a", "b"])?.name).toBe("a_key");
    expect(enforcingIndex(info([{ name: "p", valid: true, partial: true, columns: ["a", "b"] }]), ["a", "b"])).toBeNull();
    expect(enforcingIndex(info([{ name: "i", valid: false, partial: false, columns: ["a", "b"] }]), ["a", "b"])).toBeNull();
    expect(enforcingIndex(info([{ name: "e", valid: true, partial: false, columns: ["a", null] }]), ["a", "b"])).toBeNull();
    expect(enforcingIndex(info([{ name: "abc", valid: true, partial: false, columns: ["a", "b", "c"] }]), ["a", "b"])).toBeNull();
    expect(invalidLeftover(info([{ name: "i", valid: false, partial: false, columns: ["b", "a"] }]), ["a", "b"])?.name).toBe("i");
  });
  it("only numeric columns can be summed", () => {
    for (const type of ["integer", "bigint", "numeric(10,2)", "double precision", "smallint", "real"]) expect(isSummable({ name: "c", type, notNull: true })).toBe(true);
    for (const type of ["text", "date", "integer[]", "interval"]) expect(isSummable({ name: "c", type, notNull: true })).toBe(false);
  });
});
