// `prisma-concurrently doctor [--fix]`: reads `_prisma_migrations`, this tool's migration folders
// and the catalog, prints the diagnosis (src/doctor), and with --fix makes the safe repairs: DROP
// INDEX CONCURRENTLY of INVALID indexes left by failed builds of this tool, then `prisma migrate
// resolve --rolled-back` through the project's own Prisma CLI. The I/O edge of the doctor.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type pg from "pg";
import { redactUrl, resolveDatabaseUrl, type DatabaseTarget } from "../../config/database-url.js";
import { findPrismaCli } from "../../project/prisma-package.js";
import { secretScrubber } from "../../config/url-secrets.js";
import { assertPostgresHistory, assertPostgresUrl } from "../../config/postgres-only.js";
import { diagnose, duplicateTargets, fixPlan } from "../../doctor/diagnose.js";
import { readToolFolders, toolStepOf } from "../../doctor/folders.js";
import { rowState } from "../../core/migration-status.js";
import type { Diagnosis, DoctorInput, Finding, FixAction, UniqueTarget } from "../../doctor/model.js";
import { indexNow, readCatalog, defaultSchemaOf } from "../../io/doctor-catalog.js";
import { readMigrationRows } from "../../project/migration-rows.js";
import { withClient } from "../../io/database.js";
import { recountDuplicates } from "../../io/duplicates-now.js";
import { migrationFolders } from "../../io/read-history.js";
import { oldTempFolders } from "../../io/leftovers.js";
import { commands, doctorText as text, fixText } from "../../messages/doctor.js";
import { loadParser } from "../../sql/parse.js";
import { locateMigrations } from "../migrations-location.js";
import { flag, parseCommandArgs, stringOption, type Command } from "../command.js";

interface Options {
  cwd: string;
  url?: string;
  schema?: string;
  config?: string;
  migrations?: string;
}

async function readInput(client: pg.Client, migrationsDir: string): Promise<DoctorInput> {
  const defaultSchema = await defaultSchemaOf(client);
  const localFolders = migrationFolders(migrationsDir);
  const files = localFolders
    .filter((name) => toolStepOf(name) !== null)
    .map((name) => {
      const file = join(migrationsDir, name, "migration.sql");
      return { name, sql: existsSync(file) ? readFileSync(file, "utf8") : "" };
    });
  const toolFolders = readToolFolders(files, defaultSchema);
  // A rename folder's index is looked up under both names: which one exists says whether it ran.
  const targets = toolFolders.flatMap((f) => (f.target ? [f.target] : [])).flatMap((t) => [t, ...[t.renamedTo, t.usingIndex].flatMap((other) => (other ? [{ ...t, index: other }] : []))]);
  const rows = await readMigrationRows(client);
  const catalog = await readCatalog(client, defaultSchema, targets);
  const input: DoctorInput = { localFolders, toolFolders, rows, catalog };
  // A failure on duplicate keys: count them again, they may have been removed since.
  input.duplicatesNow = await recountDuplicates(client, duplicateTargets(diagnose(input)));
  return input;
}

function findingLines(f: Finding): string[] {
  const indent = (texts: string[]) => texts.flatMap((t) => t.split("\n")).map((l) => `    ${l}`);
  const lines = [`${f.attention ? "✗" : "•"} ${f.title}`, ...indent(f.details)];
  let step = 0;
  const numbered = f.next.map((n) => (n.startsWith(" ") ? `   ${n}` : `${++step}. ${n}`));
  if (f.next.length > 0) lines.push("  Next:", ...indent(numbered));
  return lines;
}

function reportLines(d: Diagnosis): string[] {
  const lines: string[] = [];
  if (d.migrations.length === 0) lines.push(text.noToolMigrations());
  else lines.push(...d.migrations.map(text.statusLine));
  for (const f of d.findings) lines.push("", ...findingLines(f));
  lines.push("");
  const pending = d.migrations.filter((m) => m.status === "pending").length;
  if (pending > 0 && d.deployPid === null) lines.push(text.pendingSummary(pending));
  const attention = d.findings.filter((f) => f.attention).length;
  lines.push(attention > 0 ? text.attentionSummary(attention) : text.allGood());
  return lines;
}

