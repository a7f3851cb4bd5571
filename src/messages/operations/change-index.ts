// Headers of the three folders of a changed index: build the new definition under a temporary
// name, drop the old index, rename the new one to the real name.
import type { LockTaken } from "../../catalog/locks.js";
import { lockLine } from "./lock-line.js";
import { comment } from "./comment.js";
import { lockStepMessages } from "../lock-step.js";
import type { LockRetry } from "../../catalog/sql-shapes.js";

const resolveRolledBack = (folder: string) => `npx prisma migrate resolve --rolled-back ${folder}`;

interface Names { name: string; temporary: string; tableShown: string; source: string }

export const changeIndexMessages = {
  rebuild(n: Names & { indexSql: string }, locks: readonly LockTaken[], folder: string): string {
    return comment([
      `prisma-concurrently: build the new definition of "${n.name}" as "${n.temporary}" for ${n.source}`,
      "",
      "Prisma writes DROP INDEX + CREATE INDEX: the table is without the index and every write waits",
      "for the build. Here the new index is built next to the old one; the next migrations drop the old",
      `one and give the new one its name. The table always has one of the two.`,
      "CREATE INDEX CONCURRENTLY cannot run in a transaction block: so it is alone in its migration.",
      lockLine(locks, { table: n.tableShown, index: n.temporary }),
      "If it fails (cancel, timeout) it leaves an INVALID index behind:",
      `  1. DROP INDEX CONCURRENTLY ${n.indexSql};`,
      `  2. ${resolveRolledBack(folder)}`,
      "  3. fix the cause, then `npx prisma migrate deploy`",
    ]);
  },
  retire(n: Names, locks: readonly LockTaken[], folder: string): string {
    return comment([
      `prisma-concurrently: drop the old definition of "${n.name}" (its new one is built as "${n.temporary}")`,
      "",
      "DROP INDEX CONCURRENTLY cannot run in a transaction block: so it is alone in its migration.",
      lockLine(locks, { table: n.tableShown, index: n.name }),
      `If it fails (cancel, timeout) the index may be left INVALID: \`${resolveRolledBack(folder)}\`, then deploy again.`,
    ]);
  },
  rename(n: Names, locks: readonly LockTaken[], lock: LockRetry, folder: string): string {
    return comment([
      `prisma-concurrently: give "${n.temporary}" its name "${n.name}" for ${n.source}`,
      "",
      lockLine(locks, { table: n.tableShown, index: n.temporary }),
      "No lock on the table: reads and writes go on.",
      ...lockStepMessages.header(lock, locks, folder),
    ]);
  },
  swap(n: Names, locks: readonly LockTaken[], lock: LockRetry, folder: string): string {
    return comment([
      `prisma-concurrently: swap the UNIQUE constraint "${n.name}" onto its new definition "${n.temporary}" for ${n.source}`,
      "",
      "Prisma writes DROP INDEX, which PostgreSQL refuses for a constraint's index (2BP01). Here one",
      `ALTER TABLE drops the old constraint and attaches "${n.temporary}" (built by the previous migration)`,
      `as the constraint "${n.name}"; USING INDEX renames the index. Both or neither: the unique is enforced throughout.`,
      lockLine(locks, { table: n.tableShown, index: n.temporary }),
      ...lockStepMessages.header(lock, locks, folder),
    ]);
  },
  describeRebuild: (name: string, temporary: string, source: string) => `concurrent build of the new definition of "${name}" as "${temporary}" for ${source}`,
  describeRetire: (name: string) => `concurrent drop of the old definition of "${name}"`,
  describeRename: (temporary: string, name: string) => `rename "${temporary}" to "${name}" (index lock only)`,
  describeSwap: (temporary: string, name: string) => `swap the UNIQUE constraint "${name}" onto "${temporary}" in one brief ALTER TABLE`,
};
