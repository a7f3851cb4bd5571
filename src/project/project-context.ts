// The user's Prisma project as the installed Prisma sees it, loaded once per command: the config
// file (found and evaluated by Prisma's own @prisma/config), the schema, the migrations folder and
// the datasource URL. The generator and every CLI command read the project through this module
// only, so they agree with Prisma and with each other. (A later step adds the parsed history and
// the `_prisma_migrations` rows here.)
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { findPrismaCli, prismaPackage, type PrismaPackage } from "./prisma-package.js";
import { loadPrismaConfig, type PrismaConfigFile } from "./prisma-config.js";
import { datasourceFile, datasourceUrlSetting, findSchema, type SchemaLocation, type SchemaLookup } from "./schema-location.js";
import { migrationsFolder, optionDisagreement, type MigrationsSource } from "./migrations-rule.js";
import { prismaInvocation } from "./prisma-invocation.js";
import { ourGeneratorBlock, type GeneratorBlock } from "../config/generator-block.js";
import { UserError } from "../messages/user-error.js";
import { cliMessages } from "../messages/cli.js";
import { migrationsSourceText, projectMessages } from "../messages/project.js";

export interface MigrationsFolder {
  dir: string;
  /** `dir` relative to the current folder, for output. */
  shown: string;
  source: MigrationsSource;
  exists: boolean;
}

export interface ProjectContext {
  /** The folder Prisma runs in (its configRoot). */
  root: string;
  /** Null only for a CLI command given --migrations in a folder without Prisma installed. */
  prisma: PrismaPackage | null;
  config: PrismaConfigFile;
  schema: SchemaLocation | null;
  /** How the schema lookup ended (to explain a missing schema). */
  schemaLookup: SchemaLookup;
  /** This tool's generator block in the schema (CLI), null when there is none. */
  generatorBlock: GeneratorBlock | null;
  migrations: MigrationsFolder;
  /** The datasource URL the project gives Prisma (config `datasource.url`, or the schema's `url`). */
  datasourceUrl: { url: string; source: string } | null;
  /** What the generator must tell the user about how it found the project (e.g. an unreadable command line). */
  notes?: string[];
}

export interface ProjectOptions {
  cwd?: string;
  /** --config, --schema, --migrations of a command. */
  config?: string;
  schema?: string;
  migrations?: string;
  /** The environment Prisma 6 sees without a config file (.env files read); defaults to process.env. */
  env?: Record<string, string | undefined>;
}

const NO_CONFIG: PrismaConfigFile = { file: null, schema: null, migrationsPath: null, datasourceUrl: null };

const shownFrom = (cwd: string, dir: string) => relative(cwd, dir) || ".";

function folderOf(dir: string, cwd: string, source: MigrationsSource): MigrationsFolder {
  return { dir, shown: shownFrom(cwd, dir), source, exists: existsSync(dir) && statSync(dir).isDirectory() };
}

function urlOf(root: string, config: PrismaConfigFile, schema: SchemaLocation | null, env: Record<string, string | undefined>): ProjectContext["datasourceUrl"] {
  if (config.datasourceUrl) return { url: config.datasourceUrl, source: config.file ? shownFrom(root, config.file) : "prisma.config.ts" };
  const setting = schema ? datasourceUrlSetting(schema) : null;
  if (setting && "env" in setting) return env[setting.env] ? { url: env[setting.env]!, source: setting.env } : null;
  if (setting && "literal" in setting) return { url: setting.literal, source: shownFrom(root, schema!.path) };
  return null;
}

/** The project of a CLI command run in `cwd`, with its --config / --schema / --migrations. */
export async function loadProjectContext(opts: ProjectOptions = {}): Promise<ProjectContext> {
  const root = opts.cwd ?? process.cwd();
  const cliDir = findPrismaCli(root);
  // Without Prisma, its config cannot be found as Prisma finds it: only --migrations can say.
  if (!cliDir && !opts.migrations) throw new UserError(cliMessages.noPrismaCli(root));
  const prisma = cliDir ? prismaPackage(cliDir) : null;
  const config = prisma ? await loadPrismaConfig(prisma, root, opts.config) : NO_CONFIG;
  const schemaLookup = findSchema(root, config, opts.schema);
  const schema = "found" in schemaLookup ? schemaLookup.found : null;
  const generatorBlock = schema ? ourGeneratorBlock(schema.path) : null;
  const option = generatorBlock?.options.migrations ? { path: generatorBlock.options.migrations, schemaFile: generatorBlock.file } : undefined;
  const { dir, source } = migrationsFolder({
    cwd: root, flag: opts.migrations, option, root, prismaMajor: prisma?.major ?? 7,
    config: config.file ? { file: config.file, migrationsPath: config.migrationsPath } : null,
    schema, datasourceFile: schema ? datasourceFile(schema) : null,
  });
  return {
    root, prisma, config, schema, schemaLookup, generatorBlock,
    migrations: folderOf(dir, root, source),
    datasourceUrl: urlOf(root, config, schema, opts.env ?? process.env),
  };
}

