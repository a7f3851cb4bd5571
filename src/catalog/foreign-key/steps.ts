// foreign-key: a foreign key added to a table that has rows → orphan pre-check (optional), ADD
// CONSTRAINT … NOT VALID under the lock step (brief: no scan; new writes are checked from then on),
// VALIDATE CONSTRAINT in a folder of its own (it scans, but takes only SHARE UPDATE EXCLUSIVE on the
// table and ROW SHARE on the referenced one: writes go on). Words never change: folders are read back by them.
import type { LockTaken } from "../locks.js";
import type { StepSpec } from "../operation.js";
import { quoteIdent, tableRef } from "../../sql/quote.js";
import type { ForeignKeyDefinition } from "../../core/state.js";
import { lockStep } from "../sql-shapes.js";
import { foreignKeyMessages } from "../../messages/operations/foreign-key.js";
import { orphanPrecheckBlock } from "./precheck-sql.js";
import { addForeignKeyRead, orphanPrecheckRead, validateConstraintRead } from "../read-back.js";

/** A foreign key to add: its definition in Prisma's spelling, its name, and what declares it. */
export interface PlannedForeignKey extends ForeignKeyDefinition {
  name: string;
  /** Prisma qualifies names outside the default schema. */
  qualified: boolean;
  referencedQualified: boolean;
  /** `Click.sourceAd @relation(…)`, or the statement's table and constraint for `fix`. */
  source: string;
}

export type PrecheckForeignKeyStep = { kind: "precheck-fk"; fk: PlannedForeignKey };
export type AddForeignKeyStep = { kind: "add-fk"; fk: PlannedForeignKey };
export type ValidateForeignKeyStep = { kind: "validate-fk"; fk: PlannedForeignKey };
export type ForeignKeyStep = PrecheckForeignKeyStep | AddForeignKeyStep | ValidateForeignKeyStep;

export const foreignKeyTableSql = (fk: PlannedForeignKey) => tableRef({ schema: fk.schema, name: fk.table, qualified: fk.qualified });
export const referencedTableSql = (fk: PlannedForeignKey) => tableRef({ schema: fk.referenced.schema, name: fk.referenced.table, qualified: fk.referencedQualified });
const columnList = (columns: readonly string[]) => columns.map(quoteIdent).join(", ");

/** `ALTER TABLE "t" ADD CONSTRAINT "n" FOREIGN KEY ("a") REFERENCES "r"("id") ON DELETE … ON UPDATE …` as Prisma writes it (no semicolon). */
export function addConstraintSql(fk: PlannedForeignKey): string {
  return `ALTER TABLE ${foreignKeyTableSql(fk)} ADD CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${columnList(fk.columns)}) ` +
    `REFERENCES ${referencedTableSql(fk)}(${columnList(fk.referenced.columns)}) ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;
}

export const validateSql = (fk: PlannedForeignKey) => `ALTER TABLE ${foreignKeyTableSql(fk)} VALIDATE CONSTRAINT ${quoteIdent(fk.name)};`;

const target = (fk: PlannedForeignKey) => ({ schema: fk.schema, table: fk.table, name: fk.name, qualified: fk.qualified });
const shown = (fk: PlannedForeignKey) => ({
  name: fk.name,
  table: fk.qualified ? `${fk.schema}.${fk.table}` : fk.table,
  referenced: fk.referencedQualified ? `${fk.referenced.schema}.${fk.referenced.table}` : fk.referenced.table,
  columns: fk.columns,
  referencedColumns: fk.referenced.columns,
  source: fk.source,
});

const READS: readonly LockTaken[] = [
  { on: "table", mode: "ACCESS SHARE", held: "build", waitsForOlderTransactions: false },
  { on: "referenced", mode: "ACCESS SHARE", held: "build", waitsForOlderTransactions: false },
];

export const precheckForeignKeyStep: StepSpec<PrecheckForeignKeyStep> = {
  kind: "precheck-fk",
  word: "precheck_fk",
  alone: false,
  locks: READS,
  target: (s) => target(s.fk),
  sql: (s, ctx) => orphanPrecheckBlock(s.fk, ctx.folder),
  header: (s, ctx) => foreignKeyMessages.precheckHeader(shown(s.fk), precheckForeignKeyStep.locks, ctx.folder),
  describe: (s) => foreignKeyMessages.describePrecheck(shown(s.fk)),
  readBack: orphanPrecheckRead,
};

export const addForeignKeyStep: StepSpec<AddForeignKeyStep> = {
  kind: "add-fk",
  word: "add_fk",
  alone: false,
  // No scan with NOT VALID: both locks are held for the catalog change only.
  locks: [
    { on: "table", mode: "SHARE ROW EXCLUSIVE", held: "brief", waitsForOlderTransactions: false },
    { on: "referenced", mode: "SHARE ROW EXCLUSIVE", held: "brief", waitsForOlderTransactions: false },
  ],
  target: (s) => target(s.fk),
  sql: (s, ctx) => lockStep(ctx, `${addConstraintSql(s.fk)} NOT VALID;`),
  header: (s, ctx) => foreignKeyMessages.addHeader(shown(s.fk), addForeignKeyStep.locks, ctx),
  describe: (s) => foreignKeyMessages.describeAdd(shown(s.fk)),
  readBack: addForeignKeyRead,
};

export const validateForeignKeyStep: StepSpec<ValidateForeignKeyStep> = {
  kind: "validate-fk",
  word: "validate_fk",
  alone: false,
  locks: [
    { on: "table", mode: "SHARE UPDATE EXCLUSIVE", held: "build", waitsForOlderTransactions: false },
    { on: "referenced", mode: "ROW SHARE", held: "build", waitsForOlderTransactions: false },
  ],
  target: (s) => target(s.fk),
  // No lock_timeout: neither lock makes writers queue behind it, and the scan may take long.
  sql: (s) => `${validateSql(s.fk)}\n`,
  header: (s, ctx) => foreignKeyMessages.validateHeader(shown(s.fk), validateForeignKeyStep.locks, ctx.folder),
  describe: (s) => foreignKeyMessages.describeValidate(shown(s.fk)),
  readBack: validateConstraintRead("validate-fk"),
};
