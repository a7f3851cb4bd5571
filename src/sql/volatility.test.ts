import { beforeAll, describe, expect, it } from "vitest";
import { loadParser, parseStatements } from "./parse.js";
import { columnDefaultVolatility } from "./volatility.js";

beforeAll(loadParser);

const added = (columnSql: string) => columnDefaultVolatility(parseStatements(`ALTER TABLE "t" ADD COLUMN ${columnSql};`)[0]!.node.cmds[0].AlterTableCmd.def.ColumnDef);

describe("volatility of a new column's default", () => {
  it("constants, casts and stable functions are not volatile (PostgreSQL 11+ stores them once: instant)", () => {
    for (const sql of [
      `"a" TEXT NOT NULL DEFAULT 'x'`,
      `"a" INTEGER NOT NULL DEFAULT 0`,
      `"a" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP`,
      `"a" TIMESTAMPTZ DEFAULT now()`,
      `"a" JSONB NOT NULL DEFAULT '{}'::jsonb`,
      `"a" TEXT[] DEFAULT ARRAY[]::TEXT[]`,
      `"a" BOOLEAN NOT NULL DEFAULT false`,
      `"a" TEXT NOT NULL`,
    ]) expect(added(sql), sql).toEqual({ volatile: false, because: null, unknown: false });
  });

  it("known volatile functions, also nested or schema-qualified, and serial types are volatile (the table is rewritten)", () => {
    expect(added(`"a" UUID NOT NULL DEFAULT gen_random_uuid()`)).toEqual({ volatile: true, because: "gen_random_uuid()", unknown: false });
    expect(added(`"a" TEXT DEFAULT md5(random()::text)`).because).toBe("random()");
    expect(added(`"a" TIMESTAMPTZ NOT NULL DEFAULT pg_catalog.clock_timestamp()`).because).toBe("clock_timestamp()");
    expect(added(`"a" BIGINT DEFAULT nextval('s'::regclass)`).because).toBe("nextval()");
    expect(added(`"a" SERIAL NOT NULL`)).toMatchObject({ volatile: true, because: "the type SERIAL (its default is nextval())" });
  });

  it("an unknown function counts as volatile (PostgreSQL's default for CREATE FUNCTION), marked unknown", () => {
    expect(added(`"a" TEXT NOT NULL DEFAULT my_slug()`)).toEqual({ volatile: true, because: "my_slug()", unknown: true });
  });
});
