// The Prisma CLI package installed in the user's project, and its own @prisma/config: the project
// is read with the Prisma version that will run its migrations (Prisma 7's rules differ from 6's).
import { readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

export interface PrismaPackage {
  /** Folder of the `prisma` package. */
  dir: string;
  version: string;
  major: number;
}

/** The `prisma` package the project resolves (as `npx prisma` would), or null. */
export function findPrismaCli(projectDir: string): string | null {
  try {
    // The real folder: its own dependencies (@prisma/config) resolve from there, not from a symlink's.
    return realpathSync(dirname(createRequire(join(projectDir, "package.json")).resolve("prisma/package.json")));
  } catch {
    return null;
  }
}

export function prismaPackage(dir: string): PrismaPackage {
  const version = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
  return { dir, version, major: Number.parseInt(version, 10) };
}

/** What this tool uses of @prisma/config (6.19 and 7.x export these with the same shapes). */
export interface PrismaConfigModule {
  loadConfigFromFile(input: { configFile?: string; configRoot?: string }): Promise<{
    config?: { schema?: string; migrations?: { path?: string }; datasource?: { url?: string } };
    error?: { _tag: string; error?: Error };
    resolvedPath: string | null;
  }>;
  /** Prisma 6 only: the deprecated `prisma` key of package.json (its `schema` is still honoured). */
  loadConfigFromPackageJson?(cwd: string): Promise<{ config: { schema?: unknown }; loadedFromFile: string } | null>;
}

/** The @prisma/config that this Prisma CLI package itself requires. */
export async function prismaConfigModule(cli: PrismaPackage): Promise<PrismaConfigModule> {
  const require = createRequire(join(cli.dir, "package.json"));
  return (await import(pathToFileURL(require.resolve("@prisma/config")).href)) as PrismaConfigModule;
}
