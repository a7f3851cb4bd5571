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

  it("first asks whether two keys share a hash, then whether two keys are equal, and builds the report only when they are", () => {
    const hashed = body.indexOf("hash_record_extended(ROW(");
    const exact = body.indexOf("IF has_duplicates THEN");
    const branch = body.lastIndexOf("IF has_duplicates THEN");
    const report = body.indexOf("string_agg(");
    expect(body).toContain("PERFORM set_config('enable_hashagg', 'off', true);");
    expect(body).toContain("PERFORM set_config('work_mem', ");
    expect(body.indexOf("set_config")).toBeLessThan(hashed);
    expect(hashed).toBeGreaterThan(-1);
    expect(hashed).toBeLessThan(exact);
    expect(exact).toBeLessThan(branch);
    expect(branch).toBeLessThan(report);
    // A key type without a hash function goes to the exact question.
    expect(body.slice(hashed, exact)).toContain("EXCEPTION WHEN undefined_function THEN\n    has_duplicates := true;");
    // The hash is of the key's columns, rows with a NULL in a key column left out.
    expect(body).toContain('hash_record_extended(ROW("ad_id", "impression_date"), 0)');
    // The existence questions compute no key text: nothing per group but its count.
    const questions = body.slice(0, branch);
    expect(questions).not.toContain("quote_nullable");
    expect(questions.split('WHERE "ad_id" IS NOT NULL AND "impression_date" IS NOT NULL')).toHaveLength(3);
    expect(questions.split("HAVING count(*) > 1")).toHaveLength(3);
  });

  it("runs its queries through EXECUTE, so that they may use parallel workers", () => {
    expect(body.match(/EXECUTE '/g)).toHaveLength(3);
  });
});
