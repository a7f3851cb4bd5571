import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foldersInHead, scopeFromRows, scopeWithoutDatabase } from "./scope.js";

const folders = ["20250101000000_init", "20260301000000_a", "20260302000000_b"];

describe("which migrations fix looks at without a folder name", () => {
  it("with a database: every folder not applied (failed ones included)", () => {
    const row = (name: string, finished: boolean) => ({ name, startedAt: new Date(0), finishedAt: finished ? new Date(1) : null, rolledBackAt: null, logs: null });
    expect(scopeFromRows(folders, [row("20250101000000_init", true), row("20260301000000_a", false)], "db").migrations).toEqual(["20260301000000_a", "20260302000000_b"]);
  });

  it("without one: the folders git does not have in HEAD, else only the newest", () => {
    expect(scopeWithoutDatabase(folders, new Set(folders.slice(0, 2)), "no URL")).toMatchObject({ rule: "git", migrations: ["20260302000000_b"] });
    expect(scopeWithoutDatabase(folders, new Set(folders), "no URL")).toMatchObject({ rule: "newest", migrations: ["20260302000000_b"] });
    expect(scopeWithoutDatabase(folders, null, "no URL")).toMatchObject({ rule: "newest", migrations: ["20260302000000_b"] });
  });

  it("reads HEAD's folders with git, and null outside a checkout", () => {
    const root = mkdtempSync(join(tmpdir(), "fix-scope-"));
    const dir = join(root, "prisma", "migrations");
    for (const f of folders) {
      mkdirSync(join(dir, f), { recursive: true });
      writeFileSync(join(dir, f, "migration.sql"), "SELECT 1;\n");
    }
    expect(foldersInHead(dir)).toBeNull();
    const git = (...args: string[]) => spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: root });
    git("init", "-q");
    git("add", join(dir, folders[0]!));
    git("commit", "-qm", "init");
    git("add", join(dir, folders[1]!)); // added, not committed: not in HEAD
    expect([...foldersInHead(dir)!]).toEqual([folders[0]]);
  });
});
