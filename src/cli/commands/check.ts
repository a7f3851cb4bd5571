import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseCommandArgs, stringOption, type Command } from "../command.js";
import { locateMigrations, locationArgs, locationOptions, migrationArgument } from "../migrations-location.js";
import { checkHistory } from "../../check/run-check.js";
import { formatResult, FORMATS, hasErrors, type Format } from "../../check/format.js";
import { rules } from "../../check/rules/index.js";
import { assertPostgresHistory } from "../../config/postgres-only.js";
import { readHistory } from "../../io/read-history.js";
import { oldTempFolderOf } from "../../io/work-paths.js";
import { loadParser } from "../../sql/parse.js";
import { UserError } from "../../messages/user-error.js";
import { checkMessages, DISABLE_NEXT_LINE } from "../../messages/check.js";
import type { Finding } from "../../check/rule.js";

const ruleLine = (r: { id: string; severity: string; summary: string }) => `  ${r.id.padEnd(31)} ${r.severity.padEnd(7)}  ${r.summary}`;
const ruleList = [
  ...rules,
  { id: "interrupted-write", severity: "error", summary: "a hidden temporary folder an interrupted earlier release left inside the migrations folder (Prisma deploys it)" },
].map(ruleLine).join("\n");

export const checkCommand: Command = {
  name: "check",
  summary: "lint the migration folders for blocking index builds and other unsafe steps (a CI gate)",
  help: `Usage: prisma-concurrently check [--migrations <dir>] [--since <migration>] [--format text|json|github]

Replays the whole migration history with PostgreSQL's parser, so it knows which tables existed
before each migration and which indexes back a constraint, and reports every statement that
would block writes to an existing table or fail. Exits 1 when there is an error finding, else 0.

Rules:
${ruleList}

Silence a finding with a comment on the line right before the statement:
  -- ${DISABLE_NEXT_LINE} <rule>[, <rule>…] [-- reason]

Options:
  --migrations <dir>     the migrations folder (default: the generator's \`migrations\` option,
                         else migrations.path of the Prisma config, else migrations/ beside the
                         schema: the folder Prisma itself uses)
  --since <migration>    check only the migrations after this one (folder name or path); the
                         older ones are still replayed. For adopting \`check\` on an old project.
  --format <format>      text (default), json (a stable format, see docs/check-and-fix.md), or
                         github (workflow annotations on the pull request)
  --schema <file>        the Prisma schema, to find the generator block (default: as Prisma finds it)
  --config <file>        the Prisma config file (default: the one the installed Prisma
                         finds here: prisma7.config.ts, prisma.config.ts, .config/…)
  -h, --help             this help`,
  async run(argv) {
    const args = parseCommandArgs("check", argv, { ...locationOptions, since: { type: "string" }, format: { type: "string" } });
    const format = (stringOption(args, "format") ?? "text") as Format;
    if (!FORMATS.includes(format)) throw new UserError(checkMessages.badFormat(format));
    const location = await locateMigrations(locationArgs(args));
    assertPostgresHistory(location.dir, location.shown);
    await loadParser();
    const history = readHistory(location.dir);
    const sinceArg = stringOption(args, "since");
    const since = sinceArg === undefined ? null : migrationArgument(sinceArg, process.cwd()).name;
    if (since !== null && !history.some((m) => m.name === since)) throw new UserError(checkMessages.unknownSince(since, location.shown));
    const result = checkHistory(history, { since });
    // Prisma reads these hidden folders as migrations; the history above leaves them out.
    result.findings.unshift(...leftoverFindings(location.dir, location.shown));
    console.log(formatResult(result, format, location.shown));
    return hasErrors(result) ? 1 : 0;
  },
};

/** Temporary folders that an interrupted run of an earlier release (staging inside the migrations folder) left there: rule `interrupted-write`. */
function leftoverFindings(dir: string, shown: string): Finding[] {
  return readdirSync(dir)
    .filter((entry) => oldTempFolderOf(entry))
    .map((entry) => ({ migration: entry, line: 1, column: 1, rule: "interrupted-write", severity: "error", ...checkMessages.interruptedWrite(join(shown, entry)) }));
}
