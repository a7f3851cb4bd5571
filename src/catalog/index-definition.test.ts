import { beforeAll, describe, expect, it } from "vitest";
import { loadParser, parseStatements, type Node } from "../sql/parse.js";
import { replayHistory } from "../core/replay.js";
import { indexKey } from "../core/state.js";
import { definitionSql, fromApplied, fromIndexStmt, sameDefinition, type IndexDefinition } from "./index-definition.js";

beforeAll(loadParser);

// What Prisma 7.10 `migrate diff --script` wrote for each @@index (6.19 writes the same).
const PRISMA_SQL = [
  `CREATE INDEX "posts_title_idx" ON "posts"("title");`, //                         @@index([title])
  `CREATE INDEX "posts_title_score_idx" ON "posts"("title", "score" DESC);`, //      @@index([title, score(sort: Desc)])
  `CREATE INDEX "p_asc" ON "posts"("created" ASC);`, //                              @@index([created(sort: Asc)], map: "p_asc")
  `CREATE INDEX "posts_body_idx" ON "posts" USING HASH ("body");`, //                @@index([body], type: Hash)
  `CREATE INDEX "posts_tags_idx" ON "posts" USING GIN ("tags");`, //                 @@index([tags], type: Gin)
  `CREATE INDEX "posts_meta_idx" ON "posts" USING GIN ("meta" jsonb_path_ops);`, //  @@index([meta(ops: JsonbPathOps)], type: Gin)
  `CREATE INDEX "posts_body_trgm" ON "posts" USING GIN ("body" gin_trgm_ops);`, //   @@index([body(ops: raw("gin_trgm_ops"))], type: Gin, map: …)
  `CREATE INDEX "p_gist" ON "posts" USING GIST ("title" gist_trgm_ops);`, //         @@index([title(ops: raw("gist_trgm_ops"))], type: Gist, map: …)
  `CREATE INDEX "posts_created_at_idx" ON "posts" USING BRIN ("created_at");`, //    @@index([createdAt], type: Brin)
  `CREATE INDEX "posts_score_idx" ON "posts" USING BRIN ("score" int4_minmax_ops);`, // @@index([score(ops: Int4MinMaxOps)], type: Brin)
  `CREATE INDEX "posts_title_spgist" ON "posts" USING SPGIST ("title");`, //        @@index([title], type: SpGist, map: …)
  `CREATE UNIQUE INDEX "uq_x" ON "posts"("title", "score" DESC);`, //                @@unique([title, score(sort: Desc)], map: "uq_x")
  `CREATE UNIQUE INDEX "Invoice_number_key" ON "billing"."Invoice"("number");`, //  @unique in @@schema("billing")
];

const indexStmt = (sql: string): Node => parseStatements(sql)[0]!.node;
const definitionOf = (sql: string): IndexDefinition => {
  const result = fromIndexStmt(indexStmt(sql));
  if (!("definition" in result)) throw new Error(result.unsupported);
  return result.definition;
};
const rewrite = (sql: string, concurrently: boolean) => {
  const n = indexStmt(sql);
  const table = { schema: n.relation.schemaname ?? "public", name: n.relation.relname, qualified: Boolean(n.relation.schemaname) };
  return definitionSql(definitionOf(sql), { concurrently, name: n.idxname, table });
};

