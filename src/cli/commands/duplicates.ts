// `prisma-concurrently duplicates`: how many rows share a key that a pending unique will forbid,
// read without locking writes, and (with --sql) a reviewable dedupe statement. It never changes
// data. The SQL is built by the pure functions of src/duplicates; this file connects, reads and
// prints.
import { readMigrationRows } from "../../project/migration-rows.js";
import { migrationStatus } from "../../core/migration-status.js";
import { folderLabel } from "../../core/folder-names.js";
import { isPostgresDuration } from "../../sql/pg-duration.js";
import type pg from "pg";
import { redactUrl, resolveDatabaseUrl } from "../../config/database-url.js";
import { assertPostgresUrl } from "../../config/postgres-only.js";
import { withClient } from "../../io/database.js";
import { duplicatesMessages as m } from "../../messages/duplicates.js";
import { UserError } from "../../messages/user-error.js";
import { flag, parseCommandArgs, stringOption, type Command, type ParsedArgs } from "../command.js";
import { projectPlan } from "../project-plan.js";
import {
  TABLE_INFO_SQL,
  enforcingIndex,
  invalidLeftover,
  isSummable,
  missingColumns,
  tableInfoArgument,
  tableInfoFromRow,
  type TableInfo,
} from "../../duplicates/catalog.js";
import { DEFAULT_BATCH_GROUPS, DEFAULT_GROUP_LOCK_TIMEOUT, MAX_BATCH_GROUPS, dedupeSql, type KeepPolicy } from "../../duplicates/dedupe-sql.js";
import { reportFromRows, reportQuery, type ReportRow } from "../../duplicates/report-sql.js";
import { formatResult, migrationLabels, resultJson, type TargetResult } from "../../duplicates/result.js";
import { sumColumns, targetFromOptions, targetsFromSchema, type KeyTarget } from "../../duplicates/targets.js";

/** Primary keys shown per listed group. */
const SAMPLES = 5;
/** Memory for the grouping, so that a large table is grouped in memory rather than on disk. */
const WORK_MEM = "64MB";

interface Options {
  limit: number;
  timeout: string;
  sql: boolean;
  keep: KeepPolicy;
  sum: string | undefined;
  batch: number;
  lockTimeout: string;
}

function intOption(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new UserError(m.badNumber(`--${name}`, raw, `a whole number from ${min} to ${max}`));
  return value;
}

function durationOption(args: ParsedArgs, name: string, fallback: string): string {
  const raw = stringOption(args, name);
  if (raw === undefined) return fallback;
  if (!isPostgresDuration(raw.trim())) throw new UserError(m.badDuration(`--${name}`, raw));
  return raw.replace(/\s+/g, "");
}

function readOptions(args: ParsedArgs): Options {
  const sql = flag(args, "sql");
  for (const name of ["keep", "sum", "batch", "lock-timeout"]) {
    if (!sql && stringOption(args, name) !== undefined) throw new UserError(m.needsSql(`--${name}`));
  }
  const keep = stringOption(args, "keep") ?? "first";
  if (keep !== "first" && keep !== "last") throw new UserError(m.badKeep(keep));
  return {
    limit: intOption(args, "limit", 10, 1, 1000),
    timeout: durationOption(args, "timeout", "5min"),
    sql,
    keep,
    sum: stringOption(args, "sum"),
    batch: intOption(args, "batch", DEFAULT_BATCH_GROUPS, 1, MAX_BATCH_GROUPS),
    lockTimeout: durationOption(args, "lock-timeout", DEFAULT_GROUP_LOCK_TIMEOUT),
  };
}

async function tableInfo(client: pg.Client, target: KeyTarget): Promise<TableInfo | null> {
  const { rows } = await client.query(TABLE_INFO_SQL, [tableInfoArgument(target)]);
  return rows[0] ? tableInfoFromRow(rows[0]) : null;
}

/** A migration of this key that `migrate deploy` recorded as failed and not yet resolved. */
async function failedMigration(client: pg.Client, target: KeyTarget): Promise<string | null> {
  const labels = new Set(migrationLabels(target));
  if (labels.size === 0) return null;
  const rows = await readMigrationRows(client);
  const names = [...new Set(rows.map((r) => r.name))].filter((n) => labels.has(folderLabel(n)) && migrationStatus(rows, n) === "failed");
  return names.at(-1) ?? null;
}

