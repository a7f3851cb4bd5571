// `relationMode = "prisma"` (Prisma 4's `referentialIntegrity`) in the datasource block: Prisma then
// writes no foreign keys at all, so the generator must plan none. Generators are not told the mode
// (it is not in the DMMF nor in the datasource Prisma passes), so the block is read, as
// generator-block.ts reads this tool's own block.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export function foreignKeysEmulated(schemaPath: string): boolean {
  let files: string[];
  try {
    files = statSync(schemaPath).isDirectory()
      ? readdirSync(schemaPath, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".prisma")).map((f) => join(schemaPath, f))
      : [schemaPath];
  } catch {
    return false;
  }
  return files.some((file) => {
    const text = readFileSync(file, "utf8").replace(/\/\/.*$/gm, "");
    return [...text.matchAll(/datasource\s+\w+\s*\{([^}]*)\}/g)].some(([, body]) => /^\s*(relationMode|referentialIntegrity)\s*=\s*"prisma"/m.test(body!));
  });
}
