import { describe, expect, it } from "vitest";
import type { DesiredStateJson } from "../core/desired-json.js";
import type { DesiredUnique } from "../core/state.js";
import { UserError } from "../messages/user-error.js";
import { columnOf, sumColumns, targetFromOptions, targetsFromSchema } from "./targets.js";

const unique = (fields: Array<[string, string]>, extra: Partial<DesiredUnique> = {}): DesiredUnique => ({
  schema: "public", table: "impression_counter", qualified: false,
  name: `impression_counter_${fields.map(([, c]) => c).join("_")}_key`,
  columns: fields.map(([, c]) => ({ name: c, desc: false })),
  source: { model: "ImpressionCounter", fields: fields.map(([f]) => ({ name: f, desc: false })), onField: false, map: null },
  ...extra,
});

const desired: DesiredStateJson = {
  tables: [
    { schema: "public", name: "impression_counter", model: "ImpressionCounter", qualified: false,
      columns: { id: "id", adId: "ad_id", impressionDate: "impression_date", counter: "counter" } },
    { schema: "ads", name: "Ad", model: "Ad", qualified: true, columns: { id: "id", title: "title" } },
  ],
  uniques: [
    unique([["adId", "ad_id"], ["impressionDate", "impression_date"]]),
    // the same key declared twice (another order, another name) is checked once
    unique([["impressionDate", "impression_date"], ["adId", "ad_id"]], { name: "other" }),
  ],
};

describe("targetsFromSchema", () => {
  it("takes every unique of the schema once, with its table, columns and declaration", () => {
    const targets = targetsFromSchema(desired);
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({
      label: "ImpressionCounter @@unique([adId, impressionDate])",
      model: "ImpressionCounter", fields: ["adId", "impressionDate"],
      table: "impression_counter", columns: ["ad_id", "impression_date"], explicit: false,
    });
    expect(targets[0]!.unique?.name).toBe("impression_counter_ad_id_impression_date_key");
  });
});

describe("targetFromOptions", () => {
  it("resolves Prisma field names and column names, and finds the schema's unique on that key", () => {
    const t = targetFromOptions(desired, "ImpressionCounter", "impression_date, adId", "schema.prisma");
    expect(t).toMatchObject({ label: "ImpressionCounter (impressionDate, adId)", fields: ["impressionDate", "adId"], columns: ["impression_date", "ad_id"], explicit: true });
    expect(t.unique?.name).toBe("impression_counter_ad_id_impression_date_key");
    expect(targetFromOptions(desired, "Ad", "title", "schema.prisma")).toMatchObject({ schema: "ads", qualified: true, unique: null });
  });

  it("names what is wrong and what exists", () => {
    const fail = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message;
      }
      throw new Error("no error");
    };
    expect(fail(() => targetFromOptions(desired, "impressioncounter", "adId", "prisma/schema.prisma")))
      .toBe('prisma-concurrently duplicates: prisma/schema.prisma has no model "impressioncounter". Did you mean "ImpressionCounter"? Models: ImpressionCounter, Ad.');
    expect(fail(() => targetFromOptions(desired, "ImpressionCounter", "adid", "s")))
      .toBe('prisma-concurrently duplicates: model ImpressionCounter has no scalar field "adid". Did you mean "adId"? Its fields: id, adId, impressionDate, counter.');
    expect(fail(() => targetFromOptions(desired, "ImpressionCounter", " , ", "s"))).toMatch(/--fields is empty/);
    expect(fail(() => targetFromOptions(desired, "ImpressionCounter", "adId,ad_id", "s"))).toMatch(/names a field of ImpressionCounter twice/);
    const t = targetFromOptions(desired, "ImpressionCounter", "adId,impressionDate", "s");
    expect(fail(() => sumColumns(t, "adId"))).toMatch(/--sum adId is part of the key \(ad_id, impression_date\) of "impression_counter"/);
    expect(fail(() => sumColumns(t, "clicks"))).toMatch(/has no scalar field "clicks"/);
  });

  it("--sum takes field or column names", () => {
    const t = targetFromOptions(desired, "ImpressionCounter", "adId,impressionDate", "s");
    expect(sumColumns(t, "counter")).toEqual(["counter"]);
    expect(sumColumns(t, undefined)).toEqual([]);
    expect(columnOf(t.fieldColumns, "impression_date")).toBe("impression_date");
    expect(columnOf(t.fieldColumns, "constructor")).toBeNull();
  });
});
