import { beforeAll, describe, expect, it } from "vitest";
import { loadParser, parseStatements } from "../sql/parse.js";
import { dedupeSql, type DedupeInput } from "./dedupe-sql.js";

beforeAll(loadParser);

const base: DedupeInput = {
  label: "ImpressionCounter @@unique([adId, impressionDate])",
  schema: "public", table: "impression_counter", qualified: false,
  keyColumns: ["ad_id", "impression_date"],
  primaryKey: [{ name: "id", type: "integer", notNull: true }],
  keep: "first", sum: ["counter"], batchGroups: 50, lockTimeout: "2s", referencedBy: [],
  found: { duplicateGroups: 50, surplusRows: 53 },
};

describe("dedupeSql", () => {
  const sql = dedupeSql(base);

  it("is ONE statement, a DO block (so it can COMMIT between batches, and sits alone in a migration file)", () => {
    const statements = parseStatements(sql);
    expect(statements.map((s) => s.kind)).toEqual(["DoStmt"]);
    expect(sql.split("\n").filter((l) => l && !l.startsWith("--"))[0]).toBe("DO $prisma_concurrently_dedupe$");
  });

  it("refuses a transaction block first, then commits every batch of groups", () => {
    expect(sql).toMatch(/^BEGIN\n {2}COMMIT; {2}-- fails here, having changed nothing, when run inside a transaction block/m);
    expect(sql).toContain("pgc_batch_groups CONSTANT integer := 50;");
    expect(sql).toContain("IF pgc_in_batch >= pgc_batch_groups THEN\n      COMMIT;");
    expect(sql).toContain("PERFORM set_config('lock_timeout', pgc_lock_timeout, true);");
  });

  it("finds the groups with one read that leaves NULL keys out, and locks only a group's rows, by primary key", () => {
    expect(sql).toContain(`array_agg("id" ORDER BY "id") AS pk_1\n      FROM "impression_counter"\n     WHERE "ad_id" IS NOT NULL AND "impression_date" IS NOT NULL`);
    expect(sql).toContain(`WHERE "id" = ANY (pgc_group.pk_1)\n                 AND "ad_id" = pgc_group.key_1 AND "impression_date" = pgc_group.key_2\n               ORDER BY "id"\n                 FOR UPDATE) AS pgc_rows;`);
  });

  it("--keep first keeps the lowest key and adds the others' --sum columns into it; --keep last the highest", () => {
    expect(sql).toContain(`SET "counter" = coalesce(pgc_kept."counter" + pgc_sum."counter", pgc_kept."counter", pgc_sum."counter")`);
    expect(sql).toContain(`WHERE "id" = ANY (pgc_locked_1[2:pgc_n])) AS pgc_sum\n         WHERE pgc_kept."id" = pgc_locked_1[1];`);
    expect(sql).toContain(`DELETE FROM "impression_counter" WHERE "id" = ANY (pgc_locked_1[2:pgc_n]);`);
    const last = dedupeSql({ ...base, keep: "last", sum: [] });
    expect(last).toContain(`DELETE FROM "impression_counter" WHERE "id" = ANY (pgc_locked_1[1:pgc_n - 1]);`);
    expect(last).not.toContain("pgc_kept");
    expect(last).toContain("keep the row with the highest primary key (id)");
  });

  it("handles a composite primary key with one array per column", () => {
    const sql2 = dedupeSql({
      ...base, qualified: true, schema: "crm", table: "Membership", keyColumns: ["email"], sum: [],
      primaryKey: [{ name: "org_id", type: "integer", notNull: true }, { name: "user_id", type: "bigint", notNull: true }],
    });
    expect(parseStatements(sql2)).toHaveLength(1);
    expect(sql2).toContain("pgc_locked_1 integer[];");
    expect(sql2).toContain("pgc_locked_2 bigint[];");
    expect(sql2).toContain(`FROM "crm"."Membership"`);
    expect(sql2).toContain(`("org_id", "user_id") IN (SELECT * FROM unnest(pgc_group.pk_1, pgc_group.pk_2))`);
    expect(sql2).toContain(`("org_id", "user_id") IN (SELECT * FROM unnest(pgc_locked_1[2:pgc_n], pgc_locked_2[2:pgc_n]))`);
  });

  it("quotes identifiers and skips what it must not force", () => {
    const odd = dedupeSql({ ...base, table: 'we"ird', keyColumns: ['a"b'], sum: ["Views"] });
    expect(parseStatements(odd)).toHaveLength(1);
    expect(odd).toContain(`DELETE FROM "we""ird"`);
    expect(odd).toContain(`WHEN lock_not_available OR deadlock_detected THEN pgc_skipped_locked := pgc_skipped_locked + 1;`);
    expect(odd).toContain(`WHEN foreign_key_violation OR restrict_violation THEN pgc_skipped_referenced := pgc_skipped_referenced + 1;`);
  });

  it("warns about foreign keys that point at the table", () => {
    const refs = dedupeSql({ ...base, referencedBy: [{ constraint: "click_fkey", table: "click", onDelete: "c" }, { constraint: "x_fkey", table: "x", onDelete: "a" }] });
    expect(refs).toContain("--   click (click_fkey, ON DELETE CASCADE): removing a row DELETES the rows that reference it");
    expect(refs).toContain("--   x (x_fkey, ON DELETE NO ACTION): a group whose removed rows are still referenced is skipped");
  });

  it("needs a primary key", () => {
    expect(() => dedupeSql({ ...base, primaryKey: [] })).toThrow(/primary key/);
  });
});
