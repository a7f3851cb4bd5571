// Where a run keeps its lock and stages new folders: beside the migrations folder, never inside
// it (Prisma reads every sub-folder of the migrations folder as a migration, hidden ones too),
// and in the same parent folder, so that moving a staged folder into place is one rename on one
// filesystem. The names carry the migrations folder's own name: two migrations folders in one
// parent get separate locks.
import { basename, dirname, join, resolve } from "node:path";
import { folderLabel, TOOL_PREFIX } from "../core/folder-names.js";

export interface WorkPaths {
  /** The lock file of the one run that may write into the migrations folder. */
  lock: string;
  /** The folder in which the run with this token stages its new migration folders. */
  staging(token: string): string;
  /** Whether an entry of the parent folder is a staging folder of this migrations folder. */
  isStaging(entry: string): boolean;
  /** The pid of a stale lock that a run moved aside to take it over (removed right after, unless that run died). */
  asideLockPid(entry: string): number | null;
}

export function workPathsFor(migrationsDir: string): WorkPaths {
  const dir = resolve(migrationsDir);
  const parent = dirname(dir);
  const prefix = `.${basename(dir)}.prisma-concurrently`;
  return {
    lock: join(parent, `${prefix}.lock`),
    staging: (token) => join(parent, `${prefix}-staging-${token}`),
    asideLockPid: (entry) => (entry.startsWith(`${prefix}.lock.stale-`) && /^\d+$/.test(entry.slice(`${prefix}.lock.stale-`.length)) ? Number(entry.slice(`${prefix}.lock.stale-`.length)) : null),
    isStaging: (entry) => entry.startsWith(`${prefix}-staging-`) && entry.length > `${prefix}-staging-`.length,
  };
}

/**
 * A temporary folder that earlier releases staged in inside the migrations folder,
 * `.<folder>.tmp-<pid>`, where <folder> is one of this tool's folder names; null for anything else.
 */
export function oldTempFolderOf(entry: string): { folder: string; pid: number } | null {
  const m = /^\.(\d{14}_[^/]+)\.tmp-(\d+)$/.exec(entry);
  if (!m || !folderLabel(m[1]!).startsWith(TOOL_PREFIX)) return null;
  return { folder: m[1]!, pid: Number(m[2]) };
}
