// Where `check` and `fix` find the migrations folder and the generator's options: the way the
// generator does (its `migrations` option, relative to the schema file of its block; else
// prisma.config.ts `migrations.path`; else `migrations` beside the schema), unless --migrations says.
import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { stringOption, type ParsedArgs } from "./command.js";
import { readPrismaConfig } from "../config/prisma-project.js";
import { parseGeneratorConfig, type GeneratorConfig } from "../config/generator-config.js";
import { ourGeneratorBlock } from "../config/generator-block.js";
import { locateSchema } from "./project-plan.js";
import { UserError } from "../messages/user-error.js";
import { checkMessages } from "../messages/check.js";

export interface MigrationsLocation {
  dir: string;
  /** `dir` relative to the current folder, for output. */
  shown: string;
  /** The generator block's options (defaults when the schema has no block or is not found). */
  config: GeneratorConfig;
}

export interface LocationOptions {
  migrations?: string;
  schema?: string;
  config?: string;
  cwd?: string;
}

/** The options every command that reads the history takes, for parseCommandArgs. */
export const locationOptions = {
  migrations: { type: "string" },
  schema: { type: "string" },
  config: { type: "string" },
} as const;

export const locationArgs = (args: ParsedArgs): LocationOptions => ({
  migrations: stringOption(args, "migrations"),
  schema: stringOption(args, "schema"),
  config: stringOption(args, "config"),
});

/** A migration given as a folder name, or as a path to its folder or its migration.sql. */
export function migrationArgument(arg: string, cwd: string): { name: string; dir: string | null } {
  const path = resolve(cwd, arg);
  if (existsSync(path)) {
    const folder = statSync(path).isDirectory() ? path : dirname(path);
    return { name: basename(folder), dir: dirname(folder) };
  }
  return { name: basename(arg), dir: null };
}

export async function locateMigrations(opts: LocationOptions): Promise<MigrationsLocation> {
  const cwd = opts.cwd ?? process.cwd();
  let schemaPath: string | null = null;
  try {
    schemaPath = await locateSchema({ schema: opts.schema, config: opts.config, cwd });
  } catch (error) {
    if (!opts.migrations || !(error instanceof UserError)) throw error;
  }
  const block = schemaPath && existsSync(schemaPath) ? ourGeneratorBlock(schemaPath) : null;
  const config = parseGeneratorConfig(block?.options ?? {}, {});
  let dir: string;
  if (opts.migrations) dir = resolve(cwd, opts.migrations);
  else if (block && config.migrations) dir = resolve(dirname(block.file), config.migrations);
  else {
    const fromConfig = (await readPrismaConfig(cwd, opts.config)).migrationsPath;
    const schemaDir = statSync(schemaPath!).isDirectory() ? schemaPath! : dirname(schemaPath!);
    dir = fromConfig ?? join(block ? dirname(block.file) : schemaDir, "migrations");
  }
  const shown = relative(cwd, dir) || ".";
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(checkMessages.noMigrationsFolder(shown));
  return { dir, shown, config };
}
