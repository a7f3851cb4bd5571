// Messages of the command-line interface.
import { TOOL } from "./notices.js";

export const cliMessages = {
  noPrismaCli: (dir: string) =>
    `${TOOL}: no Prisma CLI is installed in ${dir}. Install it in the project (\`npm install --save-dev prisma\`) and run this from the project's root.`,
  schemaMissing: (path: string, from: string) =>
    `${TOOL}: the Prisma schema ${path} (from ${from}) does not exist. Pass the path of an existing schema file or folder with --schema.`,
  noGeneratorBlock: (schema: string) =>
    `${TOOL}: ${schema} has no generator with provider "prisma-concurrently". Add:\n\n` +
    `generator concurrently {\n  provider = "prisma-concurrently"\n}\n`,
  generateFailed: (output: string) => `${TOOL}: \`prisma generate\` failed:\n${output}`,
  unknownCommand: (name: string) => `${TOOL}: unknown command "${name}". Run \`${TOOL} --help\` for the commands.`,
  badArguments: (command: string, message: string) => `${TOOL} ${command}: ${message}. Run \`${TOOL} ${command} --help\`.`,
};
