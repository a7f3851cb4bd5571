// Headers and one-line descriptions of the partitioned-index folders: the index ON ONLY a
// partitioned table, each partition's concurrent build, each attach, and the drop.
import type { LockTaken } from "../../catalog/locks.js";
import type { HeaderContext } from "../headers.js";
import { lockLine } from "./lock-line.js";
import { comment } from "./comment.js";
import { lockStepMessages } from "../lock-step.js";

/** The header of the check that a partitioned table's index is valid: the replay knows this DO block only reads. */
export const VERIFY_MARKER = "prisma-concurrently: check that the partitioned index";

const resolveRolledBack = (folder: string) => `npx prisma migrate resolve --rolled-back ${folder}`;

interface Names {
  /** The index this folder creates or attaches, and its table. */
  name: string;
  table: string;
  /** Prisma's index on the root table, and that table. */
  rootName: string;
  rootTable: string;
  source: string;
  unique: boolean;
}

/** Why a partitioned table's unique is a unique index and not a constraint: the headers say it. */
export const STAYS_UNIQUE_INDEX =
  "It stays a unique index, not a constraint: PostgreSQL cannot add a constraint USING INDEX on a partitioned table. " +
  "Prisma describes both the same way: it sees the same unique.";


export const partitionedIndexMessages = {
  onOnlyHeader(n: Names & { root: boolean }, locks: readonly LockTaken[], ctx: HeaderContext): string {
    return comment([
      n.root
        ? `prisma-concurrently: create the ${n.unique ? "unique " : ""}index "${n.name}" ON ONLY the partitioned table "${n.table}" for ${n.source}`
        : `prisma-concurrently: create "${n.name}" ON ONLY the sub-partitioned partition "${n.table}", for "${n.rootName}" of "${n.rootTable}"`,
      "",
      "PostgreSQL cannot build an index on a partitioned table concurrently (0A000), and Prisma's CREATE INDEX",
      "on it holds SHARE on every partition (every write waits) for the whole build.",
      "ON ONLY creates the table's own index without building anything: it starts INVALID. The next migrations",
      "build it on each partition concurrently and attach them; it turns valid with the last attach.",
      ...(n.unique && n.root ? [STAYS_UNIQUE_INDEX] : []),
      lockLine(locks, { table: n.table, index: n.name }),
      ...lockStepMessages.header(ctx.lock, locks, ctx.folder),
    ]);
  },

  buildHeader(n: Names & { position: number; total: number; indexSql: string }, locks: readonly LockTaken[], folder: string): string {
    return comment([
      `prisma-concurrently: build "${n.name}" on the partition "${n.table}" (${n.position} of ${n.total}) for "${n.rootName}" of "${n.rootTable}" (${n.source})`,
      "",
      "CREATE INDEX CONCURRENTLY cannot run in a transaction block: so it is alone in its migration.",
      lockLine(locks, { table: n.table, index: n.name }),
      "While it waits for old transactions deploy is silent: `npx prisma-concurrently watch` shows why.",
      `If it fails (${n.unique ? "duplicates, " : ""}cancel, timeout) it leaves an INVALID index behind; the partitions built before stay built:`,
      `  1. DROP INDEX CONCURRENTLY ${n.indexSql};`,
      `  2. ${resolveRolledBack(folder)}`,
      "  3. fix the cause (`npx prisma-concurrently doctor` says why), then `npx prisma migrate deploy`:",
      "     it goes on from this partition.",
      "(`npx prisma-concurrently doctor --fix` does steps 1 and 2.)",
    ]);
  },

  attachHeader(n: Names & { parent: string; root: boolean }, locks: readonly LockTaken[], ctx: HeaderContext): string {
    return comment([
      `prisma-concurrently: attach "${n.name}" of "${n.table}" to "${n.parent}"`,
      "",
      `A catalog change, no scan. ${n.root ? `"${n.rootName}"` : `"${n.parent}"`} turns valid once every partition has its index attached.`,
      `${lockLine(locks, { table: n.table, index: n.name })} Also SHARE UPDATE EXCLUSIVE on "${n.parent}", ACCESS SHARE on both tables.`,
      ...lockStepMessages.header(ctx.lock, locks, ctx.folder),
    ]);
  },

  dropHeader(n: { name: string; table: string }, locks: readonly LockTaken[], ctx: HeaderContext): string {
    return comment([
      `prisma-concurrently: drop the index "${n.name}" of the partitioned table "${n.table}"`,
      "",
      "The schema no longer declares it. PostgreSQL refuses DROP INDEX CONCURRENTLY for an index on a partitioned",
      "table (0A000) and cannot detach a partition's index from it: DROP INDEX is the only way. It changes the",
      "catalog only (no scan), but takes ACCESS EXCLUSIVE on the table, every partition and each one's index:",
      "queued behind any open transaction on any of them, with every later query queued behind it.",
      `${lockLine(locks, { table: n.table, index: n.name })} (and on every partition)`,
      ...lockStepMessages.header(ctx.lock, locks, ctx.folder),
    ]);
  },

  verifyHeader: (name: string, table: string) => comment([
    `${VERIFY_MARKER} "${name}" of "${table}" is valid`,
    "",
    `Every partition the migration history has now has its index attached, so "${name}" is valid, unless a`,
    "partition was created outside the migrations (by the application, pg_partman, cron): then this fails",
    "the deploy and names those partitions, instead of leaving an INVALID index that Prisma takes for a good one.",
    "Lock: none (it reads the catalog only).",
  ]),
  /** format() template of the check's error: %s is the partitions without a valid attached index. */
  verifyFailure: (name: string, table: string, folder: string) =>
    `prisma-concurrently: the index "${name}" of "${table}" is still INVALID: the partitions %s have no valid index attached ` +
    "(the migration history does not create them). For each one: CREATE INDEX CONCURRENTLY <name> ON <partition> (the same columns); " +
    `ALTER INDEX "${name}" ATTACH PARTITION <name>; then \`npx prisma migrate resolve --rolled-back ${folder}\` and \`npx prisma migrate deploy\`.`,
  describeVerify: (name: string) => `check that "${name}" is valid (every partition attached)`,
  describeOnOnly: (name: string, table: string, source: string) => `index "${name}" ON ONLY "${table}" (INVALID until its partitions are attached) for ${source}`,
  describeBuild: (name: string, partition: string, position: number, total: number) => `concurrent build of "${name}" on the partition "${partition}" (${position} of ${total})`,
  describeAttach: (name: string, parent: string) => `attach "${name}" to "${parent}"`,
  describeDrop: (name: string, table: string) => `drop the index "${name}" of the partitioned table "${table}" in the retrying lock step`,

  /** `<what>: ` why a unique cannot be on this partitioned table, and what would work. */
  keyProblem(what: string, table: string, problem: { kind: "expression-key"; table: string } | { kind: "missing-key-columns"; missing: Array<{ table: string; column: string }> }): string {
    if (problem.kind === "expression-key") {
      return `${what}: "${problem.table}" is partitioned by an expression, and PostgreSQL accepts no unique on a table partitioned by an expression. ` +
        "Declare it as an @@index instead, or enforce the rule another way.";
    }
    const columns = [...new Set(problem.missing.map((m) => m.column))];
    const where = problem.missing.map((m) => `"${m.column}" (the partition key of "${m.table}")`).join(", ");
    return `${what}: a unique on the partitioned table "${table}" must contain every partition-key column (PostgreSQL's rule: each partition checks its own rows only), and it lacks ${where}. ` +
      `Nothing was written. Add ${columns.map((c) => `"${c}"`).join(", ")} to its fields, or make it an @@index.`;
  },
};
