// One poll of the server: the index builds in pg_stat_progress_create_index, the CREATE INDEX
// statements still queued for their table lock (not in that view yet), and for each of them the
// sessions it waits for (pg_blocking_pids(), current_locker_pid) and, while it waits for old
// snapshots, the older transactions of its database. Catalog names (pg_class) only resolve in the
// database this connection is on; elsewhere the names come from the query text.
import type pg from "pg";
import { QUEUED_PHASE } from "./phase.js";
import { indexBuiltOn, indexChangesIn, indexStatementsIn } from "./statement.js";
import type { BuildRow, PartitionJob, Session } from "./model.js";
import type { BuildOutcome } from "../messages/watch.js";

const CURRENT_DB = "(SELECT oid FROM pg_database WHERE datname = current_database())";
const MS_SINCE = (column: string) => `(extract(epoch FROM clock_timestamp() - ${column}) * 1000)::float8`;

/**
 * A partition's build of partitioned-index (catalog/partitioned-index: its index name ends in
 * `_pcp_` + 8 hex): the leaves of the partition tree's root, those that already have a valid index
 * of this change's kind, and the size of those still to build. Null for any other build.
 */
const PARTITION_JOB_SQL = `CASE WHEN ic.relname ~ '_pcp_[0-9a-f]{8}$' AND c.relispartition THEN (
         SELECT json_build_object(
                  'root', pg_partition_root(c.oid)::regclass::text,
                  'total', count(*),
                  'done', count(*) FILTER (WHERE built),
                  'remainingBytes', coalesce(sum(pg_relation_size(t.relid)) FILTER (WHERE NOT built AND t.relid <> c.oid), 0),
                  'currentBytes', pg_relation_size(c.oid))
           FROM pg_partition_tree(pg_partition_root(c.oid)) t
           CROSS JOIN LATERAL (SELECT t.relid <> c.oid AND EXISTS (
                  SELECT FROM pg_index xi JOIN pg_class ci ON ci.oid = xi.indexrelid
                   WHERE xi.indrelid = t.relid AND xi.indisvalid AND ci.relname ~ '_pcp_[0-9a-f]{8}$' AND ci.relam = ic.relam
                     AND xi.indisunique = bx.indisunique AND xi.indkey::text = bx.indkey::text) AS built) b
          WHERE t.isleaf)
       END`;

const PROGRESS_SQL = `
SELECT p.pid, p.datname, p.datid, p.command, p.phase,
       n.nspname AS schema, c.relname AS "table", ic.relname AS "index", p.relid::int8 AS relid,
       a.query, a.query_start::text AS statement_start, ${MS_SINCE("a.query_start")} AS elapsed_ms,
       a.wait_event_type, a.wait_event,
       p.blocks_done, p.blocks_total, p.tuples_done, p.tuples_total,
       p.lockers_done, p.lockers_total, p.current_locker_pid,
       pg_blocking_pids(p.pid) AS blocking,
       ${PARTITION_JOB_SQL} AS partition_job
  FROM pg_stat_progress_create_index p
  JOIN pg_stat_activity a ON a.pid = p.pid
  LEFT JOIN pg_class c ON c.oid = p.relid AND p.datid = ${CURRENT_DB}
  LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_class ic ON ic.oid = p.index_relid AND p.datid = ${CURRENT_DB}
  LEFT JOIN pg_index bx ON bx.indexrelid = p.index_relid AND p.datid = ${CURRENT_DB}
 WHERE ($1::text IS NULL OR p.datname = $1)
 ORDER BY a.query_start, p.pid`;

/** Sessions waiting for a table (or index) lock, outside the progress view: candidates for a queued CREATE INDEX, DROP INDEX or ALTER INDEX … RENAME. */
const QUEUED_SQL = `
SELECT a.pid, a.datname, a.query, a.query_start::text AS statement_start, ${MS_SINCE("a.query_start")} AS elapsed_ms,
       a.wait_event_type, a.wait_event, n.nspname AS schema, c.relname AS "table",
       pg_blocking_pids(a.pid) AS blocking
  FROM pg_stat_activity a
  JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted AND l.locktype = 'relation'
  LEFT JOIN pg_class r ON r.oid = l.relation AND l.database = ${CURRENT_DB}
  LEFT JOIN pg_index ix ON ix.indexrelid = r.oid -- a lock on an index (ALTER INDEX, DROP INDEX): name its table
  LEFT JOIN pg_class c ON c.oid = COALESCE(ix.indrelid, r.oid)
  LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE a.wait_event_type = 'Lock' AND a.pid <> pg_backend_pid()
   AND a.pid NOT IN (SELECT pid FROM pg_stat_progress_create_index)
   AND ($1::text IS NULL OR a.datname = $1)
 ORDER BY a.query_start, a.pid`;

const SESSIONS_SQL = `
SELECT pid, ${MS_SINCE("xact_start")} AS xact_age_ms, state, query, application_name
  FROM pg_stat_activity WHERE pid = ANY($1::int[])`;

