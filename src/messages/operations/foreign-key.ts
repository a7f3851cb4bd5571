// Everything the foreign-key operation says: its three headers, the pre-check's report, the `check`
// rule's message, `fix`'s refusals and the generator's notes for a relation it leaves to Prisma.
import type { LockTaken } from "../../catalog/locks.js";
import type { Violation } from "../../check/rule.js";
import type { ForeignKeyDefinition } from "../../core/state.js";
import { ORPHAN_PRECHECK_MARKER } from "../../core/replay.js";
import { quoteIdent } from "../../sql/quote.js";
import { lockLine } from "./lock-line.js";
import { comment } from "./comment.js";
import { lockStepMessages } from "../lock-step.js";
import type { LockStepContext } from "../../catalog/sql-shapes.js";

const TOOL = "prisma-concurrently";
const q = quoteIdent;
const resolveRolledBack = (folder: string) => `npx prisma migrate resolve --rolled-back ${folder}`;
const fixCommand = (migration: string) => `npx ${TOOL} fix ${migration}`;

/** How the pre-check's error begins: doctor reads it back from Prisma's logs. */
export const ORPHAN_PRECHECK_ERROR = `${TOOL}: cannot add the foreign key`;

/** What the headers name: the constraint, its table and the referenced one, as Prisma writes them. */
export interface ShownForeignKey {
  name: string;
  table: string;
  referenced: string;
  columns: string[];
  referencedColumns: string[];
  source: string;
}

const key = (n: { columns: string[] }) => `(${n.columns.join(", ")})`;
const refKey = (n: { referenced: string; referencedColumns: string[] }) => `"${n.referenced}" (${n.referencedColumns.join(", ")})`;
const names = (n: ShownForeignKey) => ({ table: n.table, index: n.name, referenced: n.referenced });

