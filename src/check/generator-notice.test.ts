import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../sql/parse.js";
import { blockingNotices, NEWEST_MIGRATIONS } from "./generator-notice.js";
import { replayHistory } from "../core/replay.js";
import { tableKey } from "../core/state.js";
import { prismaAddUniques, prismaInit } from "./rules/rule-test-kit.js";

beforeAll(loadParser);

const init = { name: "20250101000000_init", sql: prismaInit() };
const filler = (n: number) => ({ name: `2026020${n}000000_other`, sql: "SELECT 1;" });

describe("the generator's notice of a blocking index statement", () => {
  it("names the first blocking build of a new migration and the exact fix command, once per migration", () => {
    const notices = blockingNotices([init, { name: "20260301090000_add", sql: prismaAddUniques }], "prisma/migrations");
    expect(notices).toEqual([
      'prisma-concurrently: prisma/migrations/20260301090000_add/migration.sql line 16: CREATE UNIQUE INDEX "Ad_title_key" blocks every write to "Ad" for the whole build.\n' +
      "  If it is not deployed anywhere yet: npx prisma-concurrently fix 20260301090000_add",
    ]);
  });

  it("looks only at the newest migrations, and respects a disable comment", () => {
    const old = { name: "20250201000000_add", sql: `CREATE UNIQUE INDEX "Ad_title_key" ON "Ad"("title");` };
    expect(blockingNotices([init, old, filler(1), filler(2)], "m")).toHaveLength(1);
    expect(blockingNotices([init, old, filler(1), filler(2), filler(3)], "m")).toEqual([]);
    const silenced = { ...old, sql: `-- prisma-concurrently-disable-next-line blocking-unique-index\n${old.sql}` };
    expect(blockingNotices([init, silenced], "m")).toEqual([]);
  });

  it("names Prisma's DROP INDEX of an attached unique (the 2BP01 trap) and a plain DROP INDEX", () => {
    const attached = { name: "20260201000000_attach", sql: `CREATE UNIQUE INDEX CONCURRENTLY "x" ON "Ad"("title");\nALTER TABLE "Ad" ADD CONSTRAINT "x" UNIQUE USING INDEX "x";` };
    const [trap] = blockingNotices([init, attached, { name: "20260301090000_drop", sql: `-- DropIndex\nDROP INDEX "x";\n` }], "m");
    expect(trap).toBe('prisma-concurrently: m/20260301090000_drop/migration.sql line 2: DROP INDEX "x" fails with 2BP01 ("cannot drop index … because constraint … requires it"): ' +
      'the index backs the UNIQUE constraint "x" of "Ad".\n  If it is not deployed anywhere yet: npx prisma-concurrently fix 20260301090000_drop');
    const plain = blockingNotices([init, { name: "20260201000000_add", sql: prismaAddUniques }, { name: "20260301090000_drop", sql: `DROP INDEX "Click_clicked_at_idx";` }], "m").at(-1);
    expect(plain).toMatch(/line 1: DROP INDEX "Click_clicked_at_idx" takes an ACCESS EXCLUSIVE lock on "Click".*\n  If it is not deployed anywhere yet: npx prisma-concurrently fix 20260301090000_drop$/s);
  });

  it("says nothing of a unique index on a temporary table (a data backfill)", () => {
    const backfill = { name: "20260301090000_backfill", sql: `CREATE TEMP TABLE b AS SELECT id, title FROM "Ad";\nCREATE UNIQUE INDEX ON b (title);\nUPDATE "Ad" a SET title = b.title FROM b WHERE a.id = b.id;` };
    expect(blockingNotices([init, backfill], "prisma/migrations")).toEqual([]);
  });

  it("gives the same notices from the replay's state before the newest migrations, without replaying the history again", () => {
    const add = { name: "20260301090000_add", sql: prismaAddUniques };
    const createdInNewest = { name: "20260302000000_table", sql: `CREATE TABLE "T" ("a" INTEGER);\nCREATE UNIQUE INDEX "T_a_key" ON "T"("a");` };
    for (const history of [[init, add], [init, add, filler(1), filler(2)], [init, filler(1), add, createdInNewest], [init, add, filler(1), filler(2), filler(3)]]) {
      const replay = replayHistory(history, { snapshotBeforeLast: NEWEST_MIGRATIONS });
      expect(blockingNotices(history, "m", replay.stateBeforeLast)).toEqual(blockingNotices(history, "m"));
    }
    // The snapshot is the state before the newest migrations, and the notices leave it as it was.
    const history = [init, filler(1), add, createdInNewest];
    const replay = replayHistory(history, { snapshotBeforeLast: NEWEST_MIGRATIONS });
    expect(replay.stateBeforeLast!.tables.has(tableKey("public", "Ad"))).toBe(true);
    expect(replay.stateBeforeLast!.tables.has(tableKey("public", "T"))).toBe(false);
    blockingNotices(history, "m", replay.stateBeforeLast);
    expect(replay.stateBeforeLast!.tables.has(tableKey("public", "T"))).toBe(false);
    expect(replay.state.tables.has(tableKey("public", "T"))).toBe(true);
  });
});
