import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../sql/parse.js";
import { HistoryParseError, replayHistory, walkHistory } from "./replay.js";
import { indexKey, tableKey } from "./state.js";

beforeAll(loadParser);

const replay = (...sqls: string[]) => replayHistory(sqls.map((sql, i) => ({ name: `2025010100000${i}_m${i}`, sql })));

describe("replaying a migration history", () => {
  it("builds tables, columns and indexes from Prisma's own SQL", () => {
    const { state, warnings } = replay(`
      CREATE SCHEMA IF NOT EXISTS "public";
      CREATE TABLE "impression_counter" ("id" SERIAL NOT NULL, "ad_id" INTEGER NOT NULL, "impression_date" DATE NOT NULL,
        CONSTRAINT "impression_counter_pkey" PRIMARY KEY ("id"));
      CREATE INDEX "impression_counter_ad_id_idx" ON "impression_counter"("ad_id");
      CREATE UNIQUE INDEX "u" ON "impression_counter"("ad_id", "impression_date" DESC);`);
    expect(warnings).toEqual([]);
    expect(state.tables.get(tableKey("public", "impression_counter"))?.columns).toEqual(["id", "ad_id", "impression_date"]);
    expect(state.indexes.get(indexKey("public", "impression_counter_pkey"))).toMatchObject({ constraint: "primary", unique: true });
    expect(state.indexes.get(indexKey("public", "impression_counter_ad_id_idx"))).toMatchObject({ unique: false });
    expect(state.indexes.get(indexKey("public", "u"))?.columns).toEqual([{ name: "ad_id", desc: false }, { name: "impression_date", desc: true }]);
  });

  it("follows CONCURRENTLY builds, USING INDEX, and constraint drops", () => {
    const { state } = replay(
      `CREATE TABLE t (a int, b int);`,
      `CREATE UNIQUE INDEX CONCURRENTLY "t_a_b_key" ON "t"("a", "b");`,
      `SET lock_timeout = '5s'; ALTER TABLE "t" ADD CONSTRAINT "t_a_b_key" UNIQUE USING INDEX "t_a_b_key"; RESET lock_timeout;`,
    );
    expect(state.indexes.get(indexKey("public", "t_a_b_key"))).toMatchObject({ constraint: "unique", origin: "20250101000002_m2" });
    const after = replay(`CREATE TABLE t (a int, b int, CONSTRAINT c UNIQUE (a, b));`, `ALTER TABLE t DROP CONSTRAINT c;`).state;
    expect(after.indexes.size).toBe(0);
  });

  it("names unnamed constraints and indexes the way PostgreSQL does", () => {
    const { state } = replay(`CREATE TABLE t (a int PRIMARY KEY, b int UNIQUE, c int, UNIQUE (b, c)); CREATE INDEX ON t (c);`);
    expect([...state.indexes.values()].map((i) => i.name).sort()).toEqual(["t_b_c_key", "t_b_key", "t_c_idx", "t_pkey"]);
  });

  it("follows renames of columns, tables, indexes and constraints, and schema moves", () => {
    const { state } = replay(
      `CREATE SCHEMA s; CREATE TABLE s.t (a int, b int); CREATE UNIQUE INDEX i ON s.t (a);`,
      `ALTER TABLE s.t RENAME COLUMN a TO a2; ALTER INDEX s.i RENAME TO i2; ALTER TABLE s.t RENAME TO u;`,
      `ALTER TABLE s.u ADD CONSTRAINT k UNIQUE (b); ALTER TABLE s.u RENAME CONSTRAINT k TO k2; ALTER TABLE s.u SET SCHEMA public;`,
    );
    expect(state.tables.get(tableKey("public", "u"))?.columns).toEqual(["a2", "b"]);
    expect(state.indexes.get(indexKey("public", "i2"))).toMatchObject({ table: "u", columns: [{ name: "a2", desc: false }] });
    expect(state.indexes.get(indexKey("public", "k2"))).toMatchObject({ constraint: "unique", table: "u" });
    expect(state.tables.has(tableKey("s", "t"))).toBe(false);
  });

  it("drops what DROP TABLE, DROP COLUMN, DROP INDEX and DROP SCHEMA remove", () => {
    const { state } = replay(
      `CREATE TABLE a (x int, y int); CREATE UNIQUE INDEX ax ON a (x); CREATE INDEX ay ON a (y);
       CREATE SCHEMA s; CREATE TABLE s.b (x int); CREATE TABLE c (x int);`,
      `ALTER TABLE a DROP COLUMN x; DROP INDEX CONCURRENTLY IF EXISTS ay; DROP SCHEMA s CASCADE; DROP TABLE c;`,
    );
    expect(state.indexes.size).toBe(0);
    expect([...state.tables.keys()]).toEqual([tableKey("public", "a")]);
  });

  it("keeps quoted identifiers exactly, and defaults unqualified names to public", () => {
    const { state } = replay(`CREATE TABLE "public"."Mixed Case" ("Col ""q""" int); CREATE UNIQUE INDEX "Ix" ON "Mixed Case" ("Col ""q""");`);
    expect(state.indexes.get(indexKey("public", "Ix"))?.columns?.[0]?.name).toBe('Col "q"');
  });

  it("warns, with file and line, about statements whose effect it cannot follow", () => {
    const { warnings } = replay(`CREATE TABLE t (a int);\nDO $$ BEGIN EXECUTE 'CREATE INDEX x ON t (a)'; END $$;\nALTER TABLE t ATTACH PARTITION p FOR VALUES IN (1);`);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ migration: "20250101000000_m0", line: 2 });
    expect(warnings[0]!.message).toMatch(/DO block/);
    expect(warnings[1]!.message).toMatch(/"p" is attached to "t", but the history does not create it/);
  });

  it("ignores statements that cannot change tables or indexes", () => {
    const { warnings } = replay(`CREATE TYPE "Role" AS ENUM ('A'); CREATE TABLE t (a int); INSERT INTO t VALUES (1); ALTER TABLE t ALTER COLUMN a SET NOT NULL; COMMENT ON TABLE t IS 'x';`);
    expect(warnings).toEqual([]);
  });

  it("reports an unparsable file with its folder, line and column", () => {
    expect(() => replay(`CREATE TABLE t (a int);`, `SELECT 1;\nCREATE TABL x (a int);`)).toThrowError(HistoryParseError);
    try {
      replay(`SELECT 1;\nCREATE TABL x (a int);`);
    } catch (error) {
      expect((error as HistoryParseError).message).toMatch(/^20250101000000_m0\/migration\.sql line 2, column 8: syntax error at or near "TABL"/);
    }
  });

  it("tracks partitioned tables", () => {
    const { state } = replay(`CREATE TABLE p (a int, d date) PARTITION BY RANGE (d);`);
    expect(state.tables.get(tableKey("public", "p"))?.partitioned).toBe(true);
  });
});