/**
 * In "waiting for old snapshots" the build waits, one after another, for the lockers_total
 * transactions of its database whose snapshot is older than the one it validated with
 * (WaitForOlderSnapshots()). That snapshot is not visible from outside, but the transactions it
 * still waits for are the ones with the oldest snapshots: the (lockers_total - lockers_done)
 * client sessions with the oldest backend_xmin.
 */
const OLDER_SNAPSHOTS_SQL = `
SELECT pid FROM pg_stat_activity
 WHERE datid = $1 AND pid <> $2 AND pid <> pg_backend_pid() AND backend_type = 'client backend'
   AND backend_xmin IS NOT NULL
 ORDER BY age(backend_xmin) DESC, xact_start
 LIMIT $3`;

/**
 * The session holding Prisma Migrate's advisory lock, pg_advisory_lock(72707369), for the whole of
 * a `migrate deploy` (or dev, resolve). A bigint key shows in pg_locks split in two: classid = its
 * high 32 bits (0), objid = its low 32 bits, objsubid = 1 (a one-key lock).
 */
export const PRISMA_MIGRATE_LOCK = 72707369;
const DEPLOY_SQL = `
SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
 WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = ${PRISMA_MIGRATE_LOCK} AND l.objsubid = 1
   AND l.pid <> pg_backend_pid() AND ($1::text IS NULL OR d.datname = $1)
 ORDER BY l.pid LIMIT 1`;

/** The backend of a running `prisma migrate deploy` on `database` (any, when null), or null. */
export async function deployRunning(client: pg.Client, database: string | null): Promise<number | null> {
  return (await client.query<{ pid: number }>(DEPLOY_SQL, [database])).rows[0]?.pid ?? null;
}

/** Is the session still running the statement it started at statement_start (the build's end not committed yet)? */
const STILL_RUNNING_SQL = `
SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query_start::text = $2`;

