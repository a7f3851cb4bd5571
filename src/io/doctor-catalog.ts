// What `doctor` reads from the database: the rows of `_prisma_migrations` and a few catalog facts
// (indexes and their validity, who is working on them, who holds locks on the tables of this tool's
// migrations, whether a Prisma Migrate command is running). Reads only; it never waits for a lock.
import type pg from "pg";
import type { CatalogFacts, CatalogIndex, LockHolder, UniqueTarget } from "../doctor/model.js";

/** Prisma Migrate's advisory lock key (`SELECT pg_advisory_lock(72707369)` in the schema engine). */
const PRISMA_MIGRATE_LOCK = 72707369;

export async function defaultSchemaOf(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ schema: string | null }>("SELECT current_schema() AS schema");
  return rows[0]?.schema ?? "public";
}

const INDEXES = `
SELECT n.nspname AS schema, i.relname AS name, t.relname AS "table", x.indisvalid AS valid, x.indisready AS ready, x.indisunique AS "unique",
       ARRAY(SELECT coalesce(a.attname::text, '(expression)')
               FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
               LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
              WHERE k.ord <= x.indnkeyatts -- key columns, not INCLUDE ones
              ORDER BY k.ord) AS columns,
       (SELECT c.conname FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('u', 'p', 'x') LIMIT 1) AS "constraint",
       coalesce(
         (SELECT p.pid FROM pg_stat_progress_create_index p WHERE p.index_relid = x.indexrelid AND p.pid <> pg_backend_pid() LIMIT 1),
         -- A DROP INDEX CONCURRENTLY or REINDEX at work on it. Not the light locks every query and
         -- write on the table takes on all its indexes, INVALID ones too, until its transaction ends.
         (SELECT l.pid FROM pg_locks l WHERE l.locktype = 'relation' AND l.relation = x.indexrelid AND l.granted AND l.pid <> pg_backend_pid()
             AND l.mode NOT IN ('AccessShareLock', 'RowShareLock', 'RowExclusiveLock') LIMIT 1)
       ) AS busy_pid,
       (SELECT p.phase FROM pg_stat_progress_create_index p WHERE p.index_relid = x.indexrelid LIMIT 1) AS phase,
       (SELECT p.relname FROM pg_inherits h JOIN pg_class p ON p.oid = h.inhparent WHERE h.inhrelid = x.indexrelid LIMIT 1) AS "parentIndex",
       -- An index on a partitioned table: the table's partitions that have no index attached to it yet.
       CASE WHEN i.relkind = 'I' THEN ARRAY(
         SELECT pc.relname::text FROM pg_inherits h JOIN pg_class pc ON pc.oid = h.inhrelid
          WHERE h.inhparent = x.indrelid
            AND NOT EXISTS (SELECT FROM pg_inherits hi JOIN pg_index pi ON pi.indexrelid = hi.inhrelid WHERE hi.inhparent = x.indexrelid AND pi.indrelid = h.inhrelid)
          ORDER BY 1) END AS unattached
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = i.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
   AND (($3::boolean AND NOT x.indisvalid) OR (n.nspname, i.relname) IN (SELECT * FROM unnest($1::text[], $2::text[])))
 ORDER BY n.nspname, i.relname`;

const LOCK_HOLDERS = `
SELECT l.pid, n.nspname AS schema, c.relname AS "table", l.mode, a.state, a.usename AS "user", nullif(a.application_name, '') AS application,
       extract(epoch FROM now() - a.xact_start)::float8 AS seconds
  FROM pg_locks l
  JOIN pg_class c ON c.oid = l.relation
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_stat_activity a ON a.pid = l.pid
 WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid()
   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
   AND (n.nspname, c.relname) IN (SELECT * FROM unnest($1::text[], $2::text[]))
 ORDER BY a.xact_start NULLS LAST, l.pid`;

const DEPLOY = `
SELECT pid FROM pg_locks
 WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = ${PRISMA_MIGRATE_LOCK} AND objsubid = 1
   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
   AND pid <> pg_backend_pid()
 LIMIT 1`;

export async function readCatalog(client: pg.Client, defaultSchema: string, targets: UniqueTarget[]): Promise<CatalogFacts> {
  const schemas = targets.map((t) => t.schema);
  const indexes = await client.query<CatalogIndex & { busy_pid: number | null }>(INDEXES, [schemas, targets.map((t) => t.index), true]);
  const holders = await client.query<Omit<LockHolder, "transactionSeconds"> & { seconds: number | null }>(LOCK_HOLDERS, [schemas, targets.map((t) => t.table)]);
  const deploy = await client.query<{ pid: number }>(DEPLOY);
  const settings = await client.query<{ user: string; timeout: string }>("SELECT current_user AS user, current_setting('statement_timeout') AS timeout");
  return {
    defaultSchema,
    currentUser: settings.rows[0]!.user,
    statementTimeout: settings.rows[0]!.timeout,
    deployPid: deploy.rows[0]?.pid ?? null,
    indexes: indexes.rows.map(({ busy_pid, ...i }) => ({ ...i, busyPid: busy_pid })),
    lockHolders: holders.rows.map(({ seconds, ...h }) => ({ ...h, transactionSeconds: seconds })),
  };
}

/** The index as it is now, just before --fix drops it. */
export async function indexNow(client: pg.Client, schema: string, name: string): Promise<CatalogIndex | null> {
  const { rows } = await client.query<CatalogIndex & { busy_pid: number | null }>(INDEXES, [[schema], [name], false]);
  const row = rows[0];
  return row ? { ...row, busyPid: row.busy_pid } : null;
}
