import { beforeAll, describe, expect, it } from "vitest";
import { loadParser, parseStatements } from "../sql/parse.js";
import { defaultIndexName } from "./pg-names.js";

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