export interface Row {
  [column: string]: unknown;
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
const count = (done: unknown, total: unknown) => ({ done: num(done), total: num(total) });
const waitEvent = (r: Row) => (r.wait_event_type ? `${String(r.wait_event_type)}: ${String(r.wait_event)}` : null);

function sessionOf(r: Row): Session {
  return {
    pid: num(r.pid),
    xactAgeMs: r.xact_age_ms === null ? null : num(r.xact_age_ms),
    state: text(r.state),
    query: text(r.query),
    applicationName: text(r.application_name) || null,
  };
}

async function sessions(client: pg.Client, pids: number[]): Promise<Map<number, Session>> {
  if (pids.length === 0) return new Map();
  const { rows } = await client.query<Row>(SESSIONS_SQL, [pids]);
  return new Map(rows.map((r) => [num(r.pid), sessionOf(r)]));
}

interface Found extends Omit<BuildRow, "blockers" | "olderSnapshots"> {
  blockerPids: number[];
  olderPids: number[];
}

function progressRow(r: Row): Found {
  const statement = r.table ? null : indexBuiltOn(text(r.query), null, null);
  const schema = text(r.schema) ?? statement?.schema ?? "?";
  const table = text(r.table) ?? statement?.table ?? `relation ${String(r.relid)}`;
  const index = text(r.index) ?? indexBuiltOn(text(r.query), schema, table)?.index ?? null;
  const locker = num(r.current_locker_pid);
  return {
    pid: num(r.pid),
    database: String(r.datname),
    command: String(r.command),
    phase: String(r.phase),
    schema,
    table,
    index,
    elapsedMs: num(r.elapsed_ms),
    statementStart: String(r.statement_start),
    blocks: count(r.blocks_done, r.blocks_total),
    tuples: count(r.tuples_done, r.tuples_total),
    lockers: count(r.lockers_done, r.lockers_total),
    currentLockerPid: locker || null,
    waitEvent: waitEvent(r),
    blockerPids: [...new Set([...(r.blocking as number[]), ...(locker ? [locker] : [])])],
    olderPids: [],
    partitions: partitionJob(r.partition_job),
  };
}

function partitionJob(v: unknown): PartitionJob | null {
  if (!v || typeof v !== "object") return null;
  const j = v as Record<string, unknown>;
  return { root: String(j.root), done: num(j.done), total: num(j.total), remainingBytes: num(j.remainingBytes), currentBytes: num(j.currentBytes) };
}

/** A statement of QUEUED_SQL's row `r` still waiting for its lock: no progress yet. */
function queued(r: Row, what: Pick<Found, "command" | "schema" | "table" | "index">): Found {
  return {
    pid: num(r.pid),
    database: String(r.datname),
    ...what,
    phase: QUEUED_PHASE,
    elapsedMs: num(r.elapsed_ms),
    statementStart: String(r.statement_start),
    blocks: count(0, 0),
    tuples: count(0, 0),
    lockers: count(0, 0),
    currentLockerPid: null,
    waitEvent: waitEvent(r),
    blockerPids: r.blocking as number[],
    olderPids: [],
  };
}

export function queuedRow(r: Row): Found | null {
  const query = text(r.query);
  if (!query) return null;
  const table = text(r.table);
  const onTable = indexStatementsIn(query).filter((s) => table === null || (s.table === table && (s.schema === null || s.schema === r.schema)));
  if (onTable.length === 0) return queuedChangeRow(r, query);
  if (table === null && onTable.length > 1) return null; // no table to name
  // Named (and keyed) by the rule progressRow follows once the build runs: the one statement on the table.
  const statement = indexBuiltOn(query, text(r.schema), table);
  return queued(r, {
    // Several statements in one query are one transaction, where CONCURRENTLY cannot run.
    command: statement?.concurrent ? "CREATE INDEX CONCURRENTLY" : "CREATE INDEX",
    schema: text(r.schema) ?? statement?.schema ?? "?",
    table: table ?? statement!.table,
    index: statement?.index ?? null,
  });
}

/**
 * A DROP INDEX [CONCURRENTLY] or ALTER INDEX … RENAME (the catalog's drop, retire and rename steps)
 * waiting for its lock: the one such statement of the query, on the table QUEUED_SQL names.
 */
function queuedChangeRow(r: Row, query: string): Found | null {
  const changes = indexChangesIn(query);
  if (changes.length !== 1) return null;
  const change = changes[0]!;
  return queued(r, {
    command: change.command,
    schema: text(r.schema) ?? change.schema ?? "?",
    table: text(r.table) ?? "?",
    index: change.index, // a rename's temporary name: the title says which index it becomes
  });
}

/**
 * Every index build in progress or queued (on `database`, or on all databases when null).
 * The SQL parser must be loaded (loadParser()).
 */
export async function pollBuilds(client: pg.Client, database: string | null): Promise<BuildRow[]> {
  // One transaction: pg_stat_activity and the progress view are then read from one snapshot of
  // the server's sessions, so a build moving between queued and running is seen in one of them.
  await client.query("BEGIN READ ONLY");
  try {
    const progress = (await client.query<Row>(PROGRESS_SQL, [database])).rows;
    const builds = progress.map(progressRow);
    for (const [i, r] of progress.entries()) {
      const remaining = num(r.lockers_total) - num(r.lockers_done);
      if (r.phase !== "waiting for old snapshots" || remaining <= 0) continue;
      const older = await client.query<Row>(OLDER_SNAPSHOTS_SQL, [r.datid, r.pid, remaining]);
      builds[i]!.olderPids = older.rows.map((o) => num(o.pid));
    }
    const queued = (await client.query<Row>(QUEUED_SQL, [database])).rows.map(queuedRow).filter((b): b is Found => b !== null);
    const all = [...builds, ...queued];
    const known = await sessions(client, [...new Set(all.flatMap((b) => [...b.blockerPids, ...b.olderPids]))]);
    const lookup = (pids: number[]) => pids.map((pid) => known.get(pid)).filter((s): s is Session => s !== undefined);
    return all.map(({ blockerPids, olderPids, ...row }) => ({ ...row, blockers: lookup(blockerPids), olderSnapshots: lookup(olderPids) }));
  } finally {
    await client.query("COMMIT");
  }
}

/**
 * PostgreSQL ends a build's progress report just before its transaction commits: while the
 * session still runs the same statement, the build's outcome is not decided yet.
 */
export async function stillRunning(client: pg.Client, build: Pick<BuildRow, "pid" | "statementStart">): Promise<boolean> {
  return (await client.query(STILL_RUNNING_SQL, [build.pid, build.statementStart])).rows.length > 0;
}

/** How a build that left the view ended, judged from the catalog (only on this connection's database). */
export async function buildOutcome(client: pg.Client, build: Pick<BuildRow, "database" | "schema" | "index">): Promise<BuildOutcome> {
  if (!build.index) return "unknown";
  const { rows } = await client.query<{ valid: boolean; here: boolean }>(
    `SELECT current_database() = $1 AS here,
            (SELECT x.indisvalid FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
              WHERE n.nspname = $2 AND i.relname = $3) AS valid`,
    [build.database, build.schema, build.index],
  );
  const row = rows[0];
  if (!row?.here) return "unknown";
  if (row.valid === null) return "missing";
  return row.valid ? "valid" : "invalid";
}

/** What the watch loop asks of the server; `databaseSource` is the real one. */
export interface BuildSource {
  poll(): Promise<BuildRow[]>;
  /** The backend holding Prisma Migrate's lock (a deploy is running), or null. */
  deploy(): Promise<number | null>;
  stillRunning(build: Pick<BuildRow, "pid" | "statementStart">): Promise<boolean>;
  outcome(build: Pick<BuildRow, "database" | "schema" | "index">): Promise<BuildOutcome>;
}

export function databaseSource(client: pg.Client, database: string | null): BuildSource {
  return {
    poll: () => pollBuilds(client, database),
    deploy: () => deployRunning(client, database),
    stillRunning: (build) => stillRunning(client, build),
    outcome: (build) => buildOutcome(client, build),
  };
}
