import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LOCK_RETRY } from "../config/generator-config.js";
import { loadParser, parseStatements } from "../sql/parse.js";
import { renderStep } from "./render.js";
import { adDate } from "../doctor/test-helpers.js";

beforeAll(loadParser);

const unique = adDate;

describe("the duplicate pre-check's SQL", () => {
  const sql = renderStep({ kind: "precheck", unique }, "20260301100000_concurrently_precheck_unique_x", DEFAULT_LOCK_RETRY);
  const [block] = parseStatements(sql);
  const body: string = block!.node.args.find((a: { DefElem?: { defname: string } }) => a.DefElem?.defname === "as").DefElem.arg.String.sval;

  it("is one DO block (it runs the same sent whole or statement by statement)", () => {
    expect(parseStatements(sql).map((s) => s.kind)).toEqual(["DoStmt"]);
  });

  it("first asks only whether a duplicate exists, sorted rather than hashed, and builds the report only when one does", () => {
    const exists = body.indexOf("SELECT EXISTS (");
    const branch = body.indexOf("IF has_duplicates THEN");
    const report = body.indexOf("string_agg(");
    expect(body).toContain("PERFORM set_config('enable_hashagg', 'off', true);");
    expect(body.indexOf("set_config")).toBeLessThan(exists);
    expect(exists).toBeGreaterThan(-1);
    expect(exists).toBeLessThan(branch);
    expect(branch).toBeLessThan(report);
    // The existence query computes no key text: nothing per group but its count.
    const existsQuery = body.slice(exists, body.indexOf("INTO has_duplicates"));
    expect(existsQuery).not.toContain("quote_nullable");
    expect(existsQuery).toContain('WHERE "ad_id" IS NOT NULL AND "impression_date" IS NOT NULL');
    expect(existsQuery).toContain("HAVING count(*) > 1");
  });

  it("runs both queries through EXECUTE, so that they may use parallel workers", () => {
    expect(body.match(/EXECUTE '/g)).toHaveLength(2);
  });
});