/** The report query in a READ ONLY transaction with a statement and lock timeout: no row locks, no waiting in a lock queue. */
async function readReport(client: pg.Client, target: KeyTarget, info: TableInfo, options: Options) {
  const sql = reportQuery({
    schema: info.schema,
    table: info.name,
    keyColumns: target.columns,
    primaryKey: info.primaryKey.map((c) => c.name),
    limit: options.limit,
    samples: SAMPLES,
  });
  const started = performance.now();
  try {
    await client.query("BEGIN READ ONLY");
    await client.query(
      "SELECT set_config('statement_timeout', $1, true), set_config('lock_timeout', '2s', true), set_config('work_mem', $2, true)",
      [options.timeout, WORK_MEM],
    );
    const { rows } = await client.query<ReportRow>(sql, [options.limit, SAMPLES]);
    await client.query("COMMIT");
    return { report: reportFromRows(rows), elapsedMs: Math.round(performance.now() - started) };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    const code = (error as { code?: string }).code;
    if (code === "57014") throw new UserError(m.timedOut(target, options.timeout));
    if (code === "55P03") throw new UserError(m.locked(target));
    throw new UserError(m.readFailed(target, (error as Error).message));
  }
}

/** `--sum` columns, checked against the live table before anything is read. */
function checkedSum(target: KeyTarget, info: TableInfo, options: Options): string[] {
  const sum = sumColumns(target, options.sum);
  for (const column of sum) {
    if (info.primaryKey.some((c) => c.name === column)) throw new UserError(m.sumOnPrimaryKey(target, column));
    const found = info.columns.find((c) => c.name === column);
    if (!found) throw new UserError(m.columnsMissing(target, [column], "the database"));
    if (!isSummable(found)) throw new UserError(m.sumNotNumeric(target, column, found.type));
  }
  return sum;
}

function dedupeFor(target: KeyTarget, info: TableInfo, result: TargetResult, sum: string[], options: Options): string {
  return dedupeSql({
    label: target.label,
    schema: target.schema,
    table: target.table,
    qualified: target.qualified,
    keyColumns: target.columns,
    primaryKey: info.primaryKey,
    keep: options.keep,
    sum,
    batchGroups: options.batch,
    lockTimeout: options.lockTimeout,
    referencedBy: info.referencedBy,
    found: result.report ? { duplicateGroups: result.report.duplicateGroups, surplusRows: result.report.surplusRows } : undefined,
  });
}

async function inspect(client: pg.Client, target: KeyTarget, options: Options, database: string): Promise<TargetResult> {
  const result: TargetResult = {
    target, status: "checked", enforcedBy: null, missingColumns: [], primaryKey: [],
    invalidLeftover: null, failedMigration: null, report: null, elapsedMs: null, sql: null,
  };
  const info = await tableInfo(client, target);
  if (!info) {
    if (target.explicit) throw new UserError(m.tableMissing(target, database));
    return { ...result, status: "table-missing" };
  }
  if (!["r", "p"].includes(info.kind)) throw new UserError(m.notATable(target, info.kind));
  const missing = missingColumns(info, target.columns);
  if (missing.length > 0) {
    if (target.explicit) throw new UserError(m.columnsMissing(target, missing, database));
    return { ...result, status: "columns-missing", missingColumns: missing };
  }
  const enforced = enforcingIndex(info, target.columns);
  if (enforced) return { ...result, status: "enforced", enforcedBy: enforced.name };
  if (options.sql && info.primaryKey.length === 0) throw new UserError(m.noPrimaryKey(target));
  const sum = options.sql ? checkedSum(target, info, options) : [];
  result.primaryKey = info.primaryKey.map((c) => c.name);
  result.invalidLeftover = invalidLeftover(info, target.columns)?.name ?? null;
  result.failedMigration = await failedMigration(client, target);
  Object.assign(result, await readReport(client, target, info, options));
  if (options.sql && result.report!.duplicateGroups > 0) result.sql = dedupeFor(target, info, result, sum, options);
  return result;
}

