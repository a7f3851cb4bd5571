import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { flag, parseCommandArgs, stringOption, type Command } from "../command.js";
import { locateMigrations, locationArgs, locationOptions, migrationArgument, type LocationOptions } from "../migrations-location.js";
import { projectPlan } from "../project-plan.js";
import { describeStep } from "../../generator/run-generator.js";
import { redactUrl, resolveDatabaseUrl, type DatabaseTarget } from "../../config/database-url.js";
import { assertPostgresHistory } from "../../config/postgres-only.js";
import { withClient } from "../../io/database.js";
import { readHistory } from "../../io/read-history.js";
import { writeFolders } from "../../io/write-folders.js";
import { withMigrationsLock } from "../../io/exclusive-write.js";
import type { DesiredUnique } from "../../core/state.js";
import { appliedStatus, type AppliedStatus } from "../../fix/applied.js";
import { planFix, type FixPlan } from "../../fix/plan-fix.js";
import { foldersInHead, scopeFromRows, scopeWithoutDatabase, type FixScope } from "../../fix/scope.js";
import { readMigrationRows } from "../../project/migration-rows.js";
import { loadParser } from "../../sql/parse.js";
import { UserError } from "../../messages/user-error.js";
import { cliMessages } from "../../messages/cli.js";
import { fixMessages } from "../../messages/check.js";
import { notices, TOOL } from "../../messages/notices.js";

/**
 * The schema's uniques as the project's own Prisma reads them (the generator's plan report), so
 * the headers name the model and fields exactly as the generator would; none when it cannot run.
 */
async function schemaUniques(opts: LocationOptions): Promise<DesiredUnique[]> {
  try {
    return (await projectPlan({ schema: opts.schema, config: opts.config, cwd: opts.cwd })).desired?.uniques ?? [];
  } catch {
    return [];
  }
}

const firstLine = (error: Error) => error.message.replace(new RegExp(`^${TOOL}: `), "").split("\n")[0]!;

async function lookUp(migration: string, opts: { url?: string; config?: string; cwd: string }): Promise<{ status: AppliedStatus; where: string }> {
  let target: DatabaseTarget;
  try {
    target = await resolveDatabaseUrl(opts);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(fixMessages.cannotLookUp(migration, fixMessages.noUrl()));
    throw error;
  }
  const where = `${redactUrl(target.url)} (from ${target.source})`;
  try {
    return { status: await withClient(target, (client) => appliedStatus(client, migration)), where };
  } catch (error) {
    if (error instanceof UserError) throw new UserError(fixMessages.cannotLookUp(migration, firstLine(error)));
    throw new UserError(fixMessages.cannotLookUp(migration, `reading _prisma_migrations in ${where} failed: ${(error as Error).message}.`));
  }
}

