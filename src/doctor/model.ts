// The terms of `doctor`: what it reads (rows of `_prisma_migrations`, this tool's migration
// folders, facts from the catalog) and what it concludes (one report per migration of this tool,
// findings with their next commands, and the few repairs `--fix` may make). Data only.
import type { DiagnosedAs } from "../catalog/read-back.js";

/** One row of `_prisma_migrations`; a migration has several when it failed and ran again. */
export interface MigrationRow {
  name: string;
  startedAt: Date;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
  logs: string | null;
}

/** How doctor diagnoses a folder of this tool: declared by its step's spec (catalog/read-back.ts), found from its name. */
export type StepKind = DiagnosedAs;
/** The foreign key's folders (catalog/read-back.ts). */
export type ForeignKeyStepKind = Extract<DiagnosedAs, "precheck-fk" | "add-fk" | "validate-fk">;

/** The unique a folder is about: its table, its index (= constraint) name and key columns. */
export interface UniqueTarget {
  schema: string;
  table: string;
  index: string;
  /** Key columns; null when no folder of the unique names them (a drop step). */
  columns: string[] | null;
  /** Outside the connection's default schema: messages write `"schema.table"`. */
  qualified: boolean;
  /** A rename folder: `index` is the temporary name, this the name it takes. */
  renamedTo?: string;
  /** A foreign key's folder: the referenced table and columns (`columns` are the key's). */
  references?: { schema: string; table: string; columns: string[] };
  /** An attach-partition folder: `index` is the partition's index, this the parent's index it is attached to. */
  attachTo?: string;
  /** An attach (or swap) of another index as the constraint `index`: that index's (temporary) name, which it loses. */
  usingIndex?: string;
}

/** A migration folder written by this tool, read from its name and its migration.sql. */
export interface ToolFolder {
  name: string;
  kind: StepKind;
  /** The part of the name after the step word; the folders of one unique share it. */
  slug: string;
  /** null when migration.sql does not hold the statement its step writes (edited, unreadable). */
  target: UniqueTarget | null;
  /** Why target is null, for the message. */
  unreadable: string | null;
}

export interface CatalogIndex {
  schema: string;
  name: string;
  table: string;
  valid: boolean;
  /** pg_index.indisready: writes maintain it, and a unique one refuses duplicate keys, even while INVALID. */
  ready: boolean;
  unique: boolean;
  columns: string[];
  /** The constraint that owns the index (UNIQUE / PRIMARY KEY USING it), if any. */
  constraint: string | null;
  /** Another backend holds a lock on the index or reports building it: a build (or drop) is running. */
  busyPid: number | null;
  /** pg_stat_progress_create_index phase, when visible. */
  phase: string | null;
  /** The partitioned index it is attached to (pg_inherits), if any. */
  parentIndex?: string | null;
  /** An index on a partitioned table: its table's partitions that have no index attached to it yet; else null. */
  unattached?: string[] | null;
}

/** A session other than ours holding a granted lock on one of the tables of this tool's migrations. */
export interface LockHolder {
  pid: number;
  schema: string;
  table: string;
  mode: string;
  state: string | null;
  user: string | null;
  application: string | null;
  /** How long its transaction has been open, in seconds (null when not visible). */
  transactionSeconds: number | null;
}

export interface CatalogFacts {
  /** The schema unqualified names resolve to (the URL's `schema` parameter; `public` by default). */
  defaultSchema: string;
  currentUser: string;
  /** `SHOW statement_timeout` on this connection (role, database and URL settings applied). */
  statementTimeout: string;
  /** Backend holding Prisma Migrate's advisory lock: a `migrate deploy` (or dev/resolve) is running. */
  deployPid: number | null;
  /** INVALID indexes, and every index named by a folder of this tool. */
  indexes: CatalogIndex[];
  lockHolders: LockHolder[];
}

/** The keys a migration failed on as duplicates, counted again now. */
export interface DuplicatesNow {
  schema: string;
  table: string;
  columns: string[];
  /** Groups of rows sharing the key now; null when it could not be counted (then `error` says why). */
  groups: number | null;
  error: string | null;
}

