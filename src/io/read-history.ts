// Reads a migrations folder as Prisma does: every sub-folder, in name order, with its migration.sql.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { MigrationFile } from "../core/replay.js";
import { UserError } from "../messages/user-error.js";
import { notices } from "../messages/notices.js";

export function migrationFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith("."))
    .map((d) => d.name)
    .sort();
}

export function readHistory(dir: string): MigrationFile[] {
  return migrationFolders(dir).map((name) => {
    const file = join(dir, name, "migration.sql");
    if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(notices.folderWithoutScript(join(dir, name)));
    return { name, sql: readFileSync(file, "utf8") };
  });
}
