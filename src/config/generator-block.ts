// The options written in this tool's `generator` block, for the CLI commands that run without
// Prisma (`check`, `fix`): they must find the same migrations folder and use the same lock waits
// and steps as the generator. Reads the block's `key = "value"` lines; Prisma itself passes the
// generator exactly these strings.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ourGeneratorNames } from "./schema-files.js";

export interface GeneratorBlock {
  /** The schema file that holds the block (relative `migrations` paths start from its folder). */
  file: string;
  options: Record<string, string>;
}

/** Keys Prisma reads itself and does not pass to the generator as options. */
const PRISMA_KEYS = new Set(["provider", "output", "binaryTargets", "previewFeatures"]);

export function ourGeneratorBlock(schemaPath: string): GeneratorBlock | null {
  const names = new Set(ourGeneratorNames(schemaPath));
  if (names.size === 0) return null;
  const files = statSync(schemaPath).isDirectory()
    ? readdirSync(schemaPath, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".prisma")).sort().map((f) => join(schemaPath, f))
    : [schemaPath];
  for (const file of files) {
    const text = readFileSync(file, "utf8").replace(/\/\/.*$/gm, "");
    for (const [, name, body] of text.matchAll(/generator\s+(\w+)\s*\{([^}]*)\}/g)) {
      if (!names.has(name!)) continue;
      const options: Record<string, string> = {};
      for (const [, key, value] of body!.matchAll(/^\s*(\w+)\s*=\s*"((?:[^"\\]|\\.)*)"/gm)) {
        if (!PRISMA_KEYS.has(key!)) options[key!] = value!.replace(/\\(.)/g, "$1");
      }
      return { file, options };
    }
  }
  return null;
}
