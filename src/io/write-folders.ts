// Writes new migration folders without ever touching an existing one. Every folder is first
// written into a staging folder beside the migrations folder (never inside it: Prisma reads every
// sub-folder there as a migration, hidden ones too), then moved into place by one rename each. A
// run killed while staging leaves nothing Prisma reads; one killed between two renames leaves
// part of a set, which the next run completes (core/interrupted-sets.ts). An error leaves none
// of this call's folders.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Folder } from "../core/render.js";
import { UserError } from "../messages/user-error.js";
import { notices } from "../messages/notices.js";
import { pauseForTest } from "./test-pause.js";
import { workPathsFor } from "./work-paths.js";

/** Call under the migrations folder's lock (io/exclusive-write.ts): staging folders found without it are taken for leftovers. */
export function writeFolders(migrationsDir: string, folders: readonly Folder[]): void {
  for (const folder of folders) {
    if (existsSync(join(migrationsDir, folder.name))) throw new UserError(notices.folderTaken(folder.name));
  }
  const staging = workPathsFor(migrationsDir).staging(`${process.pid}-${randomBytes(4).toString("hex")}`);
  const moved: string[] = [];
  try {
    mkdirSync(staging);
    for (const folder of folders) {
      mkdirSync(join(staging, folder.name));
      writeFileSync(join(staging, folder.name, "migration.sql"), folder.sql);
    }
    pauseForTest("staged");
    for (const folder of folders) {
      const final = join(migrationsDir, folder.name);
      renameSync(join(staging, folder.name), final);
      moved.push(final);
      pauseForTest(`moved:${moved.length}`);
    }
  } catch (error) {
    for (const path of moved) rmSync(path, { recursive: true, force: true });
    if ((error as NodeJS.ErrnoException).code === "EXDEV") throw new UserError(notices.stagingOtherFilesystem(staging, migrationsDir));
    throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
