// Everything `check` and `fix` say, in one place (strong_migrations style): each rule's message
// says in one sentence what would break, and its fix is the exact thing to run or write.
import { shellQuote, TOOL } from "./notices.js";
import { quoteIdent } from "../sql/quote.js";
import { columnsSql, underLockTimeout } from "../check/sql-facts.js";
import type { Violation } from "../check/rule.js";
import type { FixScope } from "../fix/scope.js";
import type { MovedKind } from "../fix/plan-fix.js";
import { foreignKeyMessages } from "./operations/foreign-key.js";
import type { KeyProblem } from "../catalog/partitioned-index/tree.js";
import { partitionedIndexMessages } from "./operations/partitioned-index.js";
import { notNullMessages } from "./operations/not-null.js";

const q = quoteIdent;
export const DISABLE_NEXT_LINE = `${TOOL}-disable-next-line`;
const fixCommand = (migration: string) => `npx ${TOOL} fix ${migration}`;
const ownFolder = "move it into a migration folder of its own, whose migration.sql holds only this statement (comments are fine)";

export const ruleMessages = {
  blockingUniqueIndex: (a: { name: string; table: string; migration: string; partitioned: boolean }): Violation => ({
    message: `CREATE UNIQUE INDEX ${q(a.name)} on ${a.table}, a table that existed before this migration, blocks every INSERT, UPDATE and DELETE on it (SHARE lock) for the whole build.`,
    fix: a.partitioned
      ? partitionedFix
      : `run \`${fixCommand(a.migration)}\`: it moves the build into migrations of its own right after this one (CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … USING INDEX in a retrying lock step).`,
  }),

  blockingIndex: (a: { name: string; table: string; concurrentSql: string | null; partitioned: boolean; migration: string }): Violation => ({
    message: `CREATE INDEX ${q(a.name)} on ${a.table}, a table that existed before this migration, blocks every INSERT, UPDATE and DELETE on it (SHARE lock) for the whole build.`,
    fix: a.partitioned
      ? partitionedFix
      : a.concurrentSql
        ? `run \`${fixCommand(a.migration)}\`: it moves the build into a migration of its own right after this one: ${a.concurrentSql}`
        : `build it concurrently and ${ownFolder}: the same statement with CONCURRENTLY after CREATE INDEX`,
  }),

  blockingDropIndex: (a: { name: string; table: string; migration: string; partitioned: boolean }): Violation => ({
    message: `DROP INDEX ${q(a.name)} takes an ACCESS EXCLUSIVE lock on ${a.table}, a table that existed before this migration: queued behind any open transaction, it makes every read and write on ${a.table} wait behind it.`,
    fix: a.partitioned
      ? "PostgreSQL cannot drop a partitioned table's index concurrently (0A000), and there is no lighter way: DROP INDEX only changes the catalog, " +
        "but takes ACCESS EXCLUSIVE on the table, every partition and their indexes, so it must not wait in the lock queue. " +
        `Run \`${fixCommand(a.migration)}\`: it moves the drop into a migration of its own, in a retrying lock step. By hand: ` + underLockTimeout(`DROP INDEX ${q(a.name)};`)
      : `run \`${fixCommand(a.migration)}\`: it moves the drop into a migration of its own right after this one: DROP INDEX CONCURRENTLY ${q(a.name)};`,
  }),

  uniqueConstraintBuildsIndex: (a: { name: string; table: string; columns: string[] }): Violation => ({
    message: `ADD CONSTRAINT ${q(a.name)} UNIQUE (${columnsSql(a.columns)}) builds its index while holding an ACCESS EXCLUSIVE lock on ${a.table}, a table that existed before this migration: every read and write on it waits for the whole build.`,
    fix: `build the index first, alone in a migration folder of its own: CREATE UNIQUE INDEX CONCURRENTLY ${q(a.name)} ON ${a.table}(${columnsSql(a.columns)}); ` +
      `then attach it in the next one: ${underLockTimeout(`ALTER TABLE ${a.table} ADD CONSTRAINT ${q(a.name)} UNIQUE USING INDEX ${q(a.name)};`)}`,
  }),

  concurrentlyNotAlone: (a: { operation: string; others: number }): Violation => ({
    message: `${a.operation} shares its migration.sql with ${a.others} other statement${a.others === 1 ? "" : "s"}: a Prisma engine that sends the file whole runs it in one transaction, where PostgreSQL refuses it (25001 "cannot run inside a transaction block"), and one that splits it leaves the file half applied when a statement fails.`,
    fix: ownFolder,
  }),

  dropIndexOfConstraint: (a: { name: string; table: string; constraint: "unique" | "primary"; migration: string }): Violation => ({
    message: `DROP INDEX ${q(a.name)} fails with 2BP01 ("cannot drop index … because constraint … requires it"): the index backs the ${a.constraint === "primary" ? "PRIMARY KEY" : "UNIQUE"} constraint ${q(a.name)} of ${a.table}.`,
    fix: a.constraint === "unique"
      ? `run \`${fixCommand(a.migration)}\`: it replaces it with a migration that drops the constraint (its index goes with it): ${underLockTimeout(`ALTER TABLE ${a.table} DROP CONSTRAINT ${q(a.name)};`)}`
      : `drop the constraint instead; its index goes with it: ${underLockTimeout(`ALTER TABLE ${a.table} DROP CONSTRAINT ${q(a.name)};`)}`,
  }),

  missingLockTimeout: (a: { operation: string; table: string; statement: string }): Violation => ({
    message: `${a.operation} takes an ACCESS EXCLUSIVE lock on ${a.table} with no lock_timeout: queued behind a long transaction, it makes every query on ${a.table} wait behind it.`,
    fix: `set a lock_timeout before it in the same file, and reset it after: ${underLockTimeout(a.statement)}`,
  }),

  concurrentlyIfNotExists: (a: { name: string; concurrentSql: string | null }): Violation => ({
    message: `IF NOT EXISTS makes CREATE INDEX CONCURRENTLY ${q(a.name)} skip silently when a failed earlier build left an INVALID index of that name, so the migration succeeds without a usable index.`,
    fix: `remove IF NOT EXISTS${a.concurrentSql ? `: ${a.concurrentSql}` : ""} And if a build failed before, drop its leftover first with DROP INDEX CONCURRENTLY ${q(a.name)}; in a migration of its own (\`npx ${TOOL} doctor\` finds leftovers).`,
  }),

  indexBuiltTwice: (a: { name: string; origin: string; migration: string }): Violation => ({
    message: `the index ${q(a.name)} already exists here (made by ${a.origin === a.migration ? "an earlier statement of this migration" : `migration ${a.origin}`}): \`prisma migrate deploy\` stops here with 42P07 ("relation ${q(a.name)} already exists").`,
    fix: `if this folder repeats a set of folders that two \`prisma generate\` runs wrote at once, delete this copy (${a.migration} and the folders written with it) before it is deployed anywhere; ` +
      "otherwise give this index another name, or drop the earlier one first.",
  }),

  tempTableOutlivesMigration: (a: { name: string; shadows: boolean }): Violation => ({
    message: `the temporary table ${q(a.name)} outlives this migration: \`prisma migrate deploy\` applies every pending migration over one connection, so it stays for the rest of the deploy` +
      (a.shadows
        ? `, and there ${q(a.name)} without a schema means this temporary copy, not the table ${q(a.name)}: a later index or constraint on ${q(a.name)} lands on the copy and vanishes with it (a unique silently lost).`
        : `, where a later CREATE TEMP TABLE ${q(a.name)} fails (42P07) and a later table of that name is shadowed by it.`),
    fix: `end this migration with DROP TABLE pg_temp.${q(a.name)}; (or create it ON COMMIT DROP inside BEGIN; … COMMIT;). ` +
      `If this migration is deployed somewhere already, leave it as it is and add a migration right after it that holds only: DROP TABLE IF EXISTS pg_temp.${q(a.name)};`,
  }),
};