describe("index definitions", () => {
  it.each(PRISMA_SQL)("read back and write Prisma's own text: %s", (sql) => {
    expect(rewrite(sql, false)).toBe(sql);
    expect(rewrite(sql, true)).toBe(sql.replace(/^CREATE (UNIQUE )?INDEX /, "CREATE $1INDEX CONCURRENTLY "));
  });

  it("writes what PostgreSQL reads back as the same definition", () => {
    for (const sql of PRISMA_SQL) expect(sameDefinition(definitionOf(rewrite(sql, true)), definitionOf(sql))).toBe(true);
  });

  it.each([
    [`CREATE INDEX i ON t (a) WHERE a > 0`, "a WHERE clause (it is partial)"],
    [`CREATE INDEX i ON t (lower(a))`, "an expression"],
    [`CREATE INDEX i ON t (a) INCLUDE (b)`, "INCLUDE columns"],
    [`CREATE UNIQUE INDEX i ON t (a) NULLS NOT DISTINCT`, "NULLS NOT DISTINCT"],
    [`CREATE INDEX i ON t (a COLLATE "C")`, "a collation"],
    [`CREATE INDEX i ON t (a NULLS FIRST)`, "a NULLS FIRST / NULLS LAST order"],
    [`CREATE INDEX i ON t (a) WITH (fillfactor = 70)`, "storage options"],
    [`CREATE INDEX i ON t USING bloom (a)`, "the access method bloom"],
  ])("are unsupported for what Prisma cannot declare: %s", (sql, reason) => {
    expect(fromIndexStmt(indexStmt(sql))).toEqual({ unsupported: reason });
  });

  it("compare ASC as the default order and a method's default opclass as none", () => {
    const same = (a: string, b: string) => sameDefinition(definitionOf(`CREATE INDEX i ON t ${a}`), definitionOf(`CREATE INDEX i ON t ${b}`));
    expect(same(`(a ASC)`, `(a)`)).toBe(true);
    expect(same(`(a DESC)`, `(a)`)).toBe(false);
    expect(same(`USING GIN (m jsonb_ops)`, `USING GIN (m)`)).toBe(true);
    expect(same(`USING GIN (m jsonb_path_ops)`, `USING GIN (m)`)).toBe(false);
    expect(same(`USING BRIN (s int4_minmax_ops)`, `USING BRIN (s)`)).toBe(true);
    expect(same(`USING BRIN (s int4_bloom_ops)`, `USING BRIN (s)`)).toBe(false);
    expect(same(`USING SPGIST (ip inet_ops)`, `USING SPGIST (ip)`)).toBe(true);
    expect(same(`USING GIST (ip inet_ops)`, `USING GIST (ip)`)).toBe(false); // gist's inet_ops is not the default
    expect(same(`USING GIN (m pg_catalog.jsonb_path_ops)`, `USING GIN (m jsonb_path_ops)`)).toBe(true);
    // Prisma ignores operator classes on BTree and Hash (it cannot declare them there).
    expect(same(`(a text_pattern_ops)`, `(a)`)).toBe(true);
    expect(same(`USING HASH (a text_pattern_ops)`, `USING HASH (a)`)).toBe(true);
    expect(same(`USING HASH (a)`, `(a)`)).toBe(false);
    expect(same(`(a, b)`, `(b, a)`)).toBe(false);
    expect(same(`(a)`, `(a, b)`)).toBe(false);
    expect(sameDefinition(definitionOf(`CREATE UNIQUE INDEX i ON t (a)`), definitionOf(`CREATE INDEX i ON t (a)`))).toBe(false);
  });

  it("of replayed indexes are unsupported when Prisma ignores them", () => {
    const { state } = replayHistory([{ name: "1_init", sql: `CREATE TABLE t (a int, b int);
      CREATE INDEX "plain" ON t USING GIN (a);
      CREATE INDEX "partial" ON t (a) WHERE a > 0;
      CREATE INDEX "expr" ON t ((a + b));
      CREATE INDEX "incl" ON t (a) INCLUDE (b);
      CREATE UNIQUE INDEX "nnd" ON t (b) NULLS NOT DISTINCT;` }]);
    const of = (name: string) => fromApplied(state.indexes.get(indexKey("public", name))!);
    expect(of("plain")).toEqual({ definition: { unique: false, method: "gin", columns: [{ name: "a", desc: false }] } });
    expect(of("partial")).toEqual({ unsupported: "a WHERE clause (it is partial)" });
    expect(of("expr")).toEqual({ unsupported: "an expression" });
    expect(of("incl")).toEqual({ unsupported: "INCLUDE columns" });
    expect(of("nnd")).toEqual({ definition: { unique: true, method: "btree", columns: [{ name: "b", desc: false }] } }); // Prisma ignores it
  });
});
