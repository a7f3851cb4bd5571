// Messages about finding the user's Prisma project: its config file, schema and migrations folder.
import { relative } from "node:path";
import type { MigrationsSource } from "../project/migrations-rule.js";
import { TOOL } from "./notices.js";

const rel = (root: string, path: string) => relative(root, path) || ".";

/** Where a migrations folder path came from, for messages ("migrations.path in prisma7.config.ts"). */
export function migrationsSourceText(source: MigrationsSource, root: string): string {
  switch (source.kind) {
    case "flag":
      return "--migrations";
    case "option":
      return `the generator's \`migrations\` option in ${rel(root, source.schemaFile)}`;
    case "config":
      return `migrations.path in ${rel(root, source.configFile)}`;
    case "default":
      return `Prisma's default: migrations/ in the schema's folder ${rel(root, source.schemaRoot)}, as no Prisma config sets migrations.path`;
  }
}

export const projectMessages = {
  configNotFound: (file: string) =>
    `${TOOL}: the Prisma config file ${file} does not exist. Pass the path of an existing config file with --config.`,

  configLoadFailed: (file: string, error: string, version: string) =>
    `${TOOL}: Prisma ${version} cannot load its config file ${file}: ${error.split("\n")[0]}\n` +
    "  Every Prisma command fails the same way: fix the file (or set the environment variable it reads), then run this again.",

  noSchema: (root: string, configFile: string | null) =>
    `${TOOL}: no Prisma schema found in ${root}: ` +
    (configFile ? `the Prisma config ${rel(root, configFile)} sets no \`schema\`, and ` : "no Prisma config file was found, and ") +
    "there is no schema.prisma or prisma/schema.prisma (where Prisma looks). Pass --schema <file>, or set `schema` in the Prisma config.",

  generatorWithoutPrisma: (root: string) =>
    `${TOOL}: cannot find the Prisma CLI package from ${root}, so the Prisma config (and the migrations folder it sets) cannot be read ` +
    "the way Prisma reads it. Install Prisma in the project (`npm install --save-dev prisma`), or set `migrations = \"…\"` in this generator's block. Nothing was planned.",

  configNotPrismas: (prismaSchema: string, configFile: string, configSchema: string) =>
    `${TOOL}: Prisma read the schema ${prismaSchema}, but the Prisma config found here (${configFile}) names ${configSchema}: ` +
    "`prisma generate` ran with another config (--config) that this generator cannot see, so it cannot tell which migrations folder Prisma uses. " +
    "Run `prisma generate` from the project's root without --config, or set `migrations = \"…\"` in this generator's block. Nothing was planned.",

  noHistoryYet: (shown: string, from: string) =>
    `${TOOL}: no migrations folder at ${shown} (${from}): there is no migration history yet, so nothing to plan. ` +
    "The first `npx prisma migrate dev --name init` creates every table together with its indexes, which blocks nobody. " +
    "If your migrations are in another folder, set migrations.path in the Prisma config: Prisma and this generator both use it.",

  commandLineUnreadable: () =>
    `${TOOL}: warning: this system does not let the generator read the command line of \`prisma generate\`, so a --config given to it is invisible here: ` +
    "the generator uses the Prisma config that Prisma finds by itself in its working folder. If you run `prisma generate --config <file>`, " +
    "also set PRISMA_CONCURRENTLY_CONFIG=<file> in its environment, or the migrations folder planned for may not be the one Prisma uses.",

  migrationsElsewhere: (shown: string, from: string, others: string[]) =>
    `${TOOL}: no migrations folder at ${shown} (${from}), but ${others.join(" and ")} holds migrations. ` +
    "Prisma reads and writes the folder above, so the history it applies is not the one in " + (others.length === 1 ? "that folder" : "those folders") + ", " +
    "and a new unique would reach your database as a blocking CREATE UNIQUE INDEX. " +
    "Set migrations.path in the Prisma config to the real folder (Prisma and this generator both read it), then run `npx prisma generate` again. Nothing was planned.",

  optionDisagrees: (option: string, optionFrom: string, prismaDir: string, prismaFrom: string) =>
    `${TOOL}: this generator's \`migrations\` option names ${option} (${optionFrom}), but Prisma reads and writes ${prismaDir} (${prismaFrom}): ` +
    "folders written to the first would never be deployed, and Prisma's own next migration would build a new unique the blocking way. " +
    "Remove the option (the generator then uses Prisma's folder), or set migrations.path in the Prisma config to the folder you mean. Nothing was planned.",

  migrationsFolderMissing: (shown: string, from: string) =>
    `${TOOL}: no migrations folder at ${shown} (${from}). Fix that path, pass --migrations <dir>, or run this from the project's root.`,
};
