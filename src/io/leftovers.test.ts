import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanLeftovers } from "./leftovers.js";
import { workPathsFor } from "./work-paths.js";

let root = "";
afterEach(() => rmSync(root, { recursive: true, force: true }));

function project() {
  root = mkdtempSync(join(tmpdir(), "pgc-leftovers-"));
  const migrations = join(root, "migrations");
  mkdirSync(join(migrations, "20250101000000_init"), { recursive: true });
  writeFileSync(join(migrations, "20250101000000_init", "migration.sql"), "SELECT 1;\n");
  writeFileSync(join(migrations, "migration_lock.toml"), 'provider = "postgresql"\n');
  return migrations;
}

describe("leftovers of an interrupted run", () => {
  it("removes staging folders and the temporary folders earlier releases staged in, and nothing else", () => {
    const migrations = project();
    const staging = workPathsFor(migrations).staging("4242-ab");
    mkdirSync(join(staging, "20260301100000_concurrently_index_unique_ad_title"), { recursive: true });
    mkdirSync(join(root, ".other.prisma-concurrently-staging-1-ab")); // another migrations folder's
    mkdirSync(join(migrations, ".20260301100001_concurrently_attach_unique_ad_title.tmp-4242"));
    mkdirSync(join(migrations, ".hidden_by_the_user"));
    writeFileSync(`${workPathsFor(migrations).lock}.stale-4242`, "{}");
    const found = cleanLeftovers(migrations, () => false);
    expect(found.map((f) => [f.kind, f.removed])).toEqual([["staging", true], ["old-temp", true]]);
    expect(readdirSync(root).sort()).toEqual([".other.prisma-concurrently-staging-1-ab", "migrations"]);
    expect(readdirSync(migrations).sort()).toEqual([".hidden_by_the_user", "20250101000000_init", "migration_lock.toml"]);
  });

  it("keeps, and reports, a temporary folder whose process still runs", () => {
    const migrations = project();
    mkdirSync(join(migrations, ".20260301100001_concurrently_attach_unique_ad_title.tmp-4242"));
    expect(cleanLeftovers(migrations, (pid) => pid === 4242)).toMatchObject([{ kind: "old-temp", removed: false, pid: 4242 }]);
    expect(readdirSync(migrations)).toContain(".20260301100001_concurrently_attach_unique_ad_title.tmp-4242");
  });
});
