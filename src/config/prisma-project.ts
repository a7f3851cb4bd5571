// The user's Prisma project, read with the Prisma version installed in it: its CLI package, and
// prisma.config.ts through that version's own @prisma/config (Prisma 7's rules differ from 6's).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export interface PrismaConfigInfo {
  /** Absolute path of the config file, when there is one. */
  configFile: string | null;
  migrationsPath: string | null;
  schemaPath: string | null;
  datasourceUrl: string | null;
}

/** Directory of the `prisma` package the project resolves, or null. */
export function findPrismaCli(projectDir: string): string | null {
  try {
    const require = createRequire(join(projectDir, "package.json"));
    return dirname(require.resolve("prisma/package.json"));
  } catch {
    return null;
  }
}

interface ConfigModule {
  loadConfigFromFile(input: { configFile?: string; configRoot?: string }): Promise<{
    config?: { migrations?: { path?: string }; schema?: string; datasource?: { url?: string } };
    error?: { _tag: string; error?: Error };
    resolvedPath?: string | null;
  }>;
}

async function loadConfigModule(projectDir: string): Promise<ConfigModule | null> {
  const cli = findPrismaCli(projectDir);
  if (!cli) return null;
  try {
    const require = createRequire(join(cli, "package.json"));
    return (await import(pathToFileURL(require.resolve("@prisma/config")).href)) as ConfigModule;
  } catch {
    return null;
  }
}

const CONFIG_NAMES = ["prisma.config.ts", "prisma.config.mts", "prisma.config.js", "prisma.config.mjs", "prisma.config.cts", "prisma.config.cjs", ".config/prisma.ts"];

export async function readPrismaConfig(projectDir: string, configFile?: string): Promise<PrismaConfigInfo> {
  const file = configFile ? resolve(projectDir, configFile) : CONFIG_NAMES.map((n) => join(projectDir, n)).find((f) => existsSync(f));
  const none: PrismaConfigInfo = { configFile: null, migrationsPath: null, schemaPath: null, datasourceUrl: null };
  if (!file) return none;
  const mod = await loadConfigModule(projectDir);
  if (!mod) return { ...none, configFile: file };
  const loaded = await mod.loadConfigFromFile({ configFile: file, configRoot: projectDir });
  if (loaded.error) {
    throw new Error(`cannot load ${file}: ${loaded.error.error?.message ?? loaded.error._tag}`);
  }
  const base = dirname(file);
  const abs = (p: string | undefined) => (p ? (isAbsolute(p) ? p : resolve(base, p)) : null);
  let datasourceUrl: string | null = null;
  try {
    datasourceUrl = loaded.config?.datasource?.url ?? null;
  } catch {
    datasourceUrl = null; // env() of an unset variable throws when read
  }
  return {
    configFile: file,
    migrationsPath: abs(loaded.config?.migrations?.path),
    schemaPath: abs(loaded.config?.schema),
    datasourceUrl,
  };
}
