// Everything the NOT NULL operation says (catalog/not-null/): its four folders' headers, the
// pre-check's report, check's findings (SET NOT NULL on an existing table; a new column whose
// volatile default rewrites the table), fix's comment, and doctor's explanations.
import type { LockTaken } from "../../catalog/locks.js";
import { lockLine } from "./lock-line.js";
import { comment } from "./comment.js";
import { NULL_PRECHECK_MARKER } from "../../core/replay.js";
import type { Violation } from "../../check/rule.js";
import { lockStepMessages } from "../lock-step.js";
import type { LockStepContext } from "../../catalog/sql-shapes.js";

const TOOL = "prisma-concurrently";
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const resolveRolledBack = (folder: string) => `npx prisma migrate resolve --rolled-back ${folder}`;
const fixCommand = (migration: string) => `npx ${TOOL} fix ${migration}`;

/** What the messages need of one column being made NOT NULL. */
export interface NotNullTarget {
  /** `Click` or `s.Click` (schema shown when Prisma qualifies it). */
  tableShown: string;
  /** `"Click"` or `"s"."Click"`, as SQL. */
  tableSql: string;
  column: string;
  check: string;
  /** What asks for it: `Click.label (String, was String?)`, or the migration's statement. */
  source: string;
}

/** How the NULL pre-check's error begins and where its report ends: doctor reads both back from Prisma's logs. */
export const NULL_PRECHECK_ERROR = `${TOOL}: cannot make`;
export const NULL_PRECHECK_REPORT_END = "Nothing was changed";

const nullRowsNext = (t: NotNullTarget, folder: string) =>
  `give those rows a value (UPDATE ${t.tableSql} SET ${q(t.column)} = … WHERE ${q(t.column)} IS NULL, in batches on a big table), ` +
  `or keep the field optional; then \`${resolveRolledBack(folder)}\` and \`npx prisma migrate deploy\`.`;

