// The project's Prisma config file, found and evaluated by the installed Prisma's own
// @prisma/config (`loadConfigFromFile`, the call Prisma's CLI makes), once per process: the file
// may run code (dotenv, env checks), and Prisma 7 looks for `prisma7.config.*` before
// `prisma.config.*`, `.config/prisma.*`, … Never a list of names kept here.
import { dirname, isAbsolute, resolve } from "node:path";
import { prismaConfigModule, type PrismaPackage } from "./prisma-package.js";
import { UserError } from "../messages/user-error.js";
import { projectMessages } from "../messages/project.js";

export interface PrismaConfigFile {
  /** Absolute path of the config file Prisma's loader picked, or null when there is none. */
  file: string | null;
  /** `schema` (absolute), else Prisma 6's package.json `prisma.schema`. */
  schema: { path: string; from: string } | null;
  /** `migrations.path` (absolute). */
  migrationsPath: string | null;
  /** `datasource.url`. */
  datasourceUrl: string | null;
}

const loaded = new Map<string, Promise<PrismaConfigFile>>();

/**
 * The config Prisma uses when it runs in `root` (its configRoot is the folder it runs in), or the
 * one given with --config (relative to `root`, as Prisma reads it). Errors are the loader's, worded.
 */
export function loadPrismaConfig(cli: PrismaPackage, root: string, configFile?: string): Promise<PrismaConfigFile> {
  const key = `${cli.dir}\0${root}\0${configFile ?? ""}`;
  let result = loaded.get(key);
  if (!result) {
    result = readConfig(cli, root, configFile);
    loaded.set(key, result);
  }
  return result;
}

async function readConfig(cli: PrismaPackage, root: string, configFile: string | undefined): Promise<PrismaConfigFile> {
  const mod = await prismaConfigModule(cli);
  const result = await mod.loadConfigFromFile({ configFile, configRoot: root });
  if (result.error) {
    const file = result.resolvedPath ?? (configFile ? resolve(root, configFile) : root);
    if (result.error._tag === "ConfigFileNotFound") throw new UserError(projectMessages.configNotFound(file));
    throw new UserError(projectMessages.configLoadFailed(file, result.error.error?.message ?? result.error._tag, cli.version));
  }
  const file = result.resolvedPath;
  const config = result.config ?? {};
  const abs = (p: string | undefined) => (p ? (isAbsolute(p) ? p : resolve(file ? dirname(file) : root, p)) : null);
  let datasourceUrl: string | null = null;
  try {
    datasourceUrl = config.datasource?.url ?? null;
  } catch {
    datasourceUrl = null; // a lazy env() of an unset variable throws when read
  }
  let schema = config.schema && file ? { path: abs(config.schema)!, from: file } : null;
  if (!schema && mod.loadConfigFromPackageJson) {
    // Prisma 6 still reads `"prisma": { "schema": … }` from package.json (deprecated).
    const pkg = await mod.loadConfigFromPackageJson(root).catch(() => null);
    if (pkg && typeof pkg.config.schema === "string") schema = { path: resolve(dirname(pkg.loadedFromFile), pkg.config.schema), from: pkg.loadedFromFile };
  }
  return { file, schema, migrationsPath: abs(config.migrations?.path), datasourceUrl };
}
