import { beforeAll, describe, expect, it } from "vitest";
import { loadParser, parseStatements } from "../sql/parse.js";
import { defaultIndexName, postgresObjectName } from "./pg-names.js";

beforeAll(loadParser);

const nameOf = (sql: string) => defaultIndexName(parseStatements(sql)[0]!.node, "t");

describe("the name PostgreSQL gives an unnamed index", () => {
  // Each expected name is what PostgreSQL 15 chose for the same statement (checked by hand).
  it("joins the column names, or what an expression calls", () => {
    expect(nameOf(`CREATE INDEX ON t (a, b)`)).toBe("t_a_b_idx");
    expect(nameOf(`CREATE INDEX ON t (lower(email))`)).toBe("t_lower_idx");
    expect(nameOf(`CREATE INDEX ON t ((a + b))`)).toBe("t_expr_idx");
    expect(nameOf(`CREATE INDEX ON t ((a::text), ((1 + 2)::int))`)).toBe("t_a_int4_idx");
    expect(nameOf(`CREATE INDEX "mine" ON t (a)`)).toBe("mine");
  });
});

describe("the name PostgreSQL gives an unnamed constraint", () => {
  it("counts the bytes to cut before clipping a multi-byte character (as makeObjectName does)", () => {
    const table = `${"a".repeat(28)}€`; // 31 bytes
    // PostgreSQL 15 named UNIQUE (b×31) on this table so (checked by hand).
    expect(postgresObjectName(table, ["b".repeat(31)], "key")).toBe(`${"a".repeat(28)}_${"b".repeat(29)}_key`);
  });
});