export const duplicatesCommand: Command = {
  name: "duplicates",
  summary: "report rows that share a key a pending unique forbids; --sql prints a dedupe statement",
  help: `Usage: prisma-concurrently duplicates [--model <Model> --fields <a,b>] [--url <url>] [--limit <n>] [--json]
       prisma-concurrently duplicates --sql [--keep first|last] [--sum <col,…>] [--batch <n>] [--lock-timeout <d>]

For each unique of the schema that the database does not enforce yet (or the key named with
--model/--fields), reads the table and reports the groups of rows that share a key, the surplus
rows, and the largest groups with their primary keys. It reads with plain SELECTs in a READ ONLY
transaction (no row locks: writes go on) and never changes data. Rows with a NULL in a key column
never conflict and are not counted.

With --sql it prints, instead of the advice, a dedupe statement to review and run yourself: one
DO block per key that removes the duplicates in small transactions, locking only each group's
rows, briefly. The report goes to stderr then, the SQL to stdout.

Options:
  --model <Model>        check this model's key instead of the schema's pending uniques
  --fields <a,b>         the key's fields (Prisma field names or column names), with --model
  --url <url>            the database (default: as Prisma finds it: datasource.url of the Prisma
                         config, else the schema's directUrl or url, else DATABASE_URL)
  --schema <file>        the Prisma schema (default: as Prisma finds it)
  --config <file>        the Prisma config file (default: the one the installed Prisma
                         finds here: prisma7.config.ts, prisma.config.ts, .config/…)
  --limit <n>            how many of the largest groups to list (default 10)
  --timeout <duration>   cancel a read that takes longer (default 5min)
  --json                 print the report as JSON (with --sql: the statements in it)
  --exit-code            exit 2 when duplicates were found
  --sql                  print a dedupe statement for each key with duplicates
  --keep first|last      with --sql: keep the row with the lowest (first, default) or highest primary key
  --sum <col,…>          with --sql: add the removed rows' values of these columns into the kept row
  --batch <n>            with --sql: groups per transaction (default ${DEFAULT_BATCH_GROUPS}, at most ${MAX_BATCH_GROUPS})
  --lock-timeout <d>     with --sql: how long one group may wait for its rows (default ${DEFAULT_GROUP_LOCK_TIMEOUT})
  -h, --help             this help`,
  async run(argv) {
    const args = parseCommandArgs("duplicates", argv, {
      model: { type: "string" },
      fields: { type: "string" },
      url: { type: "string" },
      schema: { type: "string" },
      config: { type: "string" },
      limit: { type: "string" },
      timeout: { type: "string" },
      json: { type: "boolean" },
      "exit-code": { type: "boolean" },
      sql: { type: "boolean" },
      keep: { type: "string" },
      sum: { type: "string" },
      batch: { type: "string" },
      "lock-timeout": { type: "string" },
    });
    const options = readOptions(args);
    const model = stringOption(args, "model");
    const fields = stringOption(args, "fields");
    if ((model === undefined) !== (fields === undefined)) throw new UserError(m.modelWithoutFields());
    const config = stringOption(args, "config");

    const db = await resolveDatabaseUrl({ url: stringOption(args, "url"), config, schema: stringOption(args, "schema") });
    assertPostgresUrl(db); // before the schema is read: another database's project says so in one line
    const database = redactUrl(db.url);
    const project = await projectPlan({ schema: stringOption(args, "schema"), config });
    if (!project.desired) throw new UserError(m.noDesiredState());
    const targets = model !== undefined
      ? [targetFromOptions(project.desired, model, fields!, project.schemaPath)]
      : targetsFromSchema(project.desired);
    if (targets.length === 0) throw new UserError(m.noUniquesInSchema(project.schemaPath));

    const results = await withClient(db, async (client) => {
      const out: TargetResult[] = [];
      for (const t of targets) out.push(await inspect(client, t, options, database));
      return out;
    });
    const found = results.some((r) => (r.report?.duplicateGroups ?? 0) > 0);
    const exit = flag(args, "exit-code") && found ? 2 : 0;

    if (flag(args, "json")) {
      console.log(JSON.stringify({ database, source: db.source, uniques: results.map(resultJson) }, null, 2));
      return exit;
    }
    if (model === undefined && results.every((r) => r.status === "enforced")) {
      console.log(m.noPendingUniques(database, results.length));
      return exit;
    }
    const checked = results.filter((r) => r.status === "checked");
    // Schema uniques the database enforces already are not pending: not worth a line.
    const shown = model !== undefined ? results : results.filter((r) => r.status !== "enforced");
    // With --sql, stdout carries only SQL (to redirect into a file); the report goes to stderr.
    const say = options.sql ? console.error : console.log;
    say(m.header(database, db.source));
    for (const r of shown) say(`\n${formatResult(r).join("\n")}`);
    if (options.sql) {
      const statements = checked.filter((r) => r.sql !== null);
      if (statements.length === 0) for (const r of checked) console.log(m.nothingToDedupe(r.target));
      else console.log(statements.map((r) => r.sql).join("\n"));
      say(`\n${m.sqlWritten(statements.length)}`);
    }
    return exit;
  },
};
