// Which migrations folder a project's migrations live in, by the rule Prisma's CLI applies
// (`migrations.path` of the config, else `migrations/` in the schema's root folder: the folder
// of the schema file, or the schema folder itself; Prisma 6 takes the folder of the file holding
// the datasource block), preceded by this tool's own overrides. Pure, so every case is unit-tested.
import { dirname, join, resolve } from "node:path";

export type MigrationsSource =
  | { kind: "flag" }
  | { kind: "option"; schemaFile: string }
  | { kind: "config"; configFile: string }
  | { kind: "default"; schemaRoot: string };

export interface MigrationsRuleInput {
  /** Folder relative paths of `--migrations` start from. */
  cwd: string;
  /** `--migrations` of a CLI command. */
  flag?: string;
  /** The generator block's `migrations` option, and the schema file holding that block. */
  option?: { path: string; schemaFile: string };
  /** The config file and its `migrations.path` (absolute), when set. */
  config?: { file: string; migrationsPath: string | null } | null;
  /** The schema as Prisma read it: a file, or a folder of .prisma files. */
  schema: { path: string; isFolder: boolean } | null;
  /** The .prisma file holding the datasource block (Prisma 6 uses its folder). */
  datasourceFile?: string | null;
  prismaMajor: number;
  /** The folder Prisma runs in (its fallback when there is no schema). */
  root: string;
}

export function migrationsFolder(input: MigrationsRuleInput): { dir: string; source: MigrationsSource } {
  if (input.flag) return { dir: resolve(input.cwd, input.flag), source: { kind: "flag" } };
  if (input.option) return { dir: resolve(dirname(input.option.schemaFile), input.option.path), source: { kind: "option", schemaFile: input.option.schemaFile } };
  if (input.config?.migrationsPath) return { dir: input.config.migrationsPath, source: { kind: "config", configFile: input.config.file } };
  const schemaRoot = !input.schema
    ? join(input.root, "prisma")
    : input.prismaMajor < 7 && input.datasourceFile
      ? dirname(input.datasourceFile)
      : input.schema.isFolder ? input.schema.path : dirname(input.schema.path);
  return { dir: join(schemaRoot, "migrations"), source: { kind: "default", schemaRoot } };
}

/**
 * The generator's `migrations` option when it names another folder than the one Prisma itself
 * uses (the config's migrations.path, else the default): the generator would then write where
 * `prisma migrate` never reads. Null when there is no option or both agree.
 */
export function optionDisagreement(input: MigrationsRuleInput): { option: string; prisma: { dir: string; source: MigrationsSource } } | null {
  if (!input.option) return null;
  const option = migrationsFolder({ ...input, flag: undefined }).dir;
  const prisma = migrationsFolder({ ...input, flag: undefined, option: undefined });
  return resolve(option) === resolve(prisma.dir) ? null : { option, prisma };
}
