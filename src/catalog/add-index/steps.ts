// add-index: one step, CREATE INDEX CONCURRENTLY alone in its folder. No pre-check, no attach.
import { CONCURRENT_BUILD } from "../locks.js";
import type { StepSpec } from "../operation.js";
import { quoteIdent } from "../../sql/quote.js";
import { addIndexMessages } from "../../messages/operations/add-index.js";
import { concurrentBuildRead } from "../read-back.js";

/** A plain index to build: where, its name, and the statement that builds it concurrently. */
export interface IndexBuild {
  schema: string;
  table: string;
  qualified: boolean;
  name: string;
  /** `CREATE INDEX CONCURRENTLY "n" ON "t" …;` in Prisma's spelling of the definition. */
  statement: string;
  /** What declares it, for messages: `Post @@index([title])`, or the statement's table and name. */
  source: string;
}

export type CreateIndexStep = { kind: "create-index"; index: IndexBuild };

const shown = (i: { schema: string; table: string; qualified: boolean }) => (i.qualified ? `${i.schema}.${i.table}` : i.table);
const indexSql = (i: { schema: string; name: string; qualified: boolean }) => `${i.qualified ? `${quoteIdent(i.schema)}.` : ""}${quoteIdent(i.name)}`;

export const createIndexStep: StepSpec<CreateIndexStep> = {
  kind: "create-index",
  word: "create_index",
  alone: true,
  locks: [CONCURRENT_BUILD],
  target: (s) => s.index,
  sql: (s) => `${s.index.statement}\n`,
  header: (s, ctx) =>
    addIndexMessages.header({ name: s.index.name, tableShown: shown(s.index), indexSql: indexSql(s.index), source: s.index.source }, createIndexStep.locks, ctx.folder),
  describe: (s) => addIndexMessages.describe(s.index.name, s.index.source),
  readBack: concurrentBuildRead,
};

export { shown as tableShown, indexSql };
