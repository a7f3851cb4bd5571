import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { locateMigrations } from "./migrations-location.js";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const installedPrisma = resolve(import.meta.dirname, "../../node_modules/prisma");

function project(generatorLines: string, withPrisma = true) {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = mkdtempSync(join(tmpdir(), "pgc-location-"));
  mkdirSync(join(dir, "node_modules"));
  if (withPrisma) symlinkSync(installedPrisma, join(dir, "node_modules", "prisma"));
  mkdirSync(join(dir, "prisma", "migrations"), { recursive: true });
  mkdirSync(join(dir, "db", "migrations"), { recursive: true });
  writeFileSync(join(dir, "prisma", "schema.prisma"),
    `generator client {\n  provider = "prisma-client"\n  migrations = "nope"\n}\n\ngenerator concurrently {\n  provider = "prisma-concurrently"\n${generatorLines}}\n`);
}

describe("where check and fix find the migrations folder", () => {
  it("uses the generator's `migrations` option, relative to the schema file, and its other options", async () => {
    project(`  migrations = "../db/migrations" // the team's folder\n  lockTimeout = "2s"\n  precheck = "false"\n`);
    const location = await locateMigrations({ cwd: dir });
    expect(location).toMatchObject({ dir: join(dir, "db", "migrations"), shown: join("db", "migrations") });
    expect(location.config).toMatchObject({ lock: { attemptTimeout: "200ms", retryBudget: "2s" }, precheck: false, attachConstraint: true });
  });

  it("falls back to migrations/ beside the schema, and --migrations wins over everything", async () => {
    project("");
    expect((await locateMigrations({ cwd: dir })).shown).toBe(join("prisma", "migrations"));
    expect((await locateMigrations({ cwd: dir, migrations: "db/migrations" })).dir).toBe(join(dir, "db", "migrations"));
  });

  it("says so when the folder is missing, and rejects a bad option as the generator does", async () => {
    project(`  migrations = "../elsewhere"\n`);
    await expect(locateMigrations({ cwd: dir })).rejects.toThrow("no migrations folder at elsewhere (the generator's `migrations` option in prisma/schema.prisma)");
    project(`  lockTimeout = "0"\n`);
    await expect(locateMigrations({ cwd: dir })).rejects.toThrow('lockTimeout = "0" is not valid');
  });

  it("without Prisma installed, only --migrations can say where the history is", async () => {
    project("", false);
    await expect(locateMigrations({ cwd: dir })).rejects.toThrow("no Prisma CLI is installed");
    expect((await locateMigrations({ cwd: dir, migrations: "db/migrations" })).dir).toBe(join(dir, "db", "migrations"));
  });
});
