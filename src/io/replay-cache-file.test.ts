import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../sql/parse.js";
import { replayHistory, type MigrationFile } from "../core/replay.js";
import { replayFromCheckpoint } from "../core/replay-cache.js";
import { cachedReplay, codeKey, prefetchReplay, readCheckpoint, replayCacheFile, writeCheckpoint } from "./replay-cache-file.js";

beforeAll(loadParser);

let root = "";
afterEach(() => rmSync(root, { recursive: true, force: true }));

const history = (count: number, first = `CREATE TABLE "t0" ("id" INTEGER NOT NULL, "a" INTEGER);`): MigrationFile[] =>
  Array.from({ length: count }, (_, i) => ({
    name: `202501010000${String(i).padStart(2, "0")}_m${i}`,
    sql: i === 0 ? first : `CREATE TABLE "t${i}" ("id" INTEGER NOT NULL); CREATE UNIQUE INDEX "t${i}_id_key" ON "t${i}"("id");`,
  }));
const full = (h: readonly MigrationFile[]) => replayHistory(h, { snapshotBeforeLast: 3 });

function project() {
  root = mkdtempSync(join(tmpdir(), "pgc-replay-cache-"));
  mkdirSync(join(root, "node_modules"));
  return replayCacheFile(join(root, "app"), join(root, "app", "prisma", "migrations"), {})!;
}

describe("the replay checkpoint file", () => {
  it("lives in the nearest node_modules/.cache, one per migrations folder, and is off with PRISMA_CONCURRENTLY_CACHE=off", () => {
    const file = project();
    expect(file.startsWith(join(root, "node_modules", ".cache", "prisma-concurrently", "replay-"))).toBe(true);
    expect(replayCacheFile(join(root, "app"), join(root, "other", "migrations"), {})).not.toBe(file);
    expect(replayCacheFile(join(root, "app"), join(root, "app", "prisma", "migrations"), { PRISMA_CONCURRENTLY_CACHE: "off" })).toBeNull();
  });

  it("reads back what was written", () => {
    const file = project();
    const checkpoint = replayFromCheckpoint(history(8), 3, codeKey(), null).next!;
    writeCheckpoint(file, checkpoint);
    expect(readCheckpoint(file)).toEqual(checkpoint);
  });

  it("is ignored when corrupt, truncated or not a checkpoint, and the replay is then a full one", () => {
    const file = project();
    writeCheckpoint(file, replayFromCheckpoint(history(8), 3, codeKey(), null).next!);
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 5) ^ 0xff, flipped.length - 5);
    for (const bad of [flipped, good.subarray(0, good.length - 10), Buffer.from("not a checkpoint"), Buffer.alloc(0)]) {
      writeFileSync(file, bad);
      expect(readCheckpoint(file)).toBeNull();
    }
    const h = history(9, `CREATE TABLE "t0" ("id" INTEGER NOT NULL, "b" INTEGER);`);
    expect(cachedReplay(h, 3, file)).toEqual(full(h));
    expect(readCheckpoint(file)?.count).toBe(6); // replaced by a good one
  });

  it("gives the full replay's result on a hit, and a fresh one after any migration changed", () => {
    const file = project();
    const h = history(10);
    expect(cachedReplay(h, 3, file)).toEqual(full(h));
    expect(readCheckpoint(file)?.count).toBe(7);
    const grown = history(11);
    expect(cachedReplay(grown, 3, file)).toEqual(full(grown));
    const edited = history(11, `CREATE TABLE "t0" ("id" INTEGER NOT NULL, "edited" INTEGER);`);
    const result = cachedReplay(edited, 3, file);
    expect(result).toEqual(full(edited));
    expect([...result.state.tables.values()].find((t) => t.name === "t0")?.columns).toContain("edited");
  });

  it("hands the prefetched replay to the generate call of the same history once, then resumes from the file", () => {
    const file = project();
    const h = history(6);
    prefetchReplay(h, 3, file);
    const first = cachedReplay(history(6), 3, file);
    expect(first).toEqual(full(h));
    first.state.tables.clear(); // the generate call owns what it was given
    expect(cachedReplay(h, 3, file)).toEqual(full(h));
  });

  it("does not hand out a prefetched replay of another history", () => {
    const file = project();
    prefetchReplay(history(6), 3, file);
    const other = history(6, `CREATE TABLE "t0" ("id" INTEGER NOT NULL, "changed" INTEGER);`);
    expect(cachedReplay(other, 3, file)).toEqual(full(other));
  });
});
