// add-unique: a new @@unique / @unique on an existing table → pre-check (optional), concurrent
// unique build alone in its folder, attach as a constraint USING INDEX (optional). Words are the
// oldest of the tool's folder names: never change them. The pre-check's SQL stays in core/render.ts.
import { CONCURRENT_BUILD } from "../locks.js";
import type { StepSpec } from "../operation.js";
import { quoteIdent, tableRef } from "../../sql/quote.js";
import type { DesiredUnique } from "../../core/state.js";
import { describeSource } from "../../core/state.js";
import { headers } from "../../messages/headers.js";
import { precheckBlock } from "../../core/render.js";
import { lockStep } from "../sql-shapes.js";
import { addConstraintUsingIndexRead, concurrentBuildRead, precheckRead } from "../read-back.js";

export type IndexOnlyReason = "sort-order" | "disabled";

export type PrecheckStep = { kind: "precheck"; unique: DesiredUnique };
export type BuildStep = { kind: "build"; unique: DesiredUnique; attach: boolean; indexOnlyReason: IndexOnlyReason | null };
/**
 * `completes`: the build folder of an earlier, interrupted run that this attach finishes (core/interrupted-sets.ts).
 * `usingIndex`: the index to attach when it is not the unique's own name (a changed index's new
 * definition under its temporary name: USING INDEX renames it to the constraint's name).
 */
export type AttachStep = { kind: "attach"; unique: DesiredUnique; completes?: string; usingIndex?: string };

const target = (u: DesiredUnique) => ({ schema: u.schema, table: u.table, name: u.name, qualified: u.qualified });
const tableOf = (u: DesiredUnique) => tableRef({ ...u, name: u.table });
const columnList = (u: DesiredUnique) => u.columns.map((c) => `${quoteIdent(c.name)}${c.desc ? " DESC" : ""}`).join(", ");

export const precheckStep: StepSpec<PrecheckStep> = {
  kind: "precheck",
  word: "precheck_unique",
  alone: false,
  locks: [{ on: "table", mode: "ACCESS SHARE", held: "build", waitsForOlderTransactions: false }],
  target: (s) => target(s.unique),
  sql: (s, ctx) => precheckBlock(s.unique, ctx.folder),
  header: (s, ctx) => headers.precheck(s, ctx),
  describe: (s) => `duplicate pre-check for ${describeSource(s.unique.source)}`,
  readBack: precheckRead,
};

export const buildStep: StepSpec<BuildStep> = {
  kind: "build",
  word: "index_unique",
  alone: true,
  locks: [CONCURRENT_BUILD],
  target: (s) => target(s.unique),
  sql: (s) => `CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdent(s.unique.name)} ON ${tableOf(s.unique)}(${columnList(s.unique)});\n`,
  header: (s, ctx) => headers.build(s, ctx),
  describe: (s) => `concurrent build of "${s.unique.name}" for ${describeSource(s.unique.source)}${s.attach ? "" : ", kept as an index"}`,
  readBack: concurrentBuildRead,
};

export const attachStep: StepSpec<AttachStep> = {
  kind: "attach",
  word: "attach_unique",
  alone: false,
  locks: [{ on: "table", mode: "ACCESS EXCLUSIVE", held: "brief", waitsForOlderTransactions: false }],
  target: (s) => target(s.unique),
  sql: (s, ctx) => {
    const index = quoteIdent(s.usingIndex ?? s.unique.name);
    return lockStep(ctx, `ALTER TABLE ${tableOf(s.unique)} ADD CONSTRAINT ${quoteIdent(s.unique.name)} UNIQUE USING INDEX ${index};`);
  },
  header: (s, ctx) => headers.attach(s, ctx, attachStep.locks),
  describe: (s) =>
    s.usingIndex
      ? `attach "${s.usingIndex}" as the UNIQUE constraint "${s.unique.name}" (USING INDEX renames it)`
      : `attach "${s.unique.name}" as a UNIQUE constraint${s.completes ? `, completing ${s.completes}` : ""}`,
  readBack: addConstraintUsingIndexRead,
};
