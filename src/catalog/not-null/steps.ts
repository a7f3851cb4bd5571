// not-null: a column made NOT NULL on a table with rows → four folders, in this order:
//   precheck_not_null  a DO block that reads the table and reports NULL rows (count, first keys)
//   check_not_null     ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID, under the lock timeout
//   validate_not_null  VALIDATE CONSTRAINT: scans with writes going on (SHARE UPDATE EXCLUSIVE)
//   set_not_null       SET NOT NULL (proved by the valid check: no scan) and DROP CONSTRAINT, each under the lock timeout
// VALIDATE has a folder of its own: an engine that sends a file whole runs it in one transaction,
// where ADD CONSTRAINT's ACCESS EXCLUSIVE lock would be held for the whole scan. Words never change.
import type { LockTaken } from "../locks.js";
import type { StepSpec } from "../operation.js";
import { doBlock, quoteIdent, quoteLiteral, tableRef } from "../../sql/quote.js";
import { notNullMessages, type NotNullTarget } from "../../messages/operations/not-null.js";
import { lockStep } from "../sql-shapes.js";
import { addCheckNotValidRead, nullPrecheckRead, setNotNullRead, validateConstraintRead } from "../read-back.js";

/** One column to make NOT NULL. */
export interface NotNullColumn {
  schema: string;
  table: string;
  qualified: boolean;
  column: string;
  /** The CHECK constraint's name (temporary-name.ts: notNullCheckName). */
  check: string;
  /** Primary key columns, to name the NULL rows in the pre-check's report; null: the table has none (ctid then). */
  keys: string[] | null;
  /** What asks for it, for headers: `Click.label (String, was String?)`. */
  source: string;
}

export type PrecheckNotNullStep = { kind: "precheck-not-null"; column: NotNullColumn };
export type AddNotNullCheckStep = { kind: "add-not-null-check"; column: NotNullColumn };
export type ValidateNotNullStep = { kind: "validate-not-null"; column: NotNullColumn };
export type SetNotNullStep = { kind: "set-not-null"; column: NotNullColumn };
export type NotNullStep = PrecheckNotNullStep | AddNotNullCheckStep | ValidateNotNullStep | SetNotNullStep;

/** The four steps, in order; without the pre-check when `precheck` is off. */
export function notNullSteps(column: NotNullColumn, precheck: boolean): NotNullStep[] {
  return [
    ...(precheck ? [{ kind: "precheck-not-null" as const, column }] : []),
    { kind: "add-not-null-check", column },
    { kind: "validate-not-null", column },
    { kind: "set-not-null", column },
  ];
}

const tableSql = (c: NotNullColumn) => tableRef({ schema: c.schema, name: c.table, qualified: c.qualified });
const targetOf = (c: NotNullColumn): NotNullTarget => ({
  tableShown: c.qualified ? `${c.schema}.${c.table}` : c.table,
  tableSql: tableSql(c),
  column: c.column,
  check: c.check,
  source: c.source,
});
/** Folders are named after the table and column: `…_concurrently_set_not_null_click_label`. */
const target = (c: NotNullColumn) => ({ schema: c.schema, table: c.table, name: `${c.table}_${c.column}`, qualified: c.qualified });

const BRIEF_EXCLUSIVE: LockTaken = { on: "table", mode: "ACCESS EXCLUSIVE", held: "brief", waitsForOlderTransactions: false };

/**
 * The NULL pre-check: whether any row is NULL there (stops at the first), and only then how many
 * and the first keys (by primary key, else ctid), raised as not_null_violation (23502) with a report.
 */