/** The schema, or the message that says why there is none and what to pass. */
export function requireSchema(project: ProjectContext): SchemaLocation {
  if (project.schema) return project.schema;
  const lookup = project.schemaLookup;
  if ("missing" in lookup) {
    const from = isAbsolute(lookup.missing.from) ? shownFrom(project.root, lookup.missing.from) : lookup.missing.from;
    throw new UserError(cliMessages.schemaMissing(lookup.missing.path, from));
  }
  throw new UserError(projectMessages.noSchema(project.root, project.config.file));
}

export interface GeneratorProjectInput {
  /** The generator process' working folder: Prisma's own, as Prisma starts generators. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** The schema Prisma read (file or folder), from the generator request. */
  schemaPath: string;
  /** The file of Prisma's datasource block, from the request. */
  datasourceFile: string | null;
  /** The generator block's `migrations` option and the schema file of that block. */
  option?: { path: string; schemaFile: string };
}

/**
 * The project of the `prisma generate` that runs this generator: the config Prisma used (the
 * --config of the Prisma process, PRISMA_CONCURRENTLY_CONFIG from `prisma-concurrently plan`, or
 * Prisma's own discovery in its working folder), evaluated by that Prisma's @prisma/config.
 */
export async function generatorProjectContext(input: GeneratorProjectInput): Promise<ProjectContext> {
  const { invocation, unreadable } = prismaInvocation();
  const notes = unreadable && !input.env.PRISMA_CONCURRENTLY_CONFIG ? [projectMessages.commandLineUnreadable()] : [];
  const root = invocation?.cwd ?? input.cwd;
  const configFile = input.env.PRISMA_CONCURRENTLY_CONFIG || invocation?.config;
  const cliDir = invocation?.cliDir ?? findPrismaCli(root);
  if (!cliDir) throw new UserError(projectMessages.generatorWithoutPrisma(root));
  const prisma = prismaPackage(cliDir);
  const config = await loadPrismaConfig(prisma, root, configFile);
  const schema: SchemaLocation = { path: input.schemaPath, isFolder: statSync(input.schemaPath).isDirectory(), from: null };
  // Prisma told us its schema; a config that names another one is not the config Prisma used
  // (e.g. `prisma generate --config` where the command line cannot be read).
  if (config.schema && !invocation?.schema && !samePath(config.schema.path, input.schemaPath)) {
    throw new UserError(projectMessages.configNotPrismas(shownFrom(root, input.schemaPath), shownFrom(root, config.file ?? config.schema.from), shownFrom(root, config.schema.path)));
  }
  const rule = {
    cwd: root, option: input.option, root, prismaMajor: prisma.major,
    config: config.file ? { file: config.file, migrationsPath: config.migrationsPath } : null,
    schema, datasourceFile: input.datasourceFile,
  };
  const disagreement = optionDisagreement(rule);
  if (disagreement) {
    const { option, prisma: used } = disagreement;
    throw new UserError(projectMessages.optionDisagrees(shownFrom(root, option), migrationsSourceText({ kind: "option", schemaFile: input.option!.schemaFile }, root), shownFrom(root, used.dir), migrationsSourceText(used.source, root)));
  }
  const { dir, source } = migrationsFolder(rule);
  return {
    root, prisma, config, schema, schemaLookup: { found: schema }, generatorBlock: null,
    migrations: folderOf(dir, root, source),
    datasourceUrl: null,
    notes,
  };
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return a === b;
  }
}

const holdsMigrations = (dir: string) =>
  existsSync(dir) && statSync(dir).isDirectory() &&
  readdirSync(dir, { withFileTypes: true }).some((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")));

/**
 * Folders other than the chosen one that hold migrations where Prisma would have looked under
 * another reading of the project (the config's path, migrations/ beside the schema, prisma/migrations):
 * a missing migrations folder next to one of these is a wrong path, not a new project.
 */
export function otherMigrationFolders(project: ProjectContext): string[] {
  const schemaRoot = project.schema ? (project.schema.isFolder ? project.schema.path : dirname(project.schema.path)) : null;
  const candidates = [project.config.migrationsPath, schemaRoot && join(schemaRoot, "migrations"), join(project.root, "prisma", "migrations")];
  return [...new Set(candidates.filter((c): c is string => c !== null && c !== project.migrations.dir))]
    .filter(holdsMigrations)
    .map((d) => shownFrom(project.root, d));
}
