import { notices } from "../../messages/notices.js";
import { flag, parseCommandArgs, stringOption, type Command } from "../command.js";
import { projectPlan } from "../project-plan.js";

export const planCommand: Command = {
  name: "plan",
  summary: "print the migration folders `prisma generate` would write, without writing",
  help: `Usage: prisma-concurrently plan [--schema <file>] [--config <file>] [--exit-code]

Reads the schema with the project's own Prisma (\`prisma generate\` for this generator only, in
plan mode) and prints the folders that would be written and every skipped unique with its reason:
for a new unique a pre-check, CREATE UNIQUE INDEX CONCURRENTLY and ADD CONSTRAINT … USING INDEX;
for a new @@index CREATE INDEX CONCURRENTLY (SHARE UPDATE EXCLUSIVE: writes go on); for a removed
index DROP INDEX CONCURRENTLY; for a removed unique constraint DROP CONSTRAINT in the retrying lock step.

Options:
  --schema <file>   the Prisma schema (default: as Prisma finds it)
  --config <file>   the Prisma config file (default: the one the installed Prisma
                    finds here: prisma7.config.ts, prisma.config.ts, .config/…)
  --exit-code       exit 2 when folders are pending, 0 when there is nothing to do,
                    1 when an interrupted earlier release left a temporary folder
                    inside the migrations folder (the line names the rm -r to run)
  -h, --help        this help`,
  async run(argv) {
    const args = parseCommandArgs("plan", argv, {
      schema: { type: "string" },
      config: { type: "string" },
      "exit-code": { type: "boolean" },
    });
    const result = await projectPlan({ schema: stringOption(args, "schema"), config: stringOption(args, "config") });
    for (const line of result.lines) console.log(line);
    const leftoversExit = flag(args, "exit-code") && (result.leftovers ?? 0) > 0 ? 1 : null;
    if (result.folders.length === 0) {
      console.log(notices.nothingToWrite(result.plan?.skipped ?? []));
      return leftoversExit ?? 0;
    }
    console.log(notices.pending(result.folders.length));
    return leftoversExit ?? (flag(args, "exit-code") ? 2 : 0);
  },
};