function resolveRolledBack(opts: Options, migration: string): { ok: boolean; output: string } {
  const cli = findPrismaCli(opts.cwd);
  if (!cli) return { ok: false, output: text.noPrismaCli(opts.cwd) };
  const args = [join(cli, "build", "index.js"), "migrate", "resolve", "--rolled-back", migration];
  if (opts.schema) args.push("--schema", opts.schema);
  if (opts.config) args.push("--config", opts.config);
  // With --url, Prisma's CLI is pointed at the same database through DATABASE_URL (what Prisma 6
  // schemas and the usual prisma.config.ts read); the row is checked afterwards either way.
  const env = opts.url ? { ...process.env, DATABASE_URL: opts.url } : process.env;
  const result = spawnSync(process.execPath, args, { cwd: opts.cwd, env, encoding: "utf8" });
  return { ok: result.status === 0, output: `${result.stdout ?? ""}${result.stderr ?? ""}`.trim() };
}

interface FixOutcome {
  done: FixAction[];
  error: string | null;
}

/** Runs the repairs finding by finding; a finding's later steps are skipped when an earlier one could not be done. */
async function applyFixes(client: pg.Client, target: DatabaseTarget, opts: Options, input: DoctorInput, diagnosis: Diagnosis, say: (line: string) => void): Promise<FixOutcome> {
  const done: FixAction[] = [];
  for (const finding of diagnosis.findings.filter((f) => f.fix.length > 0)) {
    for (const action of finding.fix) {
      if (action.kind === "drop-index") {
        const now = await indexNow(client, action.schema, action.index);
        if (now && (now.valid || now.busyPid !== null)) {
          say(text.fixDropSkipped(action));
          break;
        }
        if (!now) continue; // already gone: the migration may still be marked rolled back
        say(text.fixDropping(action, input.catalog.lockHolders.filter((h) => h.schema === action.schema && h.table === action.table)));
        try {
          await client.query(fixText(action)); // exactly the statement shown: DROP INDEX CONCURRENTLY "schema"."index";
        } catch (error) {
          return { done, error: text.fixFailed(fixText(action), (error as Error).message) };
        }
        done.push(action);
      } else {
        say(text.fixResolving(action.migration));
        const result = resolveRolledBack(opts, action.migration);
        if (!result.ok) return { done, error: text.fixFailed(commands.resolveRolledBack(action.migration), result.output) };
        const rows = (await readMigrationRows(client)).filter((r) => r.name === action.migration);
        if (rowState(rows).status === "failed") return { done, error: text.resolveMissed(action.migration, redactUrl(target.url)) };
        done.push(action);
      }
    }
  }
  return { done, error: null };
}

