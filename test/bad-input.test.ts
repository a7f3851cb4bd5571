// Bad input gets a clear message that names the thing and the next step, and nothing is
// written: an unparsable history, a missing migrations folder, options Prisma passes through
// unchecked, a folder that clashes with a step, another database provider.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeProject, type Project } from "./support/project.js";
import { addToField, setGeneratorOption } from "./support/schema-edit.js";

let project: Project | undefined;
afterEach(() => project?.remove());

async function adsWithNewUnique() {
  const p = await makeProject("ads");
  p.editSchema((s) => addToField(s, "Ad", "title", "@unique"));
  return p;
}

async function expectFailureWritingNothing(p: Project, ...messages: Array<string | RegExp>) {
  const before = p.migrations();
  const generate = await p.generate();
  expect(generate.code).not.toBe(0);
  for (const m of messages) expect(generate.output).toMatch(m);
  expect(generate.output).not.toMatch(/^\s+at /m); // a message, not a stack trace
  expect(p.migrations()).toEqual(before);
}

describe("bad input (Prisma 7)", () => {
  it("an unparsable migration.sql names the file, line and parser message", async () => {
    project = await adsWithNewUnique();
    project.addMigration("20250102000000_broken", "ALTER TABLE \"Ad\" ADD COLUMN \"x\" INTEGER;\nCREATE INDX \"a\" ON \"Ad\"(\"x\");\n");
    await expectFailureWritingNothing(project,
      "cannot read prisma/migrations/20250102000000_broken/migration.sql (line 2, column 8): syntax error at or near \"INDX\"",
      "Fix the SQL, then run `npx prisma generate` again. Nothing was written.");
  });

  it("a migrations option that names another folder than Prisma's is an error naming both; Prisma's default one missing is a notice", async () => {
    project = await adsWithNewUnique();
    project.editSchema((s) => setGeneratorOption(s, "migrations", "db/migrations"));
    await expectFailureWritingNothing(project,
      "this generator's `migrations` option names prisma/db/migrations (the generator's `migrations` option in prisma/schema.prisma), " +
      "but Prisma reads and writes prisma/migrations (migrations.path in prisma.config.ts)");

    const fresh = await makeProject("ads");
    try {
      fresh.editSchema((s) => addToField(s, "Ad", "title", "@unique"));
      const { rmSync } = await import("node:fs");
      rmSync(fresh.migrationsDir, { recursive: true });
      const generate = await fresh.generate();
      expect(generate.code, generate.output).toBe(0);
      expect(generate.stdout).toContain("prisma-concurrently: no migrations folder at prisma/migrations (migrations.path in prisma.config.ts): there is no migration history yet, so nothing to plan.");
      expect(fresh.migrations()).toEqual([]);
    } finally {
      fresh.remove();
    }
  });

  it("an unknown option or a bad value names the key and what it accepts", async () => {
    project = await adsWithNewUnique();
    project.editSchema((s) => setGeneratorOption(s, "lockTimout", "5s"));
    await expectFailureWritingNothing(project, 'unknown option "lockTimout" in the generator block. Accepted options: migrations, attachConstraint, precheck, lockAttemptTimeout, lockRetryBudget, lockTimeout, emit.');
    project.editSchema((s) => s.replace('lockTimout = "5s"', 'precheck = "off"'));
    await expectFailureWritingNothing(project, 'option precheck = "off" is not valid. Accepted: "true" or "false".');
  });

  it("a folder that already holds one of the steps, but whose SQL does not do it, stops everything", async () => {
    project = await adsWithNewUnique();
    project.addMigration("20250102000000_concurrently_index_unique_ad_title", "-- emptied by hand\n");
    await expectFailureWritingNothing(project, "the folder 20250102000000_concurrently_index_unique_ad_title already exists for the step", "Nothing was written.");
  });

  it("a migration folder without migration.sql is named", async () => {
    project = await adsWithNewUnique();
    mkdirSync(join(project.migrationsDir, "20250102000000_half"));
    writeFileSync(join(project.migrationsDir, "20250102000000_half", "notes.txt"), "");
    await expectFailureWritingNothing(project, /20250102000000_half has no migration.sql/);
  });

  it("another database provider gets a one-line notice and no output", async () => {
    project = await adsWithNewUnique();
    project.editSchema((s) => s.replace('provider = "postgresql"', 'provider = "sqlite"').replace("@db.Date", ""));
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    expect(generate.stdout).toContain('prisma-concurrently: the datasource provider is "sqlite"; this generator only plans PostgreSQL migrations');
    expect(project.migrations()).toEqual(["20250101000000_init"]);
  });
});