export const fixCommand: Command = {
  name: "fix",
  summary: "move a migration's blocking statements (CREATE [UNIQUE] INDEX, DROP INDEX, ADD … FOREIGN KEY, SET NOT NULL) into migration folders that let writes go on",
  help: `Usage: prisma-concurrently fix [<migration>] [--force] [--url <url>] [--migrations <dir>]

For a migration Prisma wrote that blocks writes on an existing table, removes those statements
from its migration.sql (everything else stays byte for byte) and writes the generator's folders
right after it, named with timestamps between it and the next folder:
  CREATE UNIQUE INDEX      duplicate pre-check, CREATE UNIQUE INDEX CONCURRENTLY,
                           ADD CONSTRAINT … USING INDEX (retrying lock step)
  CREATE INDEX             CREATE INDEX CONCURRENTLY, alone in its folder
  DROP INDEX               DROP INDEX CONCURRENTLY, alone in its folder
  DROP INDEX of an index that backs a UNIQUE constraint (fails with 2BP01)
                           ALTER TABLE … DROP CONSTRAINT (retrying lock step)
  ADD CONSTRAINT … FOREIGN KEY (a scan under a lock that blocks writes)
                           orphan pre-check, ADD CONSTRAINT … NOT VALID (retrying lock step),
                           VALIDATE CONSTRAINT in a folder of its own (writes go on)
  CREATE [UNIQUE] INDEX on a partitioned table
                           CREATE INDEX … ON ONLY the parent, CREATE INDEX CONCURRENTLY per
                           partition, ALTER INDEX … ATTACH PARTITION each (retrying lock step)
  DROP INDEX of a partitioned table's index
                           DROP INDEX in the retrying lock step (CONCURRENTLY is refused there)
  ALTER COLUMN … SET NOT NULL (only those clauses move; the ALTER TABLE's others stay)
                           NULL pre-check, CHECK (col IS NOT NULL) NOT VALID (retrying lock step),
                           VALIDATE CONSTRAINT, SET NOT NULL without a scan + DROP CONSTRAINT
Stops, changing nothing, when there is no gap before the next folder, or when a statement has
parts the concurrent form cannot reproduce (expression, WHERE), or a unique on a partitioned
table lacks a partition-key column.

With <migration>: that one. It refuses when the database reachable through the Prisma datasource
already applied it (found in _prisma_migrations): Prisma treats an edited applied migration as
drift. It also refuses when it cannot tell (no database URL, or the server is unreachable);
--force skips the look-up. Only that one database is checked: never fix a migration deployed
anywhere else.

Without <migration>: every migration the database has not applied (failed ones included). When
no database can be read (or with --force): the migration folders git has not committed (no one
can have deployed them), else only the newest folder. The first line says which rule it used.

<migration> is the folder name (e.g. 20260301090000_add_unique) or the path of the folder or of
its migration.sql.

Options:
  --force              do not look the migration up in the database
  --url <url>          the database to look it up in (default: datasource.url of the Prisma
                       config, else the schema's directUrl or url, else DATABASE_URL; the
                       variables are also read from .env and prisma/.env)
  --migrations <dir>   the migrations folder (default: found as the generator finds it: the
                       folder Prisma uses, unless the generator block's \`migrations\` says)
  --schema <file>      the Prisma schema (default: as Prisma finds it): the generator's options
                       (lockAttemptTimeout, lockRetryBudget, precheck, attachConstraint,
                       migrations) apply, and the
                       project's Prisma reads it so the headers name the model and fields
  --config <file>      the Prisma config file (default: the one the installed Prisma
                       finds here: prisma7.config.ts, prisma.config.ts, .config/…)
  -h, --help           this help`,
  async run(argv) {
    const args = parseCommandArgs("fix", argv, { ...locationOptions, force: { type: "boolean" }, url: { type: "string" } }, true);
    if (args.positionals.length > 1) throw new UserError(cliMessages.badArguments("fix", "give one migration, or none for every migration not applied yet"));
    const cwd = process.cwd();
    if (args.positionals.length === 0) return fixEvery(args, cwd);
    const migration = migrationArgument(args.positionals[0]!, cwd);
    const given = locationArgs(args);
    const location = await locateMigrations({ ...given, migrations: given.migrations ?? migration.dir ?? undefined, cwd });
    assertPostgresHistory(location.dir, location.shown);
    await loadParser();
    const history = readHistory(location.dir);
    if (!history.some((m) => m.name === migration.name)) throw new UserError(fixMessages.notFound(migration.name, location.shown));
    if (!planFix(history, migration.name, location.config)) {
      console.log(fixMessages.nothingToFix(migration.name));
      return 0;
    }
    const lookup = flag(args, "force") ? null : await lookUp(migration.name, { url: stringOption(args, "url"), config: given.config, cwd });
    if (lookup?.status === "applied") throw new UserError(fixMessages.applied(migration.name, lookup.where));
    const uniques = await schemaUniques({ ...given, cwd });
    if (!(await writeFix(location, migration.name, { ...location.config, schemaUniques: uniques }, cwd))) console.log(fixMessages.nothingToFix(migration.name));
    if (lookup?.status === "failed") console.log(fixMessages.failedBefore(migration.name));
    console.log(lookup ? fixMessages.checkedOnly(lookup.where) : fixMessages.forced());
    console.log(fixMessages.next());
    return 0;
  },
};

