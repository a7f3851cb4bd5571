// Writes new migration folders without ever touching an existing one: each folder is written
// into a temporary folder beside it and renamed into place, so a crash leaves no half-written
// migration that Prisma would pick up, and an error leaves none of this call's folders.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Folder } from "../core/render.js";
import { UserError } from "../messages/user-error.js";
import { notices } from "../messages/notices.js";

export function writeFolders(migrationsDir: string, folders: readonly Folder[]): void {
  for (const folder of folders) {
    if (existsSync(join(migrationsDir, folder.name))) throw new UserError(notices.folderTaken(folder.name));
  }
  // All files first, then the renames: a failure leaves none of the folders behind (a build
  // folder without its attach folder would never get its constraint: the next plan sees the index).
  const temps = folders.map((folder) => ({ temp: join(migrationsDir, `.${folder.name}.tmp-${process.pid}`), final: join(migrationsDir, folder.name), folder }));
  const renamed: string[] = [];
  try {
    for (const { temp, folder } of temps) {
      rmSync(temp, { recursive: true, force: true });
      mkdirSync(temp);
      writeFileSync(join(temp, "migration.sql"), folder.sql);
    }
    for (const { temp, final } of temps) {
      renameSync(temp, final);
      renamed.push(final);
    }
  } catch (error) {
    for (const path of [...temps.map((t) => t.temp), ...renamed]) rmSync(path, { recursive: true, force: true });
    throw error;
  }
}
