// This checkout's root, and the environment for the real Prisma CLI: the offline schema engine of
// ../shared/prisma-offline when no native engine is configured (as the tests and the demo do).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/** This checkout: the folder up from here whose package.json is this package's (the bench runs compiled, from .tmp/). */
function findRepoRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file) && JSON.parse(readFileSync(file, "utf8")).name === "prisma-concurrently") return dir;
  }
  throw new Error(`no prisma-concurrently checkout above ${from}`);
}

export const repoRoot = findRepoRoot(import.meta.dirname);

/** The same engine set-up as the tests and the demo (scripts/prisma-engine-env.mjs, outside the compiled bench). */
export async function prismaEngineEnv(): Promise<Record<string, string>> {
  const script = pathToFileURL(join(repoRoot, "scripts", "prisma-engine-env.mjs")).href;
  return ((await import(script)) as { prismaEngineEnv(): Record<string, string> }).prismaEngineEnv();
}