export const foreignKeyMessages = {
  precheckHeader(n: ShownForeignKey, locks: readonly LockTaken[], folder: string): string {
    return comment([
      `${ORPHAN_PRECHECK_MARKER} for the foreign key "${n.name}" of ${n.source}`,
      "",
      `Fails fast, before anything is changed, when a row of "${n.table}" has a key ${key(n)} with no row in`,
      `${refKey(n)}; rows with a NULL in a key column are never checked and are ignored.`,
      lockLine(locks, names(n)),
      "If it fails: nothing was changed. The error lists the missing keys and a query that finds the rows;",
      `delete or repair them, then \`${resolveRolledBack(folder)}\` and \`npx prisma migrate deploy\`.`,
    ]);
  },

  addHeader(n: ShownForeignKey, locks: readonly LockTaken[], ctx: LockStepContext): string {
    return comment([
      `prisma-concurrently: add the foreign key "${n.name}" NOT VALID for ${n.source}`,
      "",
      `Prisma writes ADD CONSTRAINT … FOREIGN KEY: it scans every row of "${n.table}" while holding SHARE ROW`,
      `EXCLUSIVE on "${n.table}" and "${n.referenced}", so every write to both waits for the whole scan.`,
      "NOT VALID skips the scan: from now on every INSERT and UPDATE is checked; the next migration checks",
      "the rows already there (VALIDATE CONSTRAINT) without blocking writes.",
      lockLine(locks, names(n)),
      ...lockStepMessages.header(ctx.lock, locks, ctx.folder),
    ]);
  },

  validateHeader(n: ShownForeignKey, locks: readonly LockTaken[], folder: string): string {
    return comment([
      `prisma-concurrently: validate the foreign key "${n.name}" for ${n.source}`,
      "",
      `Scans "${n.table}" for rows whose key ${key(n)} has no row in ${refKey(n)}.`,
      "A migration of its own: in one transaction with the ADD CONSTRAINT, the scan would run under its lock.",
      lockLine(locks, names(n)),
      `If it fails (23503, a row without its referenced row): the constraint stays NOT VALID and still checks`,
      "every new write. `npx prisma-concurrently doctor` shows the key; delete or repair those rows, then",
      `\`${resolveRolledBack(folder)}\` and \`npx prisma migrate deploy\`.`,
    ]);
  },

  describePrecheck: (n: ShownForeignKey) => `orphan pre-check for the foreign key "${n.name}" of ${n.source}`,
  describeAdd: (n: ShownForeignKey) => `add the foreign key "${n.name}" NOT VALID for ${n.source} (no scan)`,
  describeValidate: (n: ShownForeignKey) => `validate the foreign key "${n.name}" (scan; writes go on)`,

  /** format() template for the pre-check's error: %s are orphan rows, distinct missing keys, sample keys. */
  precheckFailure(fk: ForeignKeyDefinition & { name: string; source: string }, query: string, folder: string): string {
    const esc = (s: string) => s.replace(/%/g, "%%");
    return esc(`${ORPHAN_PRECHECK_ERROR} "${fk.name}" (${fk.source}): table "${fk.table}" has `) +
      `%s rows whose key (${esc(fk.columns.join(", "))}) has no row in ` + esc(`"${fk.referenced.table}" (${fk.referenced.columns.join(", ")})`) +
      ` (%s distinct keys). Most frequent missing keys (key x rows):\n  %s\n` +
      esc(`Nothing was changed. Find the rows with: ${query}\n` +
        `Delete them, set their key to NULL, or add the missing "${fk.referenced.table}" rows; then \`${resolveRolledBack(folder)}\` and \`npx prisma migrate deploy\`.`);
  },

  blockingForeignKey: (a: { name: string; table: string; referenced: string; migration: string; partitioned: boolean }): Violation => ({
    message: `ADD CONSTRAINT ${q(a.name)} FOREIGN KEY on ${a.table}, a table that existed before this migration, scans every row of it while holding SHARE ROW EXCLUSIVE on ${a.table} and ${a.referenced}: every INSERT, UPDATE and DELETE on both waits for the whole scan.`,
    fix: a.partitioned
      ? `PostgreSQL cannot add a NOT VALID foreign key to a partitioned table: add it on each partition (ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT), or run this migration at a quiet time.`
      : `run \`${fixCommand(a.migration)}\`: it adds the constraint NOT VALID in a migration of its own (brief lock, no scan), then checks the rows with VALIDATE CONSTRAINT in the next one (writes go on).`,
  }),
  blockingForeignKeyNotice: (a: { name: string; table: string }) =>
    `ADD CONSTRAINT ${q(a.name)} FOREIGN KEY blocks every write to ${a.table} while it scans the table.`,

  fixPartitioned: (migration: string, line: number, table: string) =>
    `${TOOL} fix: ${migration}/migration.sql line ${line}: ${table} is partitioned, and PostgreSQL cannot add a NOT VALID foreign key to a partitioned table. ` +
    "Nothing was changed. Keep Prisma's statement (run it at a quiet time), or add the key on each partition by hand.",
  fixNotAlone: (migration: string, line: number) =>
    `${TOOL} fix: ${migration}/migration.sql line ${line}: this ALTER TABLE does more than add the foreign key. Nothing was changed. ` +
    "Split it into one ALTER TABLE per change (as Prisma writes them), then run this again.",
  movedComment: (name: string, folder: string) =>
    `-- ${TOOL} fix: ADD CONSTRAINT ${q(name)} FOREIGN KEY was moved to ${folder} and the folders after it,\n` +
    "-- which add it NOT VALID (no scan) and then validate it (writes go on).",

  /** The generator leaves a relation's foreign key to Prisma: why, and what to do. */
  skipped(s: { name: string; source: string; table: string }, reason: ForeignKeySkipReason): string {
    const what = `the foreign key "${s.name}" of ${s.source}`;
    switch (reason.kind) {
      case "missing-columns":
        return `${TOOL}: skipped ${what}: "${reason.table}" has no column ${reason.columns.map((c) => `"${c}"`).join(", ")} in the migration history yet, ` +
          "so Prisma's next migration adds the column(s) and the foreign key together, and its ADD CONSTRAINT scans the table under a lock that blocks writes.\n" +
          "  Either add the column(s) first (a schema change and `prisma migrate dev` without the relation), then the relation in a second change: this generator then writes the safe steps;\n" +
          `  or let \`prisma migrate dev --create-only\` write the migration and run \`npx ${TOOL} fix\` on it before deploying.`;
      case "new-referenced-table":
        return `${TOOL}: skipped ${what}: the referenced table "${reason.table}" is not in the migration history yet. ` +
          `Let \`prisma migrate dev --create-only\` write the migration that creates it, then run \`npx ${TOOL} fix\` on it before deploying.`;
      case "changed":
        return `${TOOL}: skipped ${what}: "${s.table}" already has a foreign key of that name with another definition; Prisma drops and adds it. ` +
          `Run \`npx ${TOOL} fix\` on the migration Prisma writes: it adds the new one NOT VALID and validates it.`;
      case "partitioned":
        return `${TOOL}: skipped ${what}: "${s.table}" is partitioned, and PostgreSQL cannot add a NOT VALID foreign key to a partitioned table; Prisma adds it with a scan under lock.`;
    }
  },
};

