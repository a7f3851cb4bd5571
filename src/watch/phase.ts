// The phases of an index build, as `pg_stat_progress_create_index.phase` names them (PostgreSQL
// 12 to 17), in words a person can act on, with the step number of the build they are part of
// and the counter that measures their progress; and whether a statement blocks writes, from the
// catalog's lock data. Pure.
import { CONCURRENT_BUILD, locksBlockWrites, PLAIN_BUILD, PLAIN_DROP, type LockTaken } from "../catalog/locks.js";
import { createIndexStep } from "../catalog/add-index/steps.js";
import { dropIndexStep } from "../catalog/drop-index/steps.js";
import { renameIndexStep } from "../catalog/change-index/steps.js";

/** Name of the phase this tool reports for a build that waits for its table lock, before PostgreSQL lists it. */
export const QUEUED_PHASE = "waiting for a lock on the table";

export type PhaseCounter = "blocks" | "tuples" | "lockers" | "none";

export interface PhaseInfo {
  /** PostgreSQL's own name of the phase, as in the view (or QUEUED_PHASE). */
  raw: string;
  /** What the build is doing, in words. */
  words: string;
  /** 1-based position among the phases of a concurrent build (0 before it starts); null when unknown. */
  step: number | null;
  /** Whether the build waits for other transactions in this phase. */
  waiting: boolean;
  /** The counter that measures this phase. */
  counter: PhaseCounter;
}

/** Steps of `CREATE INDEX CONCURRENTLY`; a plain `CREATE INDEX` runs steps 1 and 3 only. */
export const CONCURRENT_STEPS = 8;

interface PhaseRule {
  step: number;
  waiting: boolean;
  counter: PhaseCounter;
  words: string;
}

const PHASES: Record<string, PhaseRule> = {
  [QUEUED_PHASE]: { step: 0, waiting: true, counter: "none", words: "waiting for a lock on the table before it can start" },
  initializing: { step: 1, waiting: false, counter: "none", words: "starting" },
  "waiting for writers before build": {
    step: 2, waiting: true, counter: "lockers",
    words: "waiting for transactions that are writing to the table to finish before the first pass",
  },
  "building index": { step: 3, waiting: false, counter: "blocks", words: "first pass: building the index" },
  "waiting for writers before validation": {
    step: 4, waiting: true, counter: "lockers",
    words: "waiting for transactions that wrote during the first pass to finish",
  },
  "index validation: scanning index": { step: 5, waiting: false, counter: "blocks", words: "second pass: reading the new index" },
  "index validation: sorting tuples": { step: 6, waiting: false, counter: "none", words: "second pass: sorting the index entries" },
  "index validation: scanning table": { step: 7, waiting: false, counter: "blocks", words: "second pass: adding rows written during the first pass" },
  "waiting for old snapshots": {
    step: 8, waiting: true, counter: "lockers",
    words: "waiting for transactions older than the build to end (old snapshots)",
  },
  "waiting for readers before marking dead": { step: 9, waiting: true, counter: "lockers", words: "waiting for readers before retiring the old index" },
  "waiting for readers before dropping": { step: 10, waiting: true, counter: "lockers", words: "waiting for readers before dropping the old index" },
};

/** Sub-phases of `building index: …` that btree (and other access methods) report. */
const BUILD_SUBPHASES: Record<string, { words: string; counter: PhaseCounter }> = {
  "scanning table": { words: "first pass: reading the table", counter: "blocks" },
  // PostgreSQL sets tuples_total while sorting but counts tuples_done only once it loads them.
  "sorting live tuples": { words: "first pass: sorting the keys", counter: "none" },
  "sorting dead tuples": { words: "first pass: sorting the dead rows' keys", counter: "none" },
  "loading tuples in tree": { words: "first pass: writing the index", counter: "tuples" },
};

export function phaseInfo(raw: string): PhaseInfo {
  const known = PHASES[raw];
  if (known) return { raw, words: known.words, step: known.step, waiting: known.waiting, counter: known.counter };
  const prefix = "building index: ";
  if (raw.startsWith(prefix)) {
    const sub = raw.slice(prefix.length);
    const rule = BUILD_SUBPHASES[sub];
    return { raw, words: rule?.words ?? `first pass: ${sub}`, step: 3, waiting: false, counter: rule?.counter ?? "blocks" };
  }
  return { raw, words: raw, step: null, waiting: false, counter: "blocks" };
}

/**
 * The locks each statement watch shows takes, from the catalog's lock data: the steps' own
 * (concurrent build, DROP INDEX CONCURRENTLY, ALTER INDEX … RENAME) and Prisma's plain statements.
 */
const COMMAND_LOCKS: Readonly<Record<string, readonly LockTaken[]>> = {
  "CREATE INDEX": [PLAIN_BUILD],
  REINDEX: [PLAIN_BUILD],
  "DROP INDEX": PLAIN_DROP,
  "CREATE INDEX CONCURRENTLY": createIndexStep.locks,
  "REINDEX CONCURRENTLY": [CONCURRENT_BUILD],
  "DROP INDEX CONCURRENTLY": dropIndexStep.locks,
  "ALTER INDEX RENAME": renameIndexStep.locks,
};

/** Whether writes to the table wait for this statement (a command watch does not know: no). */
export function blocksWrites(command: string): boolean {
  return locksBlockWrites(COMMAND_LOCKS[command] ?? []);
}

/** "phase 3/8" for a concurrent build, "" when the position means nothing. */
export function stepLabel(command: string, info: PhaseInfo): string {
  if (info.step === null || info.step === 0 || info.step > CONCURRENT_STEPS) return "";
  if (command !== "CREATE INDEX CONCURRENTLY") return "";
  return `phase ${info.step}/${CONCURRENT_STEPS}`;
}
