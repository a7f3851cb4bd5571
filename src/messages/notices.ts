// What the generator and the CLI say to people. Each message names the thing, says what would
// break, and gives the exact next step.
import { partitionedIndexMessages } from "./operations/partitioned-index.js";
import type { ReplayWarning } from "../core/replay.js";
import type { Skip } from "../core/plan.js";
import { describeSource, type Unfollowed } from "../core/state.js";
import type { LockOwner } from "../io/migrations-lock.js";

export const TOOL = "prisma-concurrently";

/** A path as a POSIX shell reads it back (quoted only when it needs to be). */
export const shellQuote = (path: string) => (/^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`);

export const notices = {
  unknownConfigKey: (key: string, accepted: readonly string[]) =>
    `${TOOL}: unknown option "${key}" in the generator block. Accepted options: ${accepted.join(", ")}.`,

  badConfigValue: (key: string, value: string, accepted: readonly string[]) =>
    `${TOOL}: option ${key} = "${value}" is not valid. Accepted: ${accepted.join(" or ")}.`,

  lockTimeoutAndBudget: () =>
    `${TOOL}: the generator block sets both lockTimeout and lockRetryBudget. lockTimeout is the earlier name of lockRetryBudget ` +
    "(how long a step keeps trying to get its lock): keep only lockRetryBudget, and set lockAttemptTimeout for the longest one attempt may wait.",

  lockAttemptOverBudget: (attempt: string, budget: string, budgetKey: string) =>
    `${TOOL}: lockAttemptTimeout = "${attempt}" is longer than ${budgetKey} = "${budget}", the time all attempts together may take. ` +
    `Make lockAttemptTimeout shorter (it is the longest any query waits behind the step's lock request) or ${budgetKey} longer.`,

  notPostgres: (provider: string) =>
    `${TOOL}: the datasource provider is "${provider}"; this generator only plans PostgreSQL migrations, so it does nothing here.`,

  configuredFolderMissing: (path: string) =>
    `${TOOL}: the migrations folder ${path} (option "migrations") does not exist. ` +
    "Fix the path in the generator block, or remove the option to use the migrations folder Prisma uses.",

  folderWithoutScript: (folder: string) =>
    `${TOOL}: the migration folder ${folder} has no migration.sql. Prisma cannot apply it either: ` +
    "add its migration.sql, or delete the folder if it was never deployed. Nothing was written.",

  unparsableHistory: (file: string, line: number, column: number, message: string) =>
    `${TOOL}: cannot read ${file} (line ${line}, column ${column}): ${message}.\n` +
    "PostgreSQL's parser rejects it, so neither this tool nor the database can run it. Fix the SQL, then run `npx prisma generate` again. Nothing was written.",

  folderClash: (existing: string, wanted: string) =>
    `${TOOL}: the folder ${existing} already exists for the step ${wanted}, but the history does not do what that step does ` +
    "(was its migration.sql emptied or edited?). If it was never deployed, delete it and run `npx prisma generate` again; " +
    "otherwise restore its content. Nothing was written.",

  folderTaken: (name: string) =>
    `${TOOL}: the migration folder ${name} already exists (another run wrote it at the same second?). ` +
    "Run `npx prisma generate` again: it plans from the folders as they are now. Nothing was written.",

  lockBusy: (lockFile: string, owner: LockOwner | null, waitedMs: number) =>
    `${TOOL}: another run is writing into this migrations folder: ${owner ? `process ${owner.pid} on ${owner.host}, since ${owner.since}` : "its lock file names no process"} ` +
    `(lock ${lockFile}); waited ${waitedMs / 1000} s. Let it finish, then run \`npx prisma generate\` again: it plans from the folders the other run wrote. ` +
    `If no such process runs, remove the lock: rm ${shellQuote(lockFile)}. Nothing was written.`,

  stagingRemoved: (path: string) =>
    `${TOOL}: removed ${path}, the staging folder of an interrupted run (never a migration: Prisma does not read it).`,

  oldTempRemoved: (path: string) =>
    `${TOOL}: removed ${path}, left there by an interrupted run of an earlier release that staged inside the migrations folder; ` +
    "Prisma would have listed it as pending and `prisma migrate deploy` would have applied it.",

  oldTempFound: (path: string) =>
    `${TOOL}: ${path} was left inside the migrations folder by an interrupted run of an earlier release that staged there. ` +
    `Prisma lists it as a pending migration and \`prisma migrate deploy\` would apply it first (a dot sorts before every timestamp). Remove it before any deploy: rm -r ${shellQuote(path)}`,

  oldTempInUse: (path: string, pid: number) =>
    `${TOOL}: ${path} was left there by a run of an earlier release that staged inside the migrations folder, whose process ${pid} still runs. ` +
    `Prisma reads it as a migration: do not deploy until it is gone. Once no \`prisma generate\` runs: rm -r ${shellQuote(path)}`,

  stagingOtherFilesystem: (staging: string, dir: string) =>
    `${TOOL}: cannot move ${staging} into ${dir}: the migrations folder is on another filesystem than its parent folder ` +
    "(is it a mount point of its own?), so a folder cannot be moved in with one rename and a crash could leave half of it. " +
    "Mount the folder that contains the migrations folder instead, so that both are on one filesystem. Nothing was written.",

  completingSet: (buildFolder: string, attachFolder: string) =>
    `${TOOL}: ${buildFolder} builds an index that no migration attaches as a constraint yet (an interrupted run wrote only part of its folders): ` +
    `${attachFolder} completes it.`,

  shadowedByTemporaryTable: (shadowed: Array<{ table: string; migrationSql: string; line: number }>) =>
    shadowed.map((s) =>
      `${TOOL}: ${s.migrationSql} line ${s.line} creates a temporary table "${s.table}" and never drops it. ` +
      "`prisma migrate deploy` applies every pending migration over one connection, so in a deploy that runs it together with the new folders, " +
      `"${s.table}" there would mean the temporary table: the unique index would be built on it and vanish with it. ` +
      `If that migration was never deployed, end it with DROP TABLE pg_temp."${s.table}"; otherwise create a migration that holds only ` +
      `DROP TABLE IF EXISTS pg_temp."${s.table}"; (\`npx prisma migrate dev --create-only\`), then run \`npx prisma generate\` again.`,
    ).join("\n") + " Nothing was written.",

  folderOrder: (newest: string) =>
    `${TOOL}: no new migration folder can sort after "${newest}", so Prisma would apply it out of order. ` +
    "Rename that folder to Prisma's YYYYMMDDHHMMSS_name format if it was never deployed. Nothing was written.",

  replayWarning: (w: ReplayWarning) => `${TOOL}: warning: ${w.migration}/migration.sql line ${w.line}: ${w.statement}\n  ${w.message}`,

  wrote: (relativeFolder: string, what: string) => `${TOOL}: wrote ${relativeFolder}  (${what})`,
  wouldWrite: (relativeFolder: string, what: string) => `${TOOL}: would write ${relativeFolder}  (${what})`,

  planOnly: (source: "config" | "ci" | "default" | "cli") =>
    source === "ci"
      ? `${TOOL}: CI is set, so nothing was written (a build server must not write unreviewed migrations). ` +
        "Run `npx prisma generate` locally, review and commit the folders above."
      : `${TOOL}: emit = "plan", so nothing was written.`,

  nextAfterWrite: (builds: boolean) =>
    `${TOOL}: review and commit these folders, then apply them with \`npx prisma migrate deploy\`.` +
    (builds
      ? `\n${TOOL}: a concurrent build waits for every older transaction, and the deploy prints nothing meanwhile: ` +
        `\`npx ${TOOL} watch\` in another terminal shows its progress and what it waits for.`
      : ""),

  /** `shownDir`: the migrations folder as the user sees it, for the file a message points at. */
  skipped(skip: Skip, shownDir = "prisma/migrations"): string {
    const what = describeSource(skip.unique.source);
    const table = skip.unique.table;
    switch (skip.reason.kind) {
      case "new-table":
        if (skip.reason.unfollowed.length > 0) {
          return `${TOOL}: skipped ${what}: table "${table}" is not in the migration history as far as it can be followed; ` +
            `it cannot be followed through ${unfollowedText(skip.reason.unfollowed, shownDir)}, which may create it.\n` +
            `  If Prisma creates the table, it creates it with its index on an empty table: nothing to do. ${seeWhatPrismaAdds("table", table)}`;
        }
        return `${TOOL}: skipped ${what}: table "${table}" is new, so Prisma creates it together with its index on an empty table.`;
      case "missing-columns": {
        const columns = skip.reason.columns.map((c) => `"${c}"`).join(", ");
        if (skip.reason.unfollowed.length > 0) {
          return `${TOOL}: skipped ${what}: as far as the migration history can be followed, table "${table}" has no column ${columns}; ` +
            `it cannot be followed through ${unfollowedText(skip.reason.unfollowed, shownDir)}, which may have created it.\n` +
            `  ${seeWhatPrismaAdds(`column ${columns}`, table)}`;
        }
        return `${TOOL}: skipped ${what}: table "${table}" has no column ${columns} in the migration history yet.\n` +
          "  Create the column first: `npx prisma migrate dev --create-only`, review it, deploy it, then run `npx prisma generate` again.";
      }
      case "partitioned": // only when the partitioned-index operation cannot plan it (a column the history lacks)
        return `${TOOL}: skipped ${what}: table "${table}" is partitioned, and PostgreSQL cannot build an index on a partitioned table concurrently. ` +
          "Build it on each partition concurrently by hand, then attach them with ALTER INDEX … ATTACH PARTITION.";
      case "partition-key":
        return `${TOOL}: ${partitionedIndexMessages.keyProblem(`skipped ${what}`, table, skip.reason.problem)}`;
      case "name-taken":
        return `${TOOL}: skipped ${what}: the index name "${skip.unique.name}" is already used by another index on "${skip.reason.existing.table}" ` +
          `(from ${skip.reason.existing.origin}). Give the unique another name with map: "…", or drop the old index first.`;
    }
  },

  /** The last line of `plan` when it writes nothing: true to the skipped lines above it. */
  nothingToWrite(skipped: readonly Skip[]): string {
    const blocked = skipped.filter((s) => s.reason.kind !== "new-table").length;
    if (blocked > 0) return `${TOOL}: nothing written: ${blocked} unique${blocked === 1 ? " is" : "s are"} skipped (above), each with what to do.`;
    if (skipped.length > 0) return `${TOOL}: nothing to do: every other unique in the schema is already in the migration history.`;
    return `${TOOL}: nothing to do: every unique in the schema is already in the migration history.`;
  },

  pending: (count: number) => `${TOOL}: ${count} migration folder${count === 1 ? "" : "s"} pending.`,
};

/** `prisma/migrations/x/migration.sql line 3 (a DO block)`, for the first few statements. */
function unfollowedText(list: readonly Unfollowed[], shownDir: string): string {
  const shown = list.slice(0, 3).map((u) => `${shownDir}/${u.migration}/migration.sql line ${u.line} (${u.what})`);
  return shown.join(", ") + (list.length > 3 ? ` and ${list.length - 3} more` : "");
}

/** What to run to learn whether an unfollowed statement made it, and the step for each answer. */
const seeWhatPrismaAdds = (thing: string, table: string) =>
  `Prisma's own replay runs those statements: \`npx prisma migrate dev --create-only\` writes what the database still lacks. ` +
  `If that migration adds the ${thing} of "${table}", review and deploy it, then run \`npx prisma generate\` again. ` +
  `If it only builds the unique index, the ${thing} exists: turn that build into concurrent folders with \`npx ${TOOL} fix <that migration>\`.`;