const partitionedFix =
  "PostgreSQL cannot build an index on a partitioned table concurrently: create it with CREATE INDEX … ON ONLY the parent table, " +
  "build the same index on each partition with CREATE INDEX CONCURRENTLY (each in a migration of its own), then ALTER INDEX … ATTACH PARTITION each one. " +
  `\`npx ${TOOL} fix <migration>\` writes those folders (the generator writes them for a new @@index or @@unique).`;

export const checkMessages = {
  interruptedWrite: (path: string): Violation => ({
    message: `${path} is a temporary folder that an interrupted run of an earlier release that staged inside the migrations folder left; Prisma reads it as a pending migration and \`prisma migrate deploy\` would apply it first (a dot sorts before every timestamp).`,
    fix: `remove it before any deploy: rm -r ${shellQuote(path)} (a \`prisma generate\` that writes, outside CI, also removes it and writes what is missing of its set).`,
  }),
  parseError: (message: string): Violation => ({
    message: `PostgreSQL's parser rejects this file (${message}), so the database cannot run it either.`,
    fix: "correct the SQL at this position.",
  }),
  unknownSince: (name: string, dir: string) =>
    `${TOOL} check: --since ${name}: there is no migration folder of that name in ${dir}.`,
  badFormat: (format: string) => `${TOOL} check: --format ${format} is not one of text, json, github.`,
  summary: (a: { errors: number; warnings: number; suppressed: number; checked: number }) =>
    `${TOOL} check: ${a.errors} error${a.errors === 1 ? "" : "s"}, ${a.warnings} warning${a.warnings === 1 ? "" : "s"} in ${a.checked} migration${a.checked === 1 ? "" : "s"}` +
    `${a.suppressed ? ` (${a.suppressed} suppressed)` : ""}.`,
  /** What `prisma generate` prints for a new migration with a blocking index statement `fix` rewrites. */
  generatorNotice: (file: string, line: number, what: string, migration: string) =>
    `${TOOL}: ${file} line ${line}: ${what}\n` +
    `  If it is not deployed anywhere yet: ${fixCommand(migration)}`,
};

