// Render: plan steps → migration folders (name and migration.sql text). Pure and deterministic
// for a given clock. Every file works whether the engine sends it whole (one implicit
// transaction) or statement by statement: a CONCURRENTLY build is the only statement of its
// file, and a step that takes a strong lock is one retrying lock step (catalog/sql-shapes.ts).
import { parseStatements, type Statement } from "../sql/parse.js";
import { quoteIdent, tableRef } from "../sql/quote.js";
import { failFastCheck } from "../sql/fail-fast-check.js";
import { folderLabel, nextTimestamps } from "./folder-names.js";
import { encodeFolder } from "../catalog/folder-convention.js";
import { headers, type HeaderContext } from "../messages/headers.js";
import type { Plan, Step } from "./plan.js";
import type { DesiredUnique } from "./state.js";
import { specOf } from "../catalog/catalog.js";
import { withLockStepsOpened, type LockRetry } from "../catalog/sql-shapes.js";
import { DEFAULT_LOCK_RETRY } from "../config/generator-config.js";
import { parseTemporaryName } from "../catalog/temporary-name.js";

export interface RenderOptions {
  now: Date;
  /** How strong-lock steps wait (the generator block's options); the defaults when not given. */
  lock?: LockRetry;
  /** Names of the folders already in the migrations directory. */
  existing: readonly string[];
  /** Their migration.sql, by folder name: to tell a step done before (and undone later) from a folder emptied by hand. */
  scripts?: ReadonlyMap<string, string>;
}

export interface Folder {
  name: string;
  sql: string;
  step: Step;
}

export class FolderOrderError extends Error {
  constructor(readonly newest: string) {
    super(`no timestamp sorts after the existing folder "${newest}"`);
  }
}

export class FolderClashError extends Error {
  constructor(readonly existing: string, readonly wanted: string) {
    super(`folder "${existing}" already holds the step "${folderLabel(wanted)}"`);
  }
}

export function renderPlan(plan: Plan, options: RenderOptions): Folder[] {
  if (plan.steps.length === 0) return [];
  const stamps = nextTimestamps(options.existing, options.now, plan.steps.length);
  if (!stamps) throw new FolderOrderError([...options.existing].sort().at(-1) ?? "");
  // The newest existing folder of each label (names sort by timestamp).
  const existingLabels = new Map([...options.existing].sort().map((f) => [folderLabel(f), f]));
  return plan.steps.map((step, i) => {
    const name = encodeFolder(stamps[i]!, step);
    const previous = existingLabels.get(folderLabel(name));
    // A unique removed and added again repeats its labels; a folder that no longer does its step is a clash.
    if (previous && !stepDoneIn(step, options.scripts?.get(previous) ?? "")) throw new FolderClashError(previous, name);
    return { name, step, sql: renderStep(step, name, options.lock ?? DEFAULT_LOCK_RETRY) };
  });
}

/**
 * Whether a script does what `step` does (so an earlier folder of the same label is history, not a
 * clash): its statement, read back by the step's own reader, names the same index as the step's SQL.
 */
export function stepDoneIn(step: Step, sql: string): boolean {
  const spec = specOf(step);
  let statements;
  try {
    statements = withLockStepsOpened(parseStatements(sql));
  } catch {
    return false;
  }
  if (spec.readBack.statement === null) return statements.some((s) => s.kind === "DoStmt"); // a pre-check names no index
  const named = (list: readonly Statement[]) => list.map((s) => spec.readBack.find(s)).find((t) => t !== null);
  const wanted = named(withLockStepsOpened(parseStatements(spec.sql(step, { folder: "", lock: DEFAULT_LOCK_RETRY }))));
  const found = named(statements);
  // A temporary name carries the hash of the definition it was built for: an earlier change of the same index had another.
  const base = (name: string | undefined) => (name && parseTemporaryName(name)?.prefix) ?? name;
  return Boolean(wanted && found && base(found.index) === base(wanted.index) && found.renamedTo === wanted.renamedTo);
}