describe("temporary tables", () => {
  const backfill = `CREATE TEMP TABLE backfill ON COMMIT DROP AS SELECT id, lower(email) AS email FROM "User";
CREATE UNIQUE INDEX backfill_email ON backfill (email);
UPDATE "User" u SET email = b.email FROM backfill b WHERE b.id = u.id;`;
  const users = `CREATE TABLE "User" (id int PRIMARY KEY, email text);`;

  it("keeps a temporary table, its indexes and its DROP out of the permanent tables, and forgets it when the migration ends", () => {
    const { state, warnings } = replay(users, `BEGIN;\n${backfill}\nCOMMIT;`, `CREATE TEMP TABLE scratch (a int); CREATE INDEX ON scratch (a); DROP TABLE scratch;`);
    expect(warnings).toEqual([]);
    expect([...state.tables.keys()]).toEqual([tableKey("public", "User")]);
    expect([...state.indexes.keys()]).toEqual([indexKey("public", "User_pkey")]);
  });

  it("resolves an unqualified name to the temporary table that shadows a permanent one, until the migration ends", () => {
    const { state, warnings } = replay(
      users,
      `CREATE TEMPORARY TABLE "User" AS SELECT * FROM public."User"; CREATE UNIQUE INDEX "User_email_key" ON "User" (email); ALTER TABLE "User" ADD COLUMN seen bool; DROP TABLE "User";`,
      `CREATE INDEX "User_email_idx" ON "User" (email);`,
    );
    expect(warnings).toEqual([]);
    expect(state.tables.get(tableKey("public", "User"))?.columns).toEqual(["id", "email"]);
    expect([...state.indexes.keys()].sort()).toEqual([indexKey("public", "User_email_idx"), indexKey("public", "User_pkey")]);
  });

  it("follows SELECT … INTO TEMP and pg_temp-qualified names", () => {
    const { state, warnings } = replay(users, `SELECT id INTO TEMP ids FROM "User"; CREATE TABLE pg_temp.more (a int); CREATE UNIQUE INDEX ON pg_temp.more (a); CREATE UNIQUE INDEX ids_key ON ids (id); DROP INDEX ids_key; DROP TABLE more, ids;`);
    expect(warnings).toEqual([]);
    expect(state.indexes.size).toBe(1);
  });

  it("warns that an ON COMMIT DROP table used outside BEGIN … COMMIT is gone under an engine that sends statements one by one", () => {
    const { warnings } = replay(users, backfill);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ migration: "20250101000001_m1", line: 2 });
    expect(warnings[0]!.message).toMatch(/"backfill" \(line 1\) is ON COMMIT DROP outside BEGIN … COMMIT.*42P01/);
  });

  it("keeps a temporary table without DROP past its migration: one deploy runs every migration on one connection", () => {
    const { state, warnings } = replay(
      users,
      `CREATE TEMP TABLE "User" AS SELECT * FROM public."User";`,
      `CREATE UNIQUE INDEX CONCURRENTLY "User_email_key" ON "User" (email);`,
    );
    expect(warnings).toEqual([]);
    expect(state.indexes.get(indexKey("pg_temp", "User_email_key"))).toMatchObject({ table: "User" });
    expect(state.indexes.has(indexKey("public", "User_email_key"))).toBe(false);
  });

  it("forgets an ON COMMIT DROP table when its migration ends, even outside BEGIN … COMMIT", () => {
    const { state } = replay(users, `CREATE TEMP TABLE "User" ON COMMIT DROP AS SELECT * FROM public."User";`, `CREATE UNIQUE INDEX "User_email_key" ON "User" (email);`);
    expect(state.indexes.get(indexKey("public", "User_email_key"))).toMatchObject({ table: "User" });
  });

  it("drops ON COMMIT DROP tables at COMMIT: the name then means the permanent table again", () => {
    const { state, warnings } = replay(users, `BEGIN; CREATE TEMP TABLE "User" (id int) ON COMMIT DROP; COMMIT; CREATE UNIQUE INDEX "User_email_key" ON "User" (email);`);
    expect(warnings).toEqual([]);
    expect(state.indexes.get(indexKey("public", "User_email_key"))).toMatchObject({ table: "User" });
  });
});