export const fixMessages = {
  notFound: (migration: string, dir: string) =>
    `${TOOL} fix: there is no migration folder ${migration} in ${dir}. Pass the folder name or its path.`,
  /** The one line that says which migrations `fix` without a folder name looked at, and why. */
  scope: (scope: FixScope) =>
    scope.rule === "database"
      ? `${TOOL} fix: looking at the ${scope.migrations.length} migration${scope.migrations.length === 1 ? "" : "s"} not applied to ${scope.where}${scope.migrations.length ? `: ${scope.migrations.join(", ")}` : ""}.`
      : scope.rule === "git"
        ? `${TOOL} fix: ${scope.reason}: looking at the migrations git has not committed (no one can have deployed them): ${scope.migrations.join(", ")}.`
        : `${TOOL} fix: ${scope.reason}: looking only at the newest migration${scope.migrations.length ? `, ${scope.migrations[0]}` : ""} (git has every folder committed, or this is no git checkout); name a folder to fix another.`,
  nothingToFixIn: (count: number) =>
    `${TOOL} fix: nothing to do: ${count === 0 ? "no migration to look at" : `no CREATE INDEX, CREATE UNIQUE INDEX or DROP INDEX without CONCURRENTLY, no ADD CONSTRAINT … FOREIGN KEY without NOT VALID, and no SET NOT NULL, on an existing table in ${count === 1 ? "it" : "them"}`}.`,
  notLookedUp: () =>
    `${TOOL}: no database was asked whether these migrations are applied: if one is deployed anywhere, undo its change and leave it as it is.`,
  nothingToFix: (migration: string) =>
    `${TOOL} fix: nothing to do: ${migration} has no CREATE INDEX, CREATE UNIQUE INDEX or DROP INDEX without CONCURRENTLY, no ADD CONSTRAINT … FOREIGN KEY without NOT VALID, and no SET NOT NULL, on an existing table.`,
  unsupportedIndex: (migration: string, line: number, name: string, what: string) =>
    `${TOOL} fix: ${migration}/migration.sql line ${line}: the unique index ${q(name)} has ${what}, which the concurrent steps cannot reproduce. ` +
    "Nothing was changed. Rewrite it by hand: the same statement with CONCURRENTLY after CREATE UNIQUE INDEX, alone in a migration folder of its own.",
  unsupportedPlainIndex: (migration: string, line: number, name: string) =>
    `${TOOL} fix: ${migration}/migration.sql line ${line}: the index ${q(name)} has parts the concurrent step cannot write back (an expression, WHERE, a collation or storage options). ` +
    "Nothing was changed. Rewrite it by hand: the same statement with CONCURRENTLY after CREATE INDEX, alone in a migration folder of its own.",
  severalDropped: (migration: string, line: number) =>
    `${TOOL} fix: ${migration}/migration.sql line ${line}: one DROP INDEX drops several indexes. Nothing was changed. ` +
    "Write one DROP INDEX per index (as Prisma does), then run this again.",
  partitionedDrop: (migration: string, line: number, table: string) =>
    `${TOOL} fix: ${migration}/migration.sql line ${line}: ${table} is partitioned, and PostgreSQL cannot drop a partitioned table's index concurrently (0A000). ` +
    "Nothing was changed. Keep the DROP INDEX, under a lock_timeout set before it in the same file.",
  partitionKey: (migration: string, line: number, what: string, table: string, problem: KeyProblem) =>
    `${TOOL} fix: ${migration}/migration.sql line ${line}: ${partitionedIndexMessages.keyProblem(what, table, problem)} PostgreSQL would refuse Prisma's statement too.`,
  partitionedNotNull: (migration: string, line: number, table: string) =>
    `${TOOL} fix: ${migration}/migration.sql line ${line}: ${table} is partitioned. Nothing was changed. ` +
    "Make the column NOT NULL on each partition first (CHECK … IS NOT NULL NOT VALID, VALIDATE CONSTRAINT, SET NOT NULL, DROP CONSTRAINT), then SET NOT NULL on the parent.",
  partitioned: (migration: string, line: number, table: string) =>
    `${TOOL} fix: ${migration}/migration.sql line ${line}: ${table} is partitioned. Nothing was changed. ${partitionedFix}`,
  usedLater: (migration: string, line: number, name: string, laterLine: number) =>
    `${TOOL} fix: ${migration}/migration.sql line ${line}: the statement at line ${laterLine} needs the index ${q(name)}, so the index cannot move after this migration. ` +
    "Nothing was changed. Move that statement into a migration after the concurrent build by hand, or add the unique with the generator in a migration of its own.",
  noGap: (migration: string, next: string | null, needed: number) =>
    next === null
      ? `${TOOL} fix: ${migration} is not named YYYYMMDDHHMMSS_name as Prisma names folders, so no folder name can be placed right after it. Nothing was changed.`
      : `${TOOL} fix: no room for ${needed} migration folder${needed === 1 ? "" : "s"} between ${migration} and ${next}: ` +
        "Prisma orders folders by name, and the folders of the concurrent build must sort after the first and before the second, one second apart. " +
        `Nothing was changed. If ${next} was never deployed, rename it to a later timestamp and run this again.`,
  clash: (existing: string, wanted: string) =>
    `${TOOL} fix: the folder ${existing} already holds the step ${wanted}. Nothing was changed: remove it if it was never deployed, then run this again.`,
  applied: (migration: string, where: string) =>
    `${TOOL} fix: ${migration} is already applied to ${where}: its checksum is in _prisma_migrations, so Prisma would report an edited file as drift. Nothing was changed.\n` +
    "  If it is applied only to your local development database: run this again with --force, then `npx prisma migrate dev`,\n" +
    "  which sees the edited migration and asks to reset that database (its data is lost).\n" +
    "  If it is deployed anywhere else, leave it: the index is already built there.",
  cannotLookUp: (migration: string, reason: string) =>
    `${TOOL} fix: cannot tell whether ${migration} is already applied, so nothing was changed: ${reason}\n` +
    "  Pass --url <database URL> to look it up in another database, or --force if you know it was never deployed anywhere.",
  noUrl: () => "no database URL (none in --url, the Prisma config's datasource.url, the schema's directUrl or url, DATABASE_URL, .env or prisma/.env).",
  failedBefore: (migration: string) =>
    `${TOOL} fix: the database recorded ${migration} as failed. Before deploying: \`npx prisma migrate resolve --rolled-back ${migration}\`.`,
  rewrote: (file: string, names: string[]) =>
    `${TOOL}: rewrote ${file}  (moved the blocking statements of ${names.map(q).join(", ")})`,
  movedComment: (kind: MovedKind, name: string, folder: string) =>
    ({
      "change-drop": `-- ${TOOL} fix: DROP INDEX ${q(name)} was moved to ${folder},\n` +
        "-- which drops it with DROP INDEX CONCURRENTLY once its new definition is built (the table keeps an index throughout).",
      "change-build": `-- ${TOOL} fix: CREATE INDEX ${q(name)} was moved to ${folder} and the folders after it,\n` +
        "-- which build it with CREATE INDEX CONCURRENTLY under a temporary name, then rename it once the old index is dropped.",
      "unique-build": `-- ${TOOL} fix: CREATE UNIQUE INDEX ${q(name)} was moved to ${folder} and the folders after it,\n` +
        "-- which build it with CREATE UNIQUE INDEX CONCURRENTLY (writes go on during the build).",
      "index-build": `-- ${TOOL} fix: CREATE INDEX ${q(name)} was moved to ${folder},\n` +
        "-- which builds it with CREATE INDEX CONCURRENTLY (writes go on during the build).",
      "index-drop": `-- ${TOOL} fix: DROP INDEX ${q(name)} was moved to ${folder},\n` +
        "-- which drops it with DROP INDEX CONCURRENTLY (reads and writes go on).",
      "not-null": notNullMessages.movedComment(name, folder),
      "constraint-drop": `-- ${TOOL} fix: DROP INDEX ${q(name)} was replaced by ${folder},\n` +
        `-- which drops the UNIQUE constraint ${q(name)} and its index: PostgreSQL refuses DROP INDEX of a constraint's index (2BP01).`,
      "foreign-key": foreignKeyMessages.movedComment(name, folder),
    })[kind],
  checkedOnly: (where: string) =>
    `${TOOL}: only ${where} was checked for this migration: if it is deployed anywhere else, undo this change and leave the migration as it is.`,
  forced: () => `${TOOL}: --force: did not check whether the migration is already applied anywhere.`,
  next: () => `${TOOL}: review and commit these changes, then apply them with \`npx prisma migrate deploy\`.`,
};
