// drop-unique-constraint: a unique constraint the schema no longer declares → DROP CONSTRAINT
// in the retrying lock step (Prisma's DROP INDEX fails with 2BP01 on a constraint's index).
import type { StepSpec } from "../operation.js";
import { quoteIdent, tableRef } from "../../sql/quote.js";
import type { AppliedIndex, DesiredTable } from "../../core/state.js";
import { headers } from "../../messages/headers.js";
import { lockStep } from "../sql-shapes.js";
import { dropConstraintRead } from "../read-back.js";

/** `replacedBy`: the temporary name of the index that replaces it (change-index: a unique constraint → an index under its name). */
export type DropConstraintStep = { kind: "drop"; index: AppliedIndex; table: DesiredTable; replacedBy?: string };

export const dropConstraintStep: StepSpec<DropConstraintStep> = {
  kind: "drop",
  word: "drop_unique",
  alone: false,
  locks: [{ on: "table", mode: "ACCESS EXCLUSIVE", held: "brief", waitsForOlderTransactions: false }],
  target: (s) => ({ schema: s.index.schema, table: s.index.table, name: s.index.name, qualified: s.table.qualified }),
  sql: (s, ctx) => lockStep(ctx, `ALTER TABLE ${tableRef(s.table)} DROP CONSTRAINT ${quoteIdent(s.index.name)};`),
  header: (s, ctx) => headers.drop(s, ctx, dropConstraintStep.locks),
  describe: (s) =>
    s.replacedBy
      ? `drop the UNIQUE constraint "${s.index.name}" (its new definition is built as "${s.replacedBy}")`
      : `drop the UNIQUE constraint "${s.index.name}" that ${s.table.model} no longer declares`,
  readBack: dropConstraintRead,
};
