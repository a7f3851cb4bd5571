// Header of a drop_index folder: what it removes, why it is alone, its lock, what to do when it fails.
import type { LockTaken } from "../../catalog/locks.js";
import { lockLine } from "./lock-line.js";
import { comment } from "./comment.js";


export const dropIndexMessages = {
  header(index: { name: string; tableShown: string }, locks: readonly LockTaken[], folder: string): string {
    return comment([
      `prisma-concurrently: drop the index "${index.name}" of "${index.tableShown}"`,
      "",
      "The schema no longer declares it. Prisma writes DROP INDEX: ACCESS EXCLUSIVE on the table, queued",
      "behind any open transaction, with every later query queued behind it.",
      "DROP INDEX CONCURRENTLY cannot run in a transaction block: so it is alone in its migration.",
      lockLine(locks, { table: index.tableShown, index: index.name }),
      "If it fails (cancel, timeout) the index may be left INVALID; run the same migration again:",
      `  1. npx prisma migrate resolve --rolled-back ${folder}`,
      "  2. `npx prisma migrate deploy`",
    ]);
  },
  describe: (name: string, table: string) => `concurrent drop of the index "${name}" of "${table}"`,
};