describe("statements the history cannot be followed through", () => {
  it("are kept with their file and line, and a warning says their effect is not replayed", () => {
    const { state, warnings } = replay(`CREATE TABLE t (a int);`, `SELECT 1;\nDO $$ BEGIN EXECUTE 'ALTER TABLE t ADD COLUMN b int'; END $$;\nCREATE TABLE c AS SELECT 1 AS x;\nSELECT 2 AS y INTO d;\nCREATE MATERIALIZED VIEW v AS SELECT 1;`);
    expect(state.unfollowed).toEqual([
      { migration: "20250101000001_m1", line: 2, what: "a DO block" },
      { migration: "20250101000001_m1", line: 3, what: "CREATE TABLE … AS" },
      { migration: "20250101000001_m1", line: 4, what: "SELECT … INTO" },
      { migration: "20250101000001_m1", line: 5, what: "CREATE MATERIALIZED VIEW" },
    ]);
    expect(warnings.map((w) => w.line)).toEqual([2, 3, 4, 5]);
  });
});

describe("replayed index definitions", () => {
  it("keep method, operator class, sort, INCLUDE, partial and NULLS NOT DISTINCT", () => {
    const { state, warnings } = replay(`
      CREATE TABLE "posts" ("id" INT, "title" TEXT, "meta" JSONB, "score" INT, CONSTRAINT "posts_uq" UNIQUE NULLS NOT DISTINCT ("title") INCLUDE ("score"));
      CREATE INDEX "posts_meta_idx" ON "posts" USING GIN ("meta" jsonb_path_ops);
      CREATE INDEX "p_asc" ON "posts"("title" ASC, "score" DESC);
      CREATE INDEX "p_schema_ops" ON "posts"("title" pg_catalog.text_pattern_ops);
      CREATE INDEX "p_incl" ON "posts"("title") INCLUDE ("score") WHERE "score" > 0;
      CREATE INDEX "p_expr" ON "posts"(lower("title"));`);
    expect(warnings).toEqual([]);
    const index = (name: string) => state.indexes.get(indexKey("public", name))!;
    expect(index("posts_meta_idx")).toMatchObject({ method: "gin", columns: [{ name: "meta", desc: false, opclass: "jsonb_path_ops" }], include: [], partial: false });
    expect(index("p_asc")).toMatchObject({ method: "btree", columns: [{ name: "title", desc: false, ascWritten: true }, { name: "score", desc: true }] });
    expect(index("p_schema_ops").columns).toEqual([{ name: "title", desc: false, opclass: "text_pattern_ops" }]);
    expect(index("p_incl")).toMatchObject({ include: ["score"], partial: true, nullsNotDistinct: false });
    expect(index("p_expr").columns).toBeNull();
    expect(index("posts_uq")).toMatchObject({ constraint: "unique", method: "btree", include: ["score"], nullsNotDistinct: true });
  });
});

describe("one replay, two error policies", () => {
  const history = [
    { name: "20250101000000_a", sql: "CREATE TABLE t (a int);" },
    { name: "20250102000000_bad", sql: "CREATE INDEX ON;" },
    { name: "20250103000000_c", sql: "CREATE INDEX i ON t (a);" },
  ];

  it("walkHistory reports a file the parser rejects and goes on; replayHistory throws", () => {
    const rejected: string[] = [];
    const seen: string[] = [];
    const state = walkHistory(history, { parseError: (m) => rejected.push(m), statement: (ctx) => seen.push(`${ctx.migration}:${ctx.index}`) });
    expect(rejected).toEqual(["20250102000000_bad"]);
    expect(seen).toEqual(["20250101000000_a:0", "20250103000000_c:0"]);
    expect(state.indexes.has(indexKey("public", "i"))).toBe(true);
    expect(() => replayHistory(history)).toThrow(HistoryParseError);
  });
});
