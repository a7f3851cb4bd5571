import { beforeAll, describe, expect, it } from "vitest";
import type { DMMF } from "@prisma/generator-helper";
import { loadParser } from "../sql/parse.js";
import { desiredFromDatamodel } from "../core/desired.js";
import { replayHistory } from "../core/replay.js";
import { diffIndexes, type IndexChange } from "./index-diff.js";

beforeAll(loadParser);

type Field = string | { name: string; sortOrder?: "asc" | "desc"; operatorClass?: string };
type Index = { type?: "normal" | "unique"; fields: Field[]; map?: string; algorithm?: string; model?: string };

const POSTS = `CREATE TABLE "posts" ("id" SERIAL NOT NULL, "a" INT, "b" INT, "c" INT, "meta" JSONB, CONSTRAINT "posts_pkey" PRIMARY KEY ("id"));`;

/** Model Post (table posts, columns id, a, b, c, meta) with these indexes, as the DMMF gives them; plus model Other when asked. */
function desired(indexes: Index[], models = ["Post"]) {
  const tables: Record<string, string> = { Post: "posts", Other: "other" };
  return desiredFromDatamodel({
    models: models.map((name) => ({
      name, dbName: tables[name], schema: null,
      fields: ["id", "a", "b", "c", "meta"].map((f) => ({ name: f, dbName: null, kind: "scalar" })),
    })),
    indexes: [
      { model: "Post", type: "id", isDefinedOnField: true, fields: [{ name: "id" }] },
      ...indexes.map((i) => ({
        model: i.model ?? "Post", type: i.type ?? "normal", isDefinedOnField: false, dbName: i.map, algorithm: i.algorithm,
        fields: i.fields.map((f) => (typeof f === "string" ? { name: f } : f)),
      })),
    ],
    enums: [], types: [],
  } as unknown as DMMF.Datamodel);
}

const diff = (sql: string, indexes: Index[], models?: string[]) =>
  diffIndexes(desired(indexes, models), replayHistory([{ name: "1_init", sql: `${POSTS}\n${sql}` }]).state);

/** One line per change: `add posts_a_idx`, `change x → x`, `rename old → new`, `drop posts_a_idx`. */
const summary = (changes: IndexChange[]) =>
  changes.map((c) => (c.kind === "add" ? `add ${c.want.name}` : c.kind === "drop" ? `drop ${c.have.name}` : `${c.kind} ${c.have.name} → ${c.want.name}`));

