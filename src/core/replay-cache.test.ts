import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../sql/parse.js";
import { replayHistory, type MigrationFile } from "./replay.js";
import { prefixKeys, replayFromCheckpoint, type ReplayCheckpoint } from "./replay-cache.js";
import { tableKey } from "./state.js";

beforeAll(loadParser);

const NEWEST = 3;
const CODE = "code-a";
const migration = (i: number, sql: string): MigrationFile => ({ name: `202501010000${String(i).padStart(2, "0")}_m${i}`, sql });

/** A history with a bit of everything the state holds: tables, indexes, a constraint, a temp table, a warning. */
function history(count: number): MigrationFile[] {
  const sqls = [
    `CREATE TABLE "a" ("id" INTEGER NOT NULL, "x" INTEGER, CONSTRAINT "a_pkey" PRIMARY KEY ("id"));`,
    `CREATE UNIQUE INDEX "a_x_key" ON "a"("x");`,
    `DO $$ BEGIN PERFORM 1; END $$;`,
    `CREATE TEMPORARY TABLE "scratch" ("id" INTEGER);`,
    `CREATE TABLE "b" ("id" INTEGER NOT NULL, "y" INTEGER);`,
    `ALTER TABLE "a" ADD CONSTRAINT "a_x_key" UNIQUE USING INDEX "a_x_key";`,
    `CREATE INDEX "b_y_idx" ON "b"("y");`,
  ];
  return Array.from({ length: count }, (_, i) => migration(i, sqls[i % sqls.length]!.replaceAll('"b"', `"b${Math.floor(i / sqls.length)}"`).replaceAll('"b_y_idx"', `"b${i}_y_idx"`)));
}

const full = (h: readonly MigrationFile[]) => replayHistory(h, { snapshotBeforeLast: NEWEST });
const checkpointOf = (h: readonly MigrationFile[], code = CODE) => replayFromCheckpoint(h, NEWEST, code, null).next!;

describe("replaying from a checkpoint", () => {
  it("gives the full replay's state, warnings and state before the newest migrations", () => {
    const stored = checkpointOf(history(10));
    for (const grown of [history(10), history(11), history(13), history(20)]) {
      const { result } = replayFromCheckpoint(grown, NEWEST, CODE, structuredClone(stored));
      expect(result).toEqual(full(grown));
    }
    expect(full(history(10)).warnings.length).toBeGreaterThan(0); // the DO block's warning comes from the checkpoint
  });

  it("resumes from the checkpoint when it holds the history's first migrations", () => {
    const h = history(12);
    const stored = checkpointOf(h);
    expect(stored.count).toBe(9);
    const marked: ReplayCheckpoint = structuredClone(stored);
    marked.state.tables.set(tableKey("public", "only_in_the_checkpoint"), { schema: "public", name: "only_in_the_checkpoint", columns: [], partitioned: false, origin: "x" });
    const { result } = replayFromCheckpoint([...h, migration(40, "SELECT 1;")], NEWEST, CODE, marked);
    expect(result.state.tables.has(tableKey("public", "only_in_the_checkpoint"))).toBe(true);
  });

  it("keeps no new checkpoint when the stored one is at the snapshot point already", () => {
    const h = history(10);
    expect(replayFromCheckpoint(h, NEWEST, CODE, checkpointOf(h)).next).toBeNull();
  });

  it("moves the checkpoint forward as the history grows", () => {
    const { next } = replayFromCheckpoint(history(15), NEWEST, CODE, checkpointOf(history(10)));
    expect(next).toEqual(checkpointOf(history(15)));
  });

  it("is not used when a migration it covers was changed, inserted or removed, or the code differs", () => {
    const h = history(12);
    const stored = checkpointOf(h);
    const changed = h.map((m, i) => (i === 0 ? { ...m, sql: m.sql.replace('"x" INTEGER', '"x" INTEGER, "z" INTEGER') } : m));
    const inserted = [h[0]!, migration(50, `CREATE TABLE "inserted" ("id" INTEGER);`), ...h.slice(1)];
    const removed = [h[0]!, ...h.slice(2)];
    const renamed = h.map((m, i) => (i === 4 ? { ...m, name: `${m.name}_renamed` } : m));
    for (const other of [changed, inserted, removed, renamed]) {
      expect(replayFromCheckpoint(other, NEWEST, CODE, structuredClone(stored)).result).toEqual(full(other));
    }
    expect(replayFromCheckpoint(changed, NEWEST, CODE, structuredClone(stored)).result.state.tables.get(tableKey("public", "a"))?.columns).toContain("z");
    // A checkpoint marked as above is ignored under other code.
    const marked: ReplayCheckpoint = structuredClone(stored);
    marked.state.tables.clear();
    expect(replayFromCheckpoint(h, NEWEST, "code-b", marked).result).toEqual(full(h));
  });

  it("is not used when it lies beyond the snapshot point of a shorter history", () => {
    const stored = checkpointOf(history(12));
    const shorter = history(10);
    expect(replayFromCheckpoint(shorter, NEWEST, CODE, stored).result).toEqual(full(shorter));
  });

  it("chains its keys over every migration", () => {
    const keys = prefixKeys(history(4), CODE);
    expect(new Set(keys).size).toBe(5);
    expect(prefixKeys(history(4), "code-b")[4]).not.toBe(keys[4]);
  });

  it("keeps no checkpoint for a history of the newest migrations only", () => {
    expect(replayFromCheckpoint(history(3), NEWEST, CODE, null).next).toBeNull();
  });
});
