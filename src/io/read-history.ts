// Reads a migrations folder as Prisma does: every sub-folder, in name order, with its migration.sql.
import { readdirSync, readFileSync } from "node:fs";
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
    // One read per folder (no exists/stat calls first): histories run to a thousand folders.
    try {
      return { name, sql: readFileSync(join(dir, name, "migration.sql"), "utf8") };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") throw new UserError(notices.folderWithoutScript(join(dir, name)));
      throw error;
    }
  });
}
