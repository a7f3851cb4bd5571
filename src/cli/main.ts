// The command-line interface: `prisma-concurrently <command> [options]`.
import type { Command } from "./command.js";
import { planCommand } from "./commands/plan.js";
import { watchCommand } from "./commands/watch.js";
import { doctorCommand } from "./commands/doctor.js";
import { checkCommand } from "./commands/check.js";
import { fixCommand } from "./commands/fix.js";
import { duplicatesCommand } from "./commands/duplicates.js";
import { UserError } from "../messages/user-error.js";
import { cliMessages } from "../messages/cli.js";
import { VERSION } from "../version.js";

export const commands: Command[] = [planCommand, duplicatesCommand, checkCommand, fixCommand, doctorCommand, watchCommand];

export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `prisma-concurrently ${VERSION}: add unique constraints to large PostgreSQL tables without blocking writes.

As a Prisma generator (in schema.prisma), \`prisma generate\` writes the migration folders:

  generator concurrently {
    provider = "prisma-concurrently"
  }

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Run \`prisma-concurrently <command> --help\` for a command's options.`;
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(mainHelp());
    return 0;
  }
  if (name === "--version" || name === "-v") {
    console.log(VERSION);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command) throw new UserError(cliMessages.unknownCommand(name));
    // Help before any parsing: `<command> --help` works whatever else the line holds.
    if (rest.includes("--help") || rest.includes("-h")) {
      console.log(command.help);
      return 0;
    }
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UserError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
