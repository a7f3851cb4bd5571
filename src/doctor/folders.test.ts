import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../sql/parse.js";
import { readToolFolders, toolStepOf } from "./folders.js";
import { adDate, toolFiles } from "./test-helpers.js";
import { notNullSteps } from "../catalog/not-null/steps.js";
import { renderPlan } from "../core/render.js";

beforeAll(() => loadParser());

describe("doctor: this tool's folders", () => {
  it("recognises the step of a folder by its name only", () => {
    expect(toolStepOf("20260301100001_concurrently_index_unique_impression_counter_ad_id_impression_date")).toEqual({
      kind: "build", slug: "impression_counter_ad_id_impression_date",
    });
    expect(toolStepOf("20260301100000_concurrently_precheck_unique_x")?.kind).toBe("precheck");
    expect(toolStepOf("20260301100000_concurrently_drop_unique_x")?.kind).toBe("drop");
    expect(toolStepOf("20250101000000_init")).toBeNull();
    expect(toolStepOf("20250101000000_concurrently_rename")).toBeNull();
    expect(toolStepOf("20250101000000_concurrently_index_unique_")).toBeNull();
  });

  it("reads the index, table and key from the rendered SQL; the pre-check borrows them from its build", () => {
    const folders = readToolFolders([{ name: "20250101000000_init", sql: "CREATE TABLE x (id int);" }, ...toolFiles(adDate)], "public");
    expect(folders.map((f) => f.kind)).toEqual(["precheck", "build", "attach"]);
    const target = { schema: "public", table: "impression_counter", index: adDate.name, columns: ["ad_id", "impression_date"], qualified: false };
    for (const f of folders) {
      expect(f.target).toEqual(target);
      expect(f.unreadable).toBeNull();
    }
  });

  it("resolves unqualified names to the connection's schema and marks names outside it", () => {
    const [, build] = readToolFolders(toolFiles(adDate), "tenant");
    expect(build!.target).toMatchObject({ schema: "tenant", qualified: false });
    const [, other] = readToolFolders(toolFiles({ ...adDate, schema: "stats", qualified: true }), "public");
    expect(other!.target).toMatchObject({ schema: "stats", table: "impression_counter", qualified: true });
  });

  it("reads a drop step's table and constraint", () => {
    const sql = `-- prisma-concurrently: remove\nSET lock_timeout = '5s';\nALTER TABLE "impression_counter" DROP CONSTRAINT "impression_counter_ad_id_impression_date_key";\nRESET lock_timeout;\n`;
    const [drop] = readToolFolders([{ name: "20260401000000_concurrently_drop_unique_impression_counter_ad_id_impression_date", sql }], "public");
    expect(drop).toMatchObject({ kind: "drop", target: { table: "impression_counter", index: adDate.name, columns: null } });
  });

  it("says why an edited or unparsable folder cannot be understood", () => {
    const [precheck, build, attach] = toolFiles(adDate);
    const folders = readToolFolders(
      [precheck!, { ...build!, sql: "-- emptied by hand\nSELECT 1;" }, { ...attach!, sql: "ALTER TABLE (" }],
      "public",
    );
    expect(folders[1]).toMatchObject({ target: null, unreadable: expect.stringContaining("no CREATE [UNIQUE] INDEX CONCURRENTLY statement") });
    expect(folders[2]).toMatchObject({ target: null, unreadable: expect.stringContaining("PostgreSQL's parser rejects") });
    expect(folders[0]).toMatchObject({ target: null, unreadable: "no build folder of the same unique follows it" });
  });
});

describe("doctor: the NOT NULL operation's folders", () => {
  it("are this tool's: the NULL pre-check and the three steps that run again safely, with no index to read", () => {
    const steps = notNullSteps({ schema: "public", table: "Click", qualified: false, column: "label", check: "Click_label_pcc_nn_0123abcd", keys: ["id"], source: "Click.label" }, true);
    const files = renderPlan({ steps, skipped: [] }, { now: new Date("2026-03-01T10:00:00Z"), existing: [] }).map((f) => ({ name: f.name, sql: f.sql }));
    expect(readToolFolders(files, "public").map((f) => [f.kind, f.slug, f.target])).toEqual([
      ["null-precheck", "click_label", null], ["not-null", "click_label", null], ["not-null", "click_label", null], ["not-null", "click_label", null],
    ]);
  });
});
