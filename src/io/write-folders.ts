// Writes new migration folders without ever touching an existing one: each folder is written
// into a temporary folder beside it and renamed into place, so a crash leaves no half-written
// migration that Prisma would pick up.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Folder } from "../core/render.js";
import { UserError } from "../messages/user-error.js";
import { notices } from "../messages/notices.js";

export function writeFolders(migrationsDir: string, folders: readonly Folder[]): string[] {
  for (const folder of folders) {
    if (existsSync(join(migrationsDir, folder.name))) throw new UserError(notices.folderClash(folder.name, folder.name));
  }
  const written: string[] = [];
  for (const folder of folders) {
    const temp = join(migrationsDir, `.${folder.name}.tmp-${process.pid}`);
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp);
    try {
      writeFileSync(join(temp, "migration.sql"), folder.sql);
      renameSync(temp, join(migrationsDir, folder.name));
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      throw error;
    }
    written.push(join(migrationsDir, folder.name));
  }
  return written;
}
