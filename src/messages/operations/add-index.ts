// Header of a create_index folder: what it builds, why it is alone, its lock, what to do when it fails.
import type { LockTaken } from "../../catalog/locks.js";
import { lockLine } from "./lock-line.js";
import { comment } from "./comment.js";


export const addIndexMessages = {
  header(index: { name: string; tableShown: string; indexSql: string; source: string }, locks: readonly LockTaken[], folder: string): string {
    return comment([
      `prisma-concurrently: build the index "${index.name}" for ${index.source}`,
      "",
      "Prisma writes CREATE INDEX: every write to the table waits for the whole build (SHARE lock).",
      "CREATE INDEX CONCURRENTLY cannot run in a transaction block: so it is alone in its migration.",
      lockLine(locks, { table: index.tableShown, index: index.name }),
      "While it waits for old transactions deploy is silent: `npx prisma-concurrently watch` shows why.",
      "If it fails (cancel, timeout) it leaves an INVALID index behind:",
      `  1. DROP INDEX CONCURRENTLY ${index.indexSql};`,
      `  2. npx prisma migrate resolve --rolled-back ${folder}`,
      "  3. fix the cause, then `npx prisma migrate deploy`",
    ]);
  },
  describe: (name: string, source: string) => `concurrent build of the index "${name}" for ${source}`,
};