export const doctorCommand: Command = {
  name: "doctor",
  summary: "explain the state of this tool's migrations in the database; --fix cleans up after a failed build",
  help: `Usage: prisma-concurrently doctor [--fix] [--url <url>] [--json] [--migrations <dir>]

Reads _prisma_migrations and the catalog and explains every migration this tool wrote: applied,
pending, running or failed, and why it failed (duplicate keys, rows without their referenced row
for a foreign key, lock timeout, cancelled, statement timeout, other), with the exact next commands. Also reports INVALID indexes, which Prisma cannot see.
For a failure on duplicate keys it counts them again (one read-only SELECT, at most 60 s), so it
says whether they are still there or only the resolve and the deploy are left.

--fix does the safe part itself and nothing else:
  * DROP INDEX CONCURRENTLY of an INVALID index left by a failed build of this tool (one that no
    backend is working on);
  * \`prisma migrate resolve --rolled-back <name>\` (the project's own Prisma CLI) for a failed
    migration of this tool that changed nothing: a pre-check, a build whose index is gone, an
    attach or drop whose constraint is unchanged, a foreign key's ADD … NOT VALID or VALIDATE
    that failed. The next deploy runs it again.
It never deletes rows, never touches other indexes or migrations, and does nothing while a Prisma
Migrate command is running.

Exit code: 0 when nothing needs attention, 1 while something does (after --fix: what is left, e.g.
duplicate keys to remove before the next deploy).

Options:
  --fix               make the safe repairs described above
  --url <url>         the database (default: as Prisma finds it: datasource.url of the Prisma
                      config, else the schema's directUrl or url, else DATABASE_URL)
  --migrations <dir>  the migrations folder (default: the one Prisma uses, as the generator finds it)
  --schema <file>     the Prisma schema (default: as Prisma finds it; also passed on to
                      prisma migrate resolve)
  --config <file>     the Prisma config file (default: the one the installed Prisma
                      finds here: prisma7.config.ts, prisma.config.ts, .config/…; also
                      passed on to prisma migrate resolve)
  --json              print the diagnosis as JSON
  -h, --help          this help`,
  async run(argv) {
    const args = parseCommandArgs("doctor", argv, {
      fix: { type: "boolean" },
      url: { type: "string" },
      json: { type: "boolean" },
      migrations: { type: "string" },
      schema: { type: "string" },
      config: { type: "string" },
    });
    const opts: Options = {
      cwd: process.cwd(),
      url: stringOption(args, "url"),
      schema: stringOption(args, "schema"),
      config: stringOption(args, "config"),
      migrations: stringOption(args, "migrations"),
    };
    const json = flag(args, "json");
    const target = await resolveDatabaseUrl({ url: opts.url, cwd: opts.cwd, config: opts.config, schema: opts.schema });
    const scrub = secretScrubber(target.url); // Prisma's output and errors may quote the URL
    assertPostgresUrl(target);
    const { dir: migrationsDir, shown: shownDir } = await locateMigrations(opts);
    assertPostgresHistory(migrationsDir, shownDir);
    await loadParser();

    const lines: string[] = [];
    const say = (line: string) => (json ? lines.push(line) : console.log(line));
    const outcome = await withClient(target, async (client) => {
      const input = await readInput(client, migrationsDir);
      const before = diagnose(input, shownDir);
      if (!flag(args, "fix")) return { diagnosis: before, fix: null };
      if (before.deployPid !== null) {
        say(text.fixDeployRunning(before.deployPid));
        return { diagnosis: before, fix: { done: [], error: null } };
      }
      if (fixPlan(before).length === 0) say(text.fixNothing());
      const fix = await applyFixes(client, target, opts, input, before, say);
      const after = diagnose(await readInput(client, migrationsDir), shownDir);
      return { diagnosis: after, fix };
    });
    const { diagnosis, fix } = outcome;
    // Prisma reads these hidden folders as migrations; only a writing `prisma generate` removes them.
    for (const entry of oldTempFolders(migrationsDir)) {
      const path = join(shownDir, entry);
      diagnosis.findings.push({ code: "interrupted-write", migration: entry, attention: true, title: text.leftoverFolderTitle(path), details: text.leftoverFolderDetails(), next: text.leftoverFolderNext(path), fix: [] });
      diagnosis.attention = true;
    }
    const failed = fix?.error != null;
    const exitCode = diagnosis.attention || failed ? 1 : 0;
    if (json) {
      const report = {
        database: redactUrl(target.url),
        source: target.source,
        migrationsDir: shownDir,
        ...diagnosis,
        ...(fix ? { fixed: fix.done, fixError: fix.error && scrub(fix.error), fixLog: lines } : {}),
        exitCode,
      };
      console.log(JSON.stringify(report, null, 2));
      return exitCode;
    }
    if (fix?.error) console.error(scrub(fix.error));
    if (fix) console.log(`\n${text.afterFix()}`);
    console.log(text.header(redactUrl(target.url), target.source, shownDir));
    console.log("");
    for (const line of reportLines(diagnosis)) console.log(line);
    return exitCode;
  },
};
