// Where the generator keeps its replay checkpoint (core/replay-cache.ts) between runs, and the
// replay it already did in this process (the manifest call's prefetch, then the generate call).
// The file lives in node_modules/.cache/prisma-concurrently/, one per migrations folder. It is
// only a shortcut: a file that is missing, unreadable, corrupt or written by other code is
// ignored (and replaced), and `PRISMA_CONCURRENTLY_CACHE=off` turns it off.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import { replayFromCheckpoint, type ReplayCheckpoint } from "../core/replay-cache.js";
import type { MigrationFile, ReplayResult } from "../core/replay.js";
import { VERSION } from "../version.js";

const FORMAT = "prisma-concurrently replay checkpoint 1";
const HASH_BYTES = 32;

/** The checkpoint file for `migrationsDir`, under the nearest node_modules from `root` up; null when there is none or the cache is off. */
export function replayCacheFile(root: string, migrationsDir: string, env: Record<string, string | undefined>): string | null {
  if (env.PRISMA_CONCURRENTLY_CACHE === "off") return null;
  for (let dir = root; ; dir = dirname(dir)) {
    const modules = join(dir, "node_modules");
    if (existsSync(modules) && statSync(modules).isDirectory()) {
      const id = createHash("sha256").update(migrationsDir).digest("hex").slice(0, 16);
      return join(modules, ".cache", "prisma-concurrently", `replay-${id}.bin`);
    }
    if (dirname(dir) === dir) return null;
  }
}

let codeKeyMemo: string | undefined;
/**
 * What the replayed state depends on besides the history: every source file of this package as
 * built (a new version, a rebuild of a checkout, a patched install), the SQL parser's version and
 * Node's serializer. Hashing ~140 small files costs a few milliseconds, in the manifest call.
 */
export function codeKey(): string {
  if (codeKeyMemo) return codeKeyMemo;
  const root = fileURLToPath(new URL("..", import.meta.url));
  const hash = createHash("sha256").update(`${VERSION}\0${parserVersion()}\0${process.versions.v8}\0`);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(js|ts|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) hash.update(`${relative(root, path)}\0`).update(readFileSync(path)).update("\0");
    }
  };
  walk(root);
  codeKeyMemo = hash.digest("hex");
  return codeKeyMemo;
}

function parserVersion(): string {
  try {
    return (createRequire(import.meta.url)("libpg-query/package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** The checkpoint in `file`, or null when it is missing or not one this code wrote whole. */
export function readCheckpoint(file: string): ReplayCheckpoint | null {
  try {
    const bytes = readFileSync(file);
    const payload = bytes.subarray(HASH_BYTES);
    if (bytes.length <= HASH_BYTES || !createHash("sha256").update(payload).digest().equals(bytes.subarray(0, HASH_BYTES))) return null;
    const data = deserialize(payload) as { format?: unknown; checkpoint?: ReplayCheckpoint };
    return data.format === FORMAT && data.checkpoint ? data.checkpoint : null;
  } catch {
    return null;
  }
}

/** Writes `checkpoint` whole or not at all (a concurrent reader sees the old file or the new one). */
export function writeCheckpoint(file: string, checkpoint: ReplayCheckpoint): void {
  try {
    const payload = serialize({ format: FORMAT, checkpoint });
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([createHash("sha256").update(payload).digest(), payload]));
    renameSync(temporary, file);
  } catch {
    // a read-only or full disk: the next run replays in full
  }
}

/** The manifest call's replay, left for the generate call of the same process. */
let prefetched: { history: readonly MigrationFile[]; newest: number; result: ReplayResult } | null = null;

const sameHistory = (a: readonly MigrationFile[], b: readonly MigrationFile[]) =>
  a.length === b.length && a.every((m, i) => m.name === b[i]!.name && m.sql === b[i]!.sql);

function replayThrough(history: readonly MigrationFile[], newest: number, file: string | null): ReplayResult {
  const { result, next } = replayFromCheckpoint(history, newest, file ? codeKey() : "", file ? readCheckpoint(file) : null);
  if (file && next) writeCheckpoint(file, next);
  return result;
}

/** Replays `history` ahead of time (see cachedReplay), keeping the checkpoint in `file` up to date. */
export function prefetchReplay(history: readonly MigrationFile[], newest: number, file: string | null): void {
  prefetched = null;
  prefetched = { history, newest, result: replayThrough(history, newest, file) };
}

/**
 * replayHistory(history, { snapshotBeforeLast: newest }): the prefetched replay when it was of
 * this very history (handed out once: the caller may change it), else resumed from the checkpoint
 * in `file` (null: no file).
 */
export function cachedReplay(history: readonly MigrationFile[], newest: number, file: string | null): ReplayResult {
  const ready = prefetched;
  prefetched = null;
  if (ready && ready.newest === newest && sameHistory(ready.history, history)) return ready.result;
  return replayThrough(history, newest, file);
}