describe("index diff", () => {
  it("adds a new @@index and leaves equal ones (ASC, default opclasses) alone", () => {
    expect(summary(diff(`CREATE INDEX "posts_meta_idx" ON "posts" USING GIN ("meta" jsonb_ops);`, [
      { fields: ["meta"], algorithm: "Gin" },
      { fields: [{ name: "a", sortOrder: "asc" }] },
    ]))).toEqual(["add posts_a_idx"]);
    expect(diff(`CREATE INDEX "posts_a_idx" ON "posts"("a");`, [{ fields: [{ name: "a", sortOrder: "asc" }] }])).toEqual([]);
    expect(diff(`CREATE INDEX "posts_meta_idx" ON "posts" USING GIN ("meta");`, [{ fields: [{ name: "meta", operatorClass: "JsonbOps" }], algorithm: "Gin" }])).toEqual([]);
  });

  it("changes an index whose definition changed under the same name", () => {
    const history = `CREATE INDEX "m" ON "posts"("a");`;
    expect(summary(diff(history, [{ fields: ["a", "b"], map: "m" }]))).toEqual(["change m → m"]);
    expect(summary(diff(history, [{ fields: [{ name: "a", sortOrder: "desc" }], map: "m" }]))).toEqual(["change m → m"]);
    expect(summary(diff(history, [{ fields: ["a"], map: "m", algorithm: "Hash" }]))).toEqual(["change m → m"]);
    expect(summary(diff(`CREATE INDEX "posts_meta_idx" ON "posts" USING GIN ("meta");`, [{ fields: [{ name: "meta", operatorClass: "JsonbPathOps" }], algorithm: "Gin" }])))
      .toEqual(["change posts_meta_idx → posts_meta_idx"]);
  });

  it("a column change under default names is an add of the new name and a drop of the old", () => {
    expect(summary(diff(`CREATE INDEX "posts_a_idx" ON "posts"("a");`, [{ fields: ["a", "b"] }]))).toEqual(["add posts_a_b_idx", "drop posts_a_idx"]);
  });

  it("the same definition under another name is a rename (Prisma's ALTER INDEX … RENAME)", () => {
    const changes = diff(`CREATE INDEX "old_name" ON "posts"("a");`, [{ fields: ["a"], map: "new_name" }]);
    expect(summary(changes)).toEqual(["rename old_name → new_name"]);
  });

  it("a unique constraint the schema still declares is nothing to do, under its name or another (rename)", () => {
    const constraint = `ALTER TABLE "posts" ADD CONSTRAINT "posts_a_b_key" UNIQUE ("a", "b");`;
    expect(diff(constraint, [{ type: "unique", fields: ["a", "b"] }])).toEqual([]);
    expect(summary(diff(constraint, [{ type: "unique", fields: ["a", "b"], map: "ab" }]))).toEqual(["rename posts_a_b_key → ab"]);
    expect(summary(diff(constraint, [{ type: "unique", fields: ["a", { name: "b", sortOrder: "desc" }], map: "posts_a_b_key" }])))
      .toEqual(["change posts_a_b_key → posts_a_b_key"]);
  });

  it("unique ↔ index under the same name is a change; under default names an add and a drop", () => {
    const constraint = `ALTER TABLE "posts" ADD CONSTRAINT "x" UNIQUE ("a", "b");`;
    const changes = diff(constraint, [{ fields: ["a", "b"], map: "x" }]);
    expect(summary(changes)).toEqual(["change x → x"]);
    expect(changes[0]).toMatchObject({ have: { constraint: "unique", unique: true }, want: { unique: false } });
    expect(summary(diff(`CREATE INDEX "y" ON "posts"("c");`, [{ type: "unique", fields: ["c"], map: "y" }]))).toEqual(["change y → y"]);
    expect(summary(diff(`CREATE UNIQUE INDEX "posts_a_b_key" ON "posts"("a", "b");`, [{ fields: ["a", "b"] }])))
      .toEqual(["add posts_a_b_idx", "drop posts_a_b_key"]);
  });

  it("drops what Prisma drops: plain, INCLUDE and unique-constraint indexes; never partial or expression ones", () => {
    const changes = diff(`
      CREATE INDEX "posts_partial_idx" ON "posts"("a") WHERE "a" > 0;
      CREATE INDEX "posts_expr_idx" ON "posts"((a + b));
      CREATE UNIQUE INDEX "posts_uq_partial" ON "posts"("b") WHERE "b" > 0;
      CREATE INDEX "posts_incl_idx" ON "posts"("a") INCLUDE ("b");
      CREATE INDEX "posts_plain_idx" ON "posts"("c");
      ALTER TABLE "posts" ADD CONSTRAINT "posts_c_key" UNIQUE ("c");`, []);
    expect(summary(changes)).toEqual(["drop posts_incl_idx", "drop posts_plain_idx", "drop posts_c_key"]);
    expect(changes.find((c) => c.kind === "drop" && c.have.name === "posts_c_key")).toMatchObject({ have: { constraint: "unique" }, table: { name: "posts" } });
  });

  it("pairs by definition as Prisma does: look-alikes are all kept and none renamed (6.19 and 7.10 migrate diff --script)", () => {
    // Prisma: DROP INDEX "posts_a_idx"; nothing for "other" (it has a look-alike), no CREATE.
    expect(summary(diff(`CREATE INDEX "posts_a_idx" ON "posts"("a" DESC); CREATE INDEX "other" ON "posts"("a");`, [{ fields: ["a"] }])))
      .toEqual(["drop posts_a_idx"]);
    // Prisma: nothing (both match: a BTree operator class does not count).
    expect(diff(`CREATE INDEX "x1" ON "posts"("a" text_pattern_ops); CREATE INDEX "x2" ON "posts"("a");`, [{ fields: ["a"] }])).toEqual([]);
    // Prisma: DROP INDEX "posts_a_idx" (INCLUDE matches nothing); ALTER INDEX "coll" RENAME TO "posts_a_idx" (a collation does not count).
    expect(summary(diff(`CREATE INDEX "posts_a_idx" ON "posts"("a") INCLUDE ("b"); CREATE INDEX "coll" ON "posts"("a" COLLATE "C");`, [{ fields: ["a"] }])))
      .toEqual(["rename coll → posts_a_idx", "drop posts_a_idx"]);
  });

  it("ignores what Prisma ignores when it compares: NULLS NOT DISTINCT, storage options, NULLS FIRST (6.19 and 7.10: empty migration)", () => {
    expect(diff(`CREATE UNIQUE INDEX "posts_a_key" ON "posts"("a") NULLS NOT DISTINCT;
      CREATE INDEX "posts_b_idx" ON "posts"("b") WITH (fillfactor = 70);
      CREATE INDEX "posts_c_idx" ON "posts"("c" NULLS FIRST);`, [{ type: "unique", fields: ["a"] }, { fields: ["b"] }, { fields: ["c"] }])).toEqual([]);
  });

  it("never touches primary keys; a name held by one or by an index Prisma cannot see is an add (the plan says name taken)", () => {
    expect(diff(``, [])).toEqual([]);
    expect(summary(diff(``, [{ fields: ["a"], map: "posts_pkey" }]))).toEqual(["add posts_pkey"]);
    expect(summary(diff(`CREATE INDEX "p" ON "posts"("a") WHERE "a" > 0;`, [{ fields: ["a"], map: "p" }]))).toEqual(["add p"]);
  });

  it("leaves gone tables to Prisma and lists adds on new tables", () => {
    const other = `CREATE TABLE "other" ("id" INT, "a" INT); CREATE INDEX "other_a_idx" ON "other"("a");`;
    expect(diff(other, [])).toEqual([]);
    expect(summary(diff(``, [{ model: "Other", fields: ["a"] }], ["Post", "Other"]))).toEqual(["add other_a_idx"]);
  });
});
