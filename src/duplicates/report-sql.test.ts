import { beforeAll, describe, expect, it } from "vitest";
import { loadParser, parseStatements } from "../sql/parse.js";
import { reportFromRows, reportQuery, rowIdText } from "./report-sql.js";

beforeAll(loadParser);

describe("reportQuery", () => {
  const sql = reportQuery({ schema: "public", table: "impression_counter", keyColumns: ["ad_id", "impression_date"], primaryKey: ["id"], limit: 10, samples: 5 });

  it("is one plain SELECT: no row locks, nothing written", () => {
    const statements = parseStatements(sql);
    expect(statements.map((s) => s.kind)).toEqual(["SelectStmt"]);
    expect(sql).not.toMatch(/\bFOR (UPDATE|SHARE|NO KEY|KEY)\b/i);
  });

  it("leaves rows with a NULL in a key column out, and reads the schema-qualified table", () => {
    expect(sql).toContain(`FROM "public"."impression_counter"\n   WHERE "ad_id" IS NOT NULL AND "impression_date" IS NOT NULL`);
    expect(sql).toContain(`GROUP BY key_1, key_2\n  HAVING count(*) > 1`);
    expect(sql).toContain(`JOIN pgc_largest l ON t."ad_id" = l.key_1 AND t."impression_date" = l.key_2`);
  });

  it("quotes every identifier, however it is written", () => {
    const odd = reportQuery({ schema: "My Schema", table: 'we"ird', keyColumns: ['a"b', "Select"], primaryKey: ["Id", "x y"], limit: 1, samples: 1 });
    expect(parseStatements(odd)).toHaveLength(1);
    expect(odd).toContain(`FROM "My Schema"."we""ird"`);
    expect(odd).toContain(`"a""b" AS key_1, "Select" AS key_2`);
    expect(odd).toContain(`ROW(t."Id", t."x y")::text AS row_id`);
  });

  it("shows a row by its primary key, composite as a row, or by ctid without one", () => {
    expect(rowIdText("t", ["id"])).toBe(`t."id"::text`);
    expect(rowIdText("t", ["a", "b"])).toBe(`ROW(t."a", t."b")::text`);
    expect(rowIdText("t", [])).toBe("t.ctid::text");
  });
});

describe("reportFromRows", () => {
  it("reads totals and groups; no group is one row of totals", () => {
    expect(reportFromRows([{ duplicate_groups: "0", surplus_rows: "0", rows_in_groups: "0", rank: null, row_count: null, key: null, row_ids: null }]))
      .toEqual({ duplicateGroups: 0, surplusRows: 0, rowsInGroups: 0, largestGroups: [] });
    expect(reportFromRows([
      { duplicate_groups: "2", surplus_rows: "3", rows_in_groups: "5", rank: "1", row_count: "3", key: ["1", "2026-01-01"], row_ids: ["1", "7", "9"] },
      { duplicate_groups: "2", surplus_rows: "3", rows_in_groups: "5", rank: "2", row_count: "2", key: ["2", "2026-01-01"], row_ids: ["2", "8"] },
    ])).toEqual({
      duplicateGroups: 2, surplusRows: 3, rowsInGroups: 5,
      largestGroups: [{ key: ["1", "2026-01-01"], rows: 3, primaryKeys: ["1", "7", "9"] }, { key: ["2", "2026-01-01"], rows: 2, primaryKeys: ["2", "8"] }],
    });
  });
});
