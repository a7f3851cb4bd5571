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
