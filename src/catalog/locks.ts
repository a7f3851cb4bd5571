// The locks a step takes, as data: headers, docs and doctor render them from here, so the prose
// can never say something else than what the SQL takes.

export type LockMode =
  | "ACCESS SHARE" | "ROW SHARE" | "ROW EXCLUSIVE" | "SHARE UPDATE EXCLUSIVE"
  | "SHARE" | "SHARE ROW EXCLUSIVE" | "EXCLUSIVE" | "ACCESS EXCLUSIVE";

/** One lock a step takes. */
export interface LockTaken {
  /** "referenced": the table a foreign key points at (its other table). */
  on: "table" | "index" | "referenced";
  mode: LockMode;
  /** "build": for the whole statement (a scan or build); "brief": a catalog change only. */
  held: "build" | "brief";
  /** CONCURRENTLY: first waits for every older transaction that touched the table. */
  waitsForOlderTransactions: boolean;
}

/** Modes that conflict with ROW EXCLUSIVE (what INSERT/UPDATE/DELETE take): PostgreSQL's lock table. */
const BLOCKS_WRITES: ReadonlySet<LockMode> = new Set(["SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"]);

export const blocksWrites = (mode: LockMode) => BLOCKS_WRITES.has(mode);
/** Only ACCESS EXCLUSIVE conflicts with ACCESS SHARE (what SELECT takes). */
export const blocksReads = (mode: LockMode) => mode === "ACCESS EXCLUSIVE";

export const CONCURRENT_BUILD: LockTaken = { on: "table", mode: "SHARE UPDATE EXCLUSIVE", held: "build", waitsForOlderTransactions: true };

/** Prisma's plain CREATE INDEX (and a plain REINDEX): SHARE on the table for the whole build. */
export const PLAIN_BUILD: LockTaken = { on: "table", mode: "SHARE", held: "build", waitsForOlderTransactions: false };

/** Prisma's plain DROP INDEX: ACCESS EXCLUSIVE on the table and the index (queued behind any open transaction). */
export const PLAIN_DROP: readonly LockTaken[] = [
  { on: "table", mode: "ACCESS EXCLUSIVE", held: "brief", waitsForOlderTransactions: false },
  { on: "index", mode: "ACCESS EXCLUSIVE", held: "brief", waitsForOlderTransactions: false },
];

/** Whether writes to the table wait while these locks are held (or queued: a queued lock blocks what comes after it). */
export const locksBlockWrites = (locks: readonly LockTaken[]) => locks.some((l) => blocksWrites(l.mode));