export function renderStep(step: Step, folder: string, lock: LockRetry): string {
  const ctx: HeaderContext = { folder, lock };
  return specOf(step).header(step, ctx) + specOf(step).sql(step, ctx);
}

/**
 * One DO block that reads the table (ACCESS SHARE: writes go on) and raises an error with a
 * readable report when any key occurs twice. Rows with a NULL in a key column never conflict.
 *
 * Why it is shaped this way (measured with EXPLAIN (ANALYZE, BUFFERS), `npm run bench`): nearly
 * every table has no duplicate, so the step first asks only whether one may exist, and builds the
 * report (key text, ranking) only when one does. With one group per row the cost is the sort and
 * the per-row work after it, so the first question sorts one 64-bit hash of the key per row
 * (`hash_record_extended`: each column's own hash function under its collation, so keys the unique
 * index holds equal hash equal) instead of the key's columns. No two equal hashes: no two equal
 * keys. Equal hashes (a duplicate, or rarely two keys that share a hash) go to the exact question
 * on the columns themselves. A key type without a hash function (or PostgreSQL before 14) goes
 * straight to the exact question. A hash aggregate would spill to disk with one group per row:
 * `enable_hashagg` is off, and `work_mem` is raised to the build's own budget
 * (maintenance_work_mem, shared by the leader and its parallel workers) so the sorts stay in memory
 * — both for this transaction only (the file holds nothing else). The queries run through EXECUTE:
 * PL/pgSQL plans its own statements without parallel workers, and these read the whole table.
 */
export function precheckBlock(u: DesiredUnique, folder: string): string {
  const cols = u.columns.map((c) => quoteIdent(c.name));
  const keyText = `concat_ws(', ', ${cols.map((c) => `quote_nullable(${c}::text)`).join(", ")})`;
  const message = headers.precheckFailure(u, folder);
  const table = tableRef({ ...u, name: u.table });
  const notNull = cols.map((c) => `${c} IS NOT NULL`).join(" AND ");
  const anySharedHash = `SELECT EXISTS (
      SELECT FROM (
        SELECT hash_record_extended(ROW(${cols.join(", ")}), 0) AS key_hash
          FROM ${table}
         WHERE ${notNull}
      ) AS k
       GROUP BY k.key_hash
      HAVING count(*) > 1
    )`;
  const anyDuplicate = `SELECT EXISTS (
      SELECT FROM ${table}
       WHERE ${notNull}
       GROUP BY ${cols.join(", ")}
      HAVING count(*) > 1
    )`;
  const report = `SELECT count(*), coalesce(sum(d.row_count - 1), 0),
         string_agg(format('(%s) x %s', d.key_text, d.row_count), chr(10) || '  ' ORDER BY d.rank) FILTER (WHERE d.rank <= 5)
    FROM (
      SELECT count(*) AS row_count,
             ${keyText} AS key_text,
             row_number() OVER (ORDER BY count(*) DESC, ${keyText}) AS rank
        FROM ${table}
       WHERE ${notNull}
       GROUP BY ${cols.join(", ")}
      HAVING count(*) > 1
    ) AS d`;
  const sortMemory = `(greatest(pg_size_bytes(current_setting('work_mem')), pg_size_bytes(current_setting('maintenance_work_mem')) / (1 + current_setting('max_parallel_workers_per_gather')::int)) / 1024)::bigint || 'kB'`;
  return failFastCheck({
    found: "has_duplicates",
    counts: ["duplicate_groups", "surplus_rows"],
    setup: ["PERFORM set_config('enable_hashagg', 'off', true);", `PERFORM set_config('work_mem', ${sortMemory}, true);`],
    quick: { query: anySharedHash, unsure: "undefined_function" },
    exists: anyDuplicate,
    report,
    errcode: "unique_violation",
    message,
  });
}
