// The shape of a CLI command: its help text and what it runs (returning the exit code).
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "../messages/user-error.js";
import { cliMessages } from "../messages/cli.js";

export interface Command {
  name: string;
  summary: string;
  help: string;
  run(argv: string[]): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** node's parseArgs (-h/--help is accepted; runCli answers it before the command runs), with bad arguments turned into a message that points at --help. */
export function parseCommandArgs(
  command: string,
  argv: string[],
  options: NonNullable<ParseArgsConfig["options"]>,
  allowPositionals = false,
): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals, strict: true });
    return { values: values as ParsedArgs["values"], positionals };
  } catch (error) {
    throw new UserError(cliMessages.badArguments(command, (error as Error).message));
  }
}

export const stringOption = (args: ParsedArgs, name: string) => args.values[name] as string | undefined;
export const flag = (args: ParsedArgs, name: string) => args.values[name] === true;
