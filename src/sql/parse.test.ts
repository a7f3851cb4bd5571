import { beforeAll, describe, expect, it } from "vitest";
import { checkHistory } from "../check/run-check.js";
import { prismaInit } from "../check/rules/rule-test-kit.js";
import { loadParser, parseStatements } from "./parse.js";

beforeAll(loadParser);

describe("parsing a migration script", () => {
  it("reads PostgreSQL 18's syntax: a named NOT NULL constraint, NOT VALID, then validated", () => {
    const sql = `ALTER TABLE "Ad" ADD CONSTRAINT "Ad_title_not_null" NOT NULL "title" NOT VALID;\nALTER TABLE "Ad" VALIDATE CONSTRAINT "Ad_title_not_null";\n`;
    const [add, validate] = parseStatements(sql);
    expect(add!.node.cmds[0].AlterTableCmd.def.Constraint).toMatchObject({ contype: "CONSTR_NOTNULL", conname: "Ad_title_not_null", skip_validation: true });
    expect(validate!.kind).toBe("AlterTableStmt");
    // A history that uses it is checked, not refused as unreadable.
    const result = checkHistory([{ name: "20250101000000_init", sql: prismaInit() }, { name: "20260101000000_not_null", sql }]);
    expect(result.checked).toContain("20260101000000_not_null");
  });

  it("gives each statement its leading comments and a span from the previous semicolon through its own", () => {
    const sql = "SELECT 1;\n-- about two\n/* more */ SELECT 2 ;\n\n-- about three\nSELECT 3";
    const statements = parseStatements(sql);
    expect(statements.map((s) => s.text)).toEqual(["SELECT 1", "SELECT 2", "SELECT 3"]);
    expect(statements.map((s) => s.leadingComments)).toEqual([[], ["-- about two", "/* more */"], ["-- about three"]]);
    expect(statements.map((s) => sql.slice(s.span.start, s.span.end))).toEqual(["SELECT 1;", "\n-- about two\n/* more */ SELECT 2 ;", "\n\n-- about three\nSELECT 3"]);
    expect(statements.map((s) => s.line)).toEqual([1, 3, 6]);
  });
});