export interface DoctorInput {
  /** Names of every migration folder (this tool's and others), in order. */
  localFolders: string[];
  /** This tool's folders, in order. */
  toolFolders: ToolFolder[];
  /** Rows of `_prisma_migrations`; empty when the table does not exist yet. */
  rows: MigrationRow[];
  catalog: CatalogFacts;
  /** Re-counts for the migrations that failed on duplicate keys (absent: not counted). */
  duplicatesNow?: DuplicatesNow[];
}

export type Cause =
  /** `arrived`: a row with the key was written while the build ran (its last pass refused it). */
  | { kind: "duplicates"; by: "precheck" | "build"; detail: string | null; arrived?: boolean }
  /** Rows whose foreign key has no referenced row: the orphan pre-check's report, or VALIDATE's 23503 DETAIL. */
  | { kind: "orphans"; by: "precheck" | "validate"; detail: string | null }
  /** NULLs where a column is made NOT NULL: found by the NULL pre-check (23502), or by VALIDATE of its check (23514). */
  | { kind: "null-rows"; by: "precheck" | "validate"; detail: string | null }
  /** 42P07: the object the step creates was there before it ran (left by an earlier attempt, or made by hand). */
  | { kind: "already-exists"; relation: string | null }
  /** `retried`: the retrying lock step gave up (its own 55P03 error), with what it reported. */
  | { kind: "lock-timeout"; retried?: LockStepGaveUp }
  | { kind: "cancelled" }
  | { kind: "statement-timeout" }
  /**
   * The migration did not finish and nothing refused it: no error recorded (the deploy process
   * died or lost its connection), or the server ended the session (`code`: 57P01 terminated, a
   * shutdown or restart). Running it again is the remedy.
   */
  | { kind: "interrupted"; code?: string }
  | { kind: "other"; code: string | null; message: string };

/** What the retrying lock step (catalog/sql-shapes.ts) reported when its lockRetryBudget ran out. */
export interface LockStepGaveUp {
  attempts: number;
  /** lock_timeout of each attempt, as written (lockAttemptTimeout). */
  attemptTimeout: string;
  seconds: number;
  /** The sessions that held a lock on the table then, one line each (pid, lock, transaction age, state, query). */
  holders: string[];
}

export type Status = "applied" | "pending" | "failed" | "running";

export interface MigrationReport {
  name: string;
  kind: StepKind;
  status: Status;
  target: UniqueTarget | null;
  /** Attempts that failed and were marked rolled back since (each ran again or will). */
  rolledBackAttempts: number;
  /** Why the current failure (status failed) or, for a pending migration, the last rolled-back attempt failed. */
  cause: Cause | null;
}

export type FixAction =
  | { kind: "drop-index"; schema: string; index: string; table: string }
  | { kind: "resolve-rolled-back"; migration: string };

export type FindingCode =
  /** A migration of this tool failed: Prisma refuses to deploy until it is resolved. */
  | "failed"
  /** A migration of this tool is running in a deploy right now. */
  | "running"
  /** Rolled back after a failure and pending: the cause may still be there. */
  | "retry-pending"
  /** A pending build whose index already exists (INVALID leftover, or built by hand). */
  | "index-exists"
  /** A build recorded as applied whose index is INVALID: the key is not enforced. */
  | "applied-invalid"
  /** A partitioned table's index whose partitions are not all attached yet: INVALID, the key not enforced everywhere. */
  | "partitioned-incomplete"
  /** An INVALID index that no migration of this tool creates. */
  | "invalid-index"
  /** A failed migration of this tool whose folder is not in the migrations folder. */
  | "missing-folder"
  /** A failed migration this tool did not write. */
  | "other-failed"
  /** A temporary folder an interrupted earlier release left inside the migrations folder. */
  | "interrupted-write";

export interface Finding {
  code: FindingCode;
  migration: string | null;
  /** Needs someone to act: the exit code is non-zero while one is left. */
  attention: boolean;
  title: string;
  details: string[];
  next: string[];
  /** What `doctor --fix` does for it, in order. */
  fix: FixAction[];
}

export interface Diagnosis {
  migrations: MigrationReport[];
  findings: Finding[];
  deployPid: number | null;
  attention: boolean;
}