export function nullPrecheckBlock(c: NotNullColumn, folder: string): string {
  const table = tableSql(c);
  const column = quoteIdent(c.column);
  const keys = c.keys?.length ? c.keys.map(quoteIdent) : ["ctid"];
  const keyText = `concat_ws(', ', ${keys.map((k) => `quote_nullable(${k}::text)`).join(", ")})`;
  const message = notNullMessages.precheckFailure(targetOf(c), c.keys?.length ? c.keys.join(", ") : "ctid", folder);
  return doBlock(`DECLARE
  null_rows bigint;
  sample_keys text;
BEGIN
  IF EXISTS (SELECT FROM ${table} WHERE ${column} IS NULL) THEN
    SELECT count(*) INTO null_rows FROM ${table} WHERE ${column} IS NULL;
    SELECT string_agg(format('(%s)', k.key_text), chr(10) || '  ') INTO sample_keys
      FROM (SELECT ${keyText} AS key_text FROM ${table} WHERE ${column} IS NULL ORDER BY ${keys.join(", ")} LIMIT 5) AS k;
    RAISE EXCEPTION USING ERRCODE = 'not_null_violation', MESSAGE = format(
      ${quoteLiteral(message)},
      null_rows, sample_keys);
  END IF;
END`, "prisma_concurrently") + "\n";
}

export const precheckNotNullStep: StepSpec<PrecheckNotNullStep> = {
  kind: "precheck-not-null",
  word: "precheck_not_null",
  alone: false,
  locks: [{ on: "table", mode: "ACCESS SHARE", held: "build", waitsForOlderTransactions: false }],
  target: (s) => target(s.column),
  sql: (s, ctx) => nullPrecheckBlock(s.column, ctx.folder),
  header: (s, ctx) => notNullMessages.precheckHeader(targetOf(s.column), precheckNotNullStep.locks, ctx.folder),
  describe: (s) => notNullMessages.describe.precheck(targetOf(s.column)),
  readBack: nullPrecheckRead,
};

export const addNotNullCheckStep: StepSpec<AddNotNullCheckStep> = {
  kind: "add-not-null-check",
  word: "check_not_null",
  alone: false,
  locks: [BRIEF_EXCLUSIVE],
  target: (s) => target(s.column),
  sql: (s, ctx) =>
    lockStep(ctx, `ALTER TABLE ${tableSql(s.column)} ADD CONSTRAINT ${quoteIdent(s.column.check)} CHECK (${quoteIdent(s.column.column)} IS NOT NULL) NOT VALID;`),
  header: (s, ctx) => notNullMessages.addCheckHeader(targetOf(s.column), addNotNullCheckStep.locks, ctx),
  describe: (s) => notNullMessages.describe.addCheck(targetOf(s.column)),
  readBack: addCheckNotValidRead,
};

export const validateNotNullStep: StepSpec<ValidateNotNullStep> = {
  kind: "validate-not-null",
  word: "validate_not_null",
  alone: false,
  // SHARE UPDATE EXCLUSIVE does not conflict with writers' ROW EXCLUSIVE: even while it waits, nobody queues behind it.
  locks: [{ on: "table", mode: "SHARE UPDATE EXCLUSIVE", held: "build", waitsForOlderTransactions: false }],
  target: (s) => target(s.column),
  sql: (s) => `ALTER TABLE ${tableSql(s.column)} VALIDATE CONSTRAINT ${quoteIdent(s.column.check)};\n`,
  header: (s, ctx) => notNullMessages.validateHeader(targetOf(s.column), validateNotNullStep.locks, ctx.folder),
  describe: (s) => notNullMessages.describe.validate(targetOf(s.column)),
  readBack: validateConstraintRead("not-null"),
};

export const setNotNullStep: StepSpec<SetNotNullStep> = {
  kind: "set-not-null",
  word: "set_not_null",
  alone: false,
  locks: [BRIEF_EXCLUSIVE],
  target: (s) => target(s.column),
  // Two statements: in one ALTER TABLE, PostgreSQL would drop the check before SET NOT NULL looks for it, and scan.
  sql: (s, ctx) =>
    lockStep(ctx, `ALTER TABLE ${tableSql(s.column)} ALTER COLUMN ${quoteIdent(s.column.column)} SET NOT NULL;`, `ALTER TABLE ${tableSql(s.column)} DROP CONSTRAINT ${quoteIdent(s.column.check)};`),
  header: (s, ctx) => notNullMessages.setHeader(targetOf(s.column), setNotNullStep.locks, ctx),
  describe: (s) => notNullMessages.describe.set(targetOf(s.column)),
  readBack: setNotNullRead,
};
