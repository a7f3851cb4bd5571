import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../sql/parse.js";
import { blockingUniqueNotices, NEWEST_MIGRATIONS } from "./generator-notice.js";
import { replayHistory } from "../core/replay.js";
import { tableKey } from "../core/state.js";
import { prismaAddUniques, prismaInit } from "./rules/rule-test-kit.js";

beforeAll(loadParser);

const init = { name: "20250101000000_init", sql: prismaInit() };
const filler = (n: number) => ({ name: `2026020${n}000000_other`, sql: "SELECT 1;" });

describe("the generator's notice of a blocking unique build", () => {
  it("names the first blocking build of a new migration and the exact fix command, once per migration", () => {
    const notices = blockingUniqueNotices([init, { name: "20260301090000_add", sql: prismaAddUniques }], "prisma/migrations");
    expect(notices).toEqual([
      'prisma-concurrently: prisma/migrations/20260301090000_add/migration.sql line 16: CREATE UNIQUE INDEX "Ad_title_key" blocks every write to "Ad" for the whole build.\n' +
      "  If it is not deployed anywhere yet: npx prisma-concurrently fix 20260301090000_add",
    ]);
  });

  it("looks only at the newest migrations, and respects a disable comment", () => {
    const old = { name: "20250201000000_add", sql: `CREATE UNIQUE INDEX "Ad_title_key" ON "Ad"("title");` };
    expect(blockingUniqueNotices([init, old, filler(1), filler(2)], "m")).toHaveLength(1);
    expect(blockingUniqueNotices([init, old, filler(1), filler(2), filler(3)], "m")).toEqual([]);
    const silenced = { ...old, sql: `-- prisma-concurrently-disable-next-line blocking-unique-index\n${old.sql}` };
    expect(blockingUniqueNotices([init, silenced], "m")).toEqual([]);
  });

  it("says nothing of a unique index on a temporary table (a data backfill)", () => {
    const backfill = { name: "20260301090000_backfill", sql: `CREATE TEMP TABLE b AS SELECT id, title FROM "Ad";\nCREATE UNIQUE INDEX ON b (title);\nUPDATE "Ad" a SET title = b.title FROM b WHERE a.id = b.id;` };
    expect(blockingUniqueNotices([init, backfill], "prisma/migrations")).toEqual([]);
  });

  it("gives the same notices from the replay's state before the newest migrations, without replaying the history again", () => {
    const add = { name: "20260301090000_add", sql: prismaAddUniques };
    const createdInNewest = { name: "20260302000000_table", sql: `CREATE TABLE "T" ("a" INTEGER);\nCREATE UNIQUE INDEX "T_a_key" ON "T"("a");` };
    for (const history of [[init, add], [init, add, filler(1), filler(2)], [init, filler(1), add, createdInNewest], [init, add, filler(1), filler(2), filler(3)]]) {
      const replay = replayHistory(history, { snapshotBeforeLast: NEWEST_MIGRATIONS });
      expect(blockingUniqueNotices(history, "m", replay.stateBeforeLast)).toEqual(blockingUniqueNotices(history, "m"));
    }
    // The snapshot is the state before the newest migrations, and the notices leave it as it was.
    const history = [init, filler(1), add, createdInNewest];
    const replay = replayHistory(history, { snapshotBeforeLast: NEWEST_MIGRATIONS });
    expect(replay.stateBeforeLast!.tables.has(tableKey("public", "Ad"))).toBe(true);
    expect(replay.stateBeforeLast!.tables.has(tableKey("public", "T"))).toBe(false);
    blockingUniqueNotices(history, "m", replay.stateBeforeLast);
    expect(replay.stateBeforeLast!.tables.has(tableKey("public", "T"))).toBe(false);
    expect(replay.state.tables.has(tableKey("public", "T"))).toBe(true);
  });
});
