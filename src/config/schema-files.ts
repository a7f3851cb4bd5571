// The names of this tool's generator blocks in a schema (so the CLI can run
// `prisma generate --generator <name>` with the project's own Prisma version).
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The .prisma files of a schema (a file, or a folder searched recursively), in a stable order. */
export function schemaFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".prisma"))
    .sort()
    .map((f) => join(path, f));
}

const ownBin = (() => {
  try {
    return realpathSync(resolve(fileURLToPath(import.meta.url), "../../bin.js"));
  } catch {
    return "";
  }
})();

/** Names of `generator` blocks whose provider is this tool (by package name or by this build's path). */
export function ourGeneratorNames(schemaPath: string): string[] {
  const names: string[] = [];
  for (const file of schemaFiles(schemaPath)) {
    const text = readFileSync(file, "utf8").replace(/\/\/.*$/gm, "");
    for (const block of text.matchAll(/generator\s+(\w+)\s*\{([^}]*)\}/g)) {
      const provider = /provider\s*=\s*"([^"]*)"/.exec(block[2]!)?.[1] ?? "";
      if (provider.includes("prisma-concurrently") || (ownBin && provider.includes(ownBin))) names.push(block[1]!);
    }
  }
  return names;
}
