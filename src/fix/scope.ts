// Which migrations `fix` without a folder name looks at. With a reachable database: every folder
// `_prisma_migrations` does not record as applied (Prisma's meaning, core/migration-status.ts).
// Without one: the folders git does not have in HEAD (untracked or only added: a folder that was
// never committed cannot have been deployed by anyone); when the project is no git checkout, or git
// has them all, only the newest folder (what `prisma migrate dev --create-only` just wrote).
import { spawnSync } from "node:child_process";
import { migrationStatus } from "../core/migration-status.js";
import type { MigrationRow } from "../doctor/model.js";

export type FixScope =
  | { rule: "database"; where: string; migrations: string[] }
  | { rule: "git"; reason: string; migrations: string[] }
  | { rule: "newest"; reason: string; migrations: string[] };

export function scopeFromRows(folders: readonly string[], rows: readonly MigrationRow[], where: string): FixScope {
  return { rule: "database", where, migrations: folders.filter((f) => migrationStatus(rows, f) !== "applied") };
}

/** The folders of `dir` that HEAD has, or null when `dir` is not in a git checkout with a commit (or git is missing). */
export function foldersInHead(dir: string): Set<string> | null {
  const listed = spawnSync("git", ["ls-tree", "--name-only", "HEAD", "./"], { cwd: dir, encoding: "utf8" });
  if (listed.status !== 0 || listed.error) return null;
  return new Set(listed.stdout.split("\n").filter(Boolean).map((p) => p.replace(/\/$/, "").split("/").at(-1)!));
}

export function scopeWithoutDatabase(folders: readonly string[], inHead: ReadonlySet<string> | null, reason: string): FixScope {
  const uncommitted = inHead ? folders.filter((f) => !inHead.has(f)) : [];
  if (uncommitted.length > 0) return { rule: "git", reason, migrations: uncommitted };
  const newest = [...folders].sort().at(-1);
  return { rule: "newest", reason, migrations: newest ? [newest] : [] };
}