/**
 * Plans the fix again and writes it as the only writer of the folder (the generator takes the same
 * lock): another run may have written meanwhile, and writeFolders refuses a name taken since. The
 * original migration.sql is rewritten first: a run interrupted after it leaves the moved statements
 * merely unplanned (the generator plans them again); the other way round an index would be built
 * twice (42P07). Says what it did; false when there was nothing to fix any more.
 */
async function writeFix(location: { dir: string; shown: string }, migration: string, options: Parameters<typeof planFix>[2], cwd: string): Promise<boolean> {
  const { lines: cleaned, plan } = await withMigrationsLock(location.dir, cwd, (lines) => {
    const plan: FixPlan | null = planFix(readHistory(location.dir), migration, options);
    if (!plan) return { lines, plan };
    const file = join(location.dir, plan.migration, "migration.sql");
    const temp = join(location.dir, plan.migration, `.migration.sql.tmp-${process.pid}`);
    writeFileSync(temp, plan.sql);
    renameSync(temp, file);
    writeFolders(location.dir, plan.folders);
    return { lines, plan };
  });
  for (const line of cleaned) console.log(line);
  if (!plan) return false;
  console.log(fixMessages.rewrote(join(location.shown, plan.migration, "migration.sql"), plan.moved.map((m) => m.name)));
  for (const f of plan.folders) console.log(notices.wrote(join(location.shown, f.name), describeStep(f.step)));
  return true;
}

/** The migrations `fix` without a folder name looks at: see fix/scope.ts. */
async function scopeOf(folders: string[], dir: string, opts: { url?: string; config?: string; cwd: string; force: boolean }): Promise<FixScope> {
  if (opts.force) return scopeWithoutDatabase(folders, foldersInHead(dir), "--force");
  let target: DatabaseTarget;
  try {
    target = await resolveDatabaseUrl(opts);
  } catch (error) {
    if (error instanceof UserError) return scopeWithoutDatabase(folders, foldersInHead(dir), "no database URL");
    throw error;
  }
  const where = `${redactUrl(target.url)} (from ${target.source})`;
  try {
    return scopeFromRows(folders, await withClient(target, readMigrationRows), where);
  } catch (error) {
    return scopeWithoutDatabase(folders, foldersInHead(dir), `${where} cannot be read: ${firstLine(error as Error)}`);
  }
}

async function fixEvery(args: ReturnType<typeof parseCommandArgs>, cwd: string): Promise<number> {
  const given = locationArgs(args);
  const location = await locateMigrations({ ...given, cwd });
  assertPostgresHistory(location.dir, location.shown);
  await loadParser();
  const folders = readHistory(location.dir).map((m) => m.name);
  const scope = await scopeOf(folders, location.dir, { url: stringOption(args, "url"), config: given.config, cwd, force: flag(args, "force") });
  console.log(fixMessages.scope(scope));
  const uniques = await schemaUniques({ ...given, cwd });
  let fixed = 0;
  for (const name of scope.migrations) {
    // Each fix adds folders: writeFix plans the next one on the history as it is now.
    if (await writeFix(location, name, { ...location.config, schemaUniques: uniques }, cwd)) fixed++;
  }
  if (fixed === 0) {
    console.log(fixMessages.nothingToFixIn(scope.migrations.length));
    return 0;
  }
  console.log(scope.rule === "database" ? fixMessages.checkedOnly(scope.where) : fixMessages.notLookedUp());
  console.log(fixMessages.next());
  return 0;
}
