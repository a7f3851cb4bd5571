// Where `check`, `fix` and `doctor` find the migrations folder and the generator's options: the
// project context's (the generator's `migrations` option, relative to the schema file of its block;
// else the Prisma config's `migrations.path`; else Prisma's default), unless --migrations says.
import { existsSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { stringOption, type ParsedArgs } from "./command.js";
import { parseGeneratorConfig, type GeneratorConfig } from "../config/generator-config.js";
import { loadProjectContext, requireSchema } from "../project/project-context.js";
import { UserError } from "../messages/user-error.js";
import { migrationsSourceText, projectMessages } from "../messages/project.js";

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
  const project = await loadProjectContext({ cwd: opts.cwd, config: opts.config, schema: opts.schema, migrations: opts.migrations });
  // Without --migrations the schema is needed: its generator block and Prisma's default both start there.
  if (!opts.migrations) requireSchema(project);
  const config = parseGeneratorConfig(project.generatorBlock?.options ?? {}, {});
  const { dir, shown, exists, source } = project.migrations;
  if (!exists) throw new UserError(projectMessages.migrationsFolderMissing(shown, migrationsSourceText(source, project.root)));
  return { dir, shown, config };
}
