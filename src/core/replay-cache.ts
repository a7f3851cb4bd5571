// The generator replays the whole history on every `prisma generate`, though nearly always only
// its newest migrations are new. A checkpoint keeps the replayed state before the newest ones
// (where the generator's notices start anyway): the next run that finds the same migrations up
// to that point, byte for byte and under the same code, replays only what follows. Pure: the
// caller reads and writes the checkpoint (io/replay-cache-file.ts).
import { createHash } from "node:crypto";
import { emptyState, type AppliedState } from "./state.js";
import { replayHistory, type MigrationFile, type ReplayResult, type ReplayWarning } from "./replay.js";

export interface ReplayCheckpoint {
  /** prefixKeys(…)[count] of the history it was taken from. */
  key: string;
  /** How many migrations, from the first, the state holds. */
  count: number;
  state: AppliedState;
  /** The warnings of those migrations, in order. */
  warnings: ReplayWarning[];
}

/**
 * One key per prefix of the history (index i: the first i migrations): a hash chained over every
 * folder name and byte of its migration.sql, started from `codeKey` (this tool's code and the
 * replay options). Any change, insertion or removal of a migration changes every later key.
 */
export function prefixKeys(history: readonly MigrationFile[], codeKey: string): string[] {
  const keys = [createHash("sha256").update(`prisma-concurrently replay\0${codeKey}`).digest("hex")];
  for (const m of history) keys.push(createHash("sha256").update(keys.at(-1)!).update("\0").update(m.name).update("\0").update(m.sql).digest("hex"));
  return keys;
}

export interface CheckpointedReplay {
  result: ReplayResult;
  /** The checkpoint to keep for the next run, or null when `stored` is still the right one. */
  next: ReplayCheckpoint | null;
}

/**
 * replayHistory(history, { snapshotBeforeLast: newest }), resumed from `stored` when it holds
 * exactly the first `stored.count` migrations of this history (by key) and ends at or before the
 * snapshot point; else replayed from the start. The result equals a full replay's. No copies (the
 * state is large): `stored.state` becomes the result's state, and `next.state` is the result's
 * `stateBeforeLast` — write it before the caller may change it.
 */
export function replayFromCheckpoint(history: readonly MigrationFile[], newest: number, codeKey: string, stored: ReplayCheckpoint | null): CheckpointedReplay {
  const keys = prefixKeys(history, `${codeKey}\0snapshotBeforeLast=${newest}`);
  const snapshotAt = Math.max(0, history.length - newest);
  const resume = stored !== null && stored.count <= snapshotAt && keys[stored.count] === stored.key ? stored : null;
  const from = resume?.count ?? 0;
  const rest = replayHistory(history.slice(from), { snapshotBeforeLast: newest, start: resume?.state ?? emptyState() });
  const before = new Set(history.slice(from, snapshotAt).map((m) => m.name));
  const result: ReplayResult = { ...rest, warnings: [...(resume?.warnings ?? []), ...rest.warnings] };
  if (snapshotAt === 0 || (resume && from === snapshotAt)) return { result, next: null };
  return {
    result,
    next: {
      key: keys[snapshotAt]!,
      count: snapshotAt,
      state: rest.stateBeforeLast!,
      warnings: [...(resume?.warnings ?? []), ...rest.warnings.filter((w) => before.has(w.migration))],
    },
  };
}