export const notNullMessages = {
  precheckHeader: (t: NotNullTarget, locks: readonly LockTaken[], folder: string) =>
    comment([
      `${NULL_PRECHECK_MARKER} for ${q(t.column)} of "${t.tableShown}", ${t.source}`,
      "",
      `Fails fast, before anything is changed, when "${t.tableShown}" holds rows whose ${q(t.column)} is NULL:`,
      "it reports how many and the first keys. It reads the table once (stops at the first NULL it meets).",
      lockLine(locks, { table: t.tableShown, index: t.check }),
      `If it fails: nothing was changed. ${nullRowsNext(t, folder)}`,
    ]),

  addCheckHeader: (t: NotNullTarget, locks: readonly LockTaken[], ctx: LockStepContext) =>
    comment([
      `${TOOL}: add CHECK (${q(t.column)} IS NOT NULL) NOT VALID to "${t.tableShown}", for ${t.source}`,
      "",
      "Prisma writes ALTER COLUMN … SET NOT NULL: ACCESS EXCLUSIVE on the table while it reads every row",
      "(reads and writes wait for the whole scan). Instead: this check, added NOT VALID (no scan; new and",
      "updated rows are checked at once), then VALIDATE (scans with writes going on), then SET NOT NULL,",
      "which PostgreSQL 12+ proves from the valid check without a scan, then the check is dropped.",
      lockLine(locks, { table: t.tableShown, index: t.check }),
      ...lockStepMessages.header(ctx.lock, locks, ctx.folder),
    ]),

  validateHeader: (t: NotNullTarget, locks: readonly LockTaken[], folder: string) =>
    comment([
      `${TOOL}: validate ${q(t.check)} (${q(t.column)} IS NOT NULL) on "${t.tableShown}", for ${t.source}`,
      "",
      "Reads every row once. A migration of its own: in the previous one's transaction the ACCESS EXCLUSIVE",
      "lock of ADD CONSTRAINT would be held for the whole scan.",
      lockLine(locks, { table: t.tableShown, index: t.check }),
      "If it fails (23514: rows whose value is NULL): the check stays NOT VALID and keeps refusing new NULLs;",
      `${nullRowsNext(t, folder)}`,
    ]),

  setHeader: (t: NotNullTarget, locks: readonly LockTaken[], ctx: LockStepContext) =>
    comment([
      `${TOOL}: SET NOT NULL on ${q(t.column)} of "${t.tableShown}", for ${t.source}`,
      "",
      `The valid check ${q(t.check)} proves there is no NULL: PostgreSQL 12+ skips the scan, so this takes`,
      "an instant. The check is dropped afterwards: Prisma sees only the NOT NULL.",
      "Both statements run in one lock step: together or not at all.",
      lockLine(locks, { table: t.tableShown, index: t.check }),
      ...lockStepMessages.header(ctx.lock, locks, ctx.folder),
    ]),

  describe: {
    precheck: (t: NotNullTarget) => `NULL pre-check of ${q(t.column)} on "${t.tableShown}" for ${t.source}`,
    addCheck: (t: NotNullTarget) => `CHECK (${q(t.column)} IS NOT NULL) NOT VALID on "${t.tableShown}"`,
    validate: (t: NotNullTarget) => `validate ${q(t.check)} (writes go on)`,
    set: (t: NotNullTarget) => `SET NOT NULL on ${q(t.column)} of "${t.tableShown}" (no scan), drop ${q(t.check)}`,
  },

  /** format() template of the pre-check's error: %s are the NULL rows' count and their first keys. */
  precheckFailure: (t: NotNullTarget, keys: string, folder: string) => {
    const esc = (s: string) => s.replace(/%/g, "%%");
    return esc(`${NULL_PRECHECK_ERROR} ${q(t.column)} of "${t.tableShown}" NOT NULL (${t.source}): `) +
      `%s rows have NULL there. First of them (${esc(keys)}):\n  %s\n` +
      esc(`${NULL_PRECHECK_REPORT_END}. Next: ${nullRowsNext(t, folder)}`);
  },

  /** check: SET NOT NULL on a table that existed before the migration. */
  blockingSetNotNull: (a: { column: string; table: string; migration: string; partitioned: boolean }): Violation => ({
    message: `ALTER COLUMN ${q(a.column)} SET NOT NULL on ${a.table}, a table that existed before this migration, holds an ACCESS EXCLUSIVE lock while it reads every row: every read and write on ${a.table} waits for the whole scan.`,
    fix: a.partitioned
      ? `make it NOT NULL on each partition first the same way (CHECK (${q(a.column)} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, SET NOT NULL, DROP CONSTRAINT), then SET NOT NULL on the parent.`
      : `run \`${fixCommand(a.migration)}\`: it moves it into migrations of its own right after this one (a NULL pre-check, CHECK (${q(a.column)} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT with writes going on, then SET NOT NULL without a scan and DROP CONSTRAINT).`,
  }),

  /** check: ADD COLUMN with a volatile default on an existing table. */
  volatileDefault: (a: { column: string; type: string; defaultSql: string; because: string; unknown: boolean; table: string; notNull: boolean }): Violation => ({
    message: `ADD COLUMN ${q(a.column)} … DEFAULT ${a.defaultSql} on ${a.table}, a table that existed before this migration: ${a.because} is ${a.unknown ? "not known to be immutable or stable, so PostgreSQL treats it as volatile" : "volatile"}: ` +
      `PostgreSQL computes it for every existing row and rewrites the whole table under an ACCESS EXCLUSIVE lock (every read and write waits). A constant or stable default (e.g. now()) would be instant.`,
    fix: `add it in steps: (1) in this migration, ALTER TABLE ${a.table} ADD COLUMN ${q(a.column)} ${a.type}; (nullable, no default: instant), then ALTER TABLE ${a.table} ALTER COLUMN ${q(a.column)} SET DEFAULT ${a.defaultSql}; (new rows get it: instant); ` +
      `(2) fill the existing rows in batches, outside the migration, until no row is left: UPDATE ${a.table} SET ${q(a.column)} = ${a.defaultSql} WHERE ctid IN (SELECT ctid FROM ${a.table} WHERE ${q(a.column)} IS NULL LIMIT 10000);` +
      (a.notNull ? ` (3) then make it NOT NULL: keep the field optional (?) in the schema until the backfill is done, then make it required and run \`prisma generate\` (it writes CHECK NOT VALID, VALIDATE, SET NOT NULL: no long lock).` : "") +
      (a.unknown ? ` If ${a.because} is declared IMMUTABLE or STABLE, disable this rule for the statement with -- ${TOOL}-disable-next-line volatile-default.` : ""),
  }),

  /** The comment fix leaves in Prisma's migration where the SET NOT NULL clauses were. */
  movedComment: (columns: string, folder: string) =>
    `-- ${TOOL} fix: ALTER COLUMN ${columns} SET NOT NULL was moved to ${folder} and the folders after it,\n` +
    "-- which add a CHECK … IS NOT NULL NOT VALID, validate it with writes going on, then SET NOT NULL without a scan.",
};