export type ForeignKeySkipReason =
  | { kind: "missing-columns"; table: string; columns: string[] }
  | { kind: "new-referenced-table"; table: string }
  | { kind: "changed" }
  | { kind: "partitioned" };

/** What `doctor` says about a foreign key's folders (messages/doctor.ts calls these). */
export const foreignKeyDoctor = {
  stepText(kind: "precheck-fk" | "add-fk" | "validate-fk", t: { index: string; columns: string[] | null; references?: { table: string; columns: string[] } }, table: string): string {
    const key = `${t.columns ? ` (${t.columns.join(", ")})` : ""}${t.references ? ` → "${t.references.table}" (${t.references.columns.join(", ")})` : ""}`;
    return {
      "precheck-fk": `the orphan pre-check of the foreign key "${t.index}" on ${table}${key}`,
      "add-fk": `adding the foreign key "${t.index}" NOT VALID on ${table}${key}`,
      "validate-fk": `VALIDATE CONSTRAINT "${t.index}" on ${table}${key}`,
    }[kind];
  },
  orphanDetails(cause: { by: "precheck" | "validate"; detail: string | null }, table: string): string[] {
    return cause.by === "precheck"
      ? [`${table.charAt(0).toUpperCase()}${table.slice(1)} held ${cause.detail ?? "rows whose key has no referenced row (see the logs of the migration)"}`]
      : [
          `${table.charAt(0).toUpperCase()}${table.slice(1)} holds a row whose key has no referenced row (PostgreSQL names only the first it meets): ${cause.detail ?? "see the logs of the migration"}`,
          "The constraint stays NOT VALID: PostgreSQL already checks every new INSERT and UPDATE against it; only the rows written before it was added are not proven.",
        ];
  },
  changedNothing: (kind: "add-fk" | "validate-fk", t: { index: string }) =>
    kind === "add-fk"
      ? `Nothing was changed: the foreign key "${t.index}" was not added.`
      : `VALIDATE changed nothing: once the rows are repaired, running it again (after the resolve below) makes "${t.index}" valid.`,
  addInterrupted: (t: { index: string }, migration: string) =>
    `The deploy stopped without an error: when Prisma sends the file statement by statement, the ADD CONSTRAINT may have run before it stopped, so "${t.index}" may exist (NOT VALID). ${migration} cannot be marked rolled back blindly.`,
  addInterruptedNext: (t: { schema: string; table: string; index: string }, migration: string) =>
    `Look: \`SELECT convalidated FROM pg_constraint WHERE conname = '${t.index.replace(/'/g, "''")}' AND conrelid = '${q(t.schema)}.${q(t.table)}'::regclass;\` ` +
    `A row: \`npx prisma migrate resolve --applied ${migration}\`; none: \`npx prisma migrate resolve --rolled-back ${migration}\`.`,
  orphanRemedy(t: { schema: string; table: string; index: string; columns: string[] | null; references?: { schema: string; table: string; columns: string[] } } | null, table: string): string[] {
    const find = t?.columns && t.references
      ? `SELECT * FROM ${q(t.schema)}.${q(t.table)} AS r WHERE ${t.columns.map((c) => `r.${q(c)} IS NOT NULL`).join(" AND ")} AND NOT EXISTS (SELECT FROM ${q(t.references.schema)}.${q(t.references.table)} AS p WHERE ${t.columns.map((c, i) => `p.${q(t.references!.columns[i] ?? c)} = r.${q(c)}`).join(" AND ")});`
      : null;
    return [
      `Delete the rows of ${table} whose key has no referenced row, set their key to NULL, or add the missing referenced rows${find ? `; find them with: ${find}` : "."}`,
    ];
  },
};
