import { beforeAll, describe, expect, it } from "vitest";
import { lockStep } from "../catalog/sql-shapes.js";
import { loadParser } from "../sql/parse.js";
import { indexBuiltOn, indexChangesIn, indexStatementsIn } from "./statement.js";

beforeAll(loadParser);

describe("the index a session builds, from its query text", () => {
  it("finds the CREATE INDEX among the other statements of a migration sent whole", () => {
    const script = `SET lock_timeout = '5s';\n-- CreateIndex\nCREATE UNIQUE INDEX "t_a_b_key" ON "t"("a", "b");\nRESET lock_timeout;`;
    expect(indexStatementsIn(script)).toEqual([{ index: "t_a_b_key", schema: null, table: "t", concurrent: false, unique: true }]);
    expect(indexBuiltOn(script, "public", "t")?.index).toBe("t_a_b_key");
  });

  it("names an unnamed index the way PostgreSQL does, and reads the schema when written", () => {
    expect(indexStatementsIn(`CREATE INDEX CONCURRENTLY ON "app"."orders" (customer_id, placed_at)`)).toEqual([
      { index: "orders_customer_id_placed_at_idx", schema: "app", table: "orders", concurrent: true, unique: false },
    ]);
    expect(indexBuiltOn(`CREATE INDEX ON app.orders (id)`, "public", "orders")).toBeNull();
  });

  it("reads a text cut by track_activity_query_size up to the last statement that parses", () => {
    const cut = `CREATE UNIQUE INDEX "u" ON "t"("a"); CREATE INDEX "v" ON "t"("b"); SELECT 'an unterminated str`;
    expect(indexStatementsIn(cut).map((s) => s.index)).toEqual(["u", "v"]);
    expect(indexBuiltOn(cut, "public", "t")).toBeNull(); // two builds on t: which one is unknown
    expect(indexStatementsIn("CREATE UNIQUE INDEX \"u\" ON \"t\"(\"a")).toEqual([]);
    expect(indexBuiltOn(null, "public", "t")).toBeNull();
  });
});

describe("the index a session drops or renames, from its query text", () => {
  it("reads the catalog's drop, retire and rename steps and Prisma's plain DROP INDEX", () => {
    expect(indexChangesIn(`DROP INDEX CONCURRENTLY "app"."post_title_idx";\n`)).toEqual([
      { command: "DROP INDEX CONCURRENTLY", index: "post_title_idx", schema: "app", renamedTo: null },
    ]);
    expect(indexChangesIn(`-- DropIndex\nDROP INDEX "post_title_idx";`)).toEqual([{ command: "DROP INDEX", index: "post_title_idx", schema: null, renamedTo: null }]);
    const rename = `SET lock_timeout = '5s';\nALTER INDEX "post_title_idx_pcc_0a1b2c3d" RENAME TO "post_title_idx";\nRESET lock_timeout;\n`;
    expect(indexChangesIn(rename)).toEqual([{ command: "ALTER INDEX RENAME", index: "post_title_idx_pcc_0a1b2c3d", schema: null, renamedTo: "post_title_idx" }]);
    // The rename as this release writes it: inside the retrying lock step.
    const step = lockStep({ folder: "f", lock: { attemptTimeout: "200ms", retryBudget: "1min" } }, 'ALTER INDEX "post_title_idx_pcc_0a1b2c3d" RENAME TO "post_title_idx";');
    expect(indexChangesIn(step)).toEqual([{ command: "ALTER INDEX RENAME", index: "post_title_idx_pcc_0a1b2c3d", schema: null, renamedTo: "post_title_idx" }]);
  });

  it("ignores index builds, table renames and other drops", () => {
    expect(indexChangesIn(`CREATE INDEX "i" ON "t"("a"); ALTER TABLE "t" RENAME TO "u"; DROP TABLE "v"; ALTER INDEX "i" SET (fillfactor = 70);`)).toEqual([]);
  });
});
