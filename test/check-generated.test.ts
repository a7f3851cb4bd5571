// Every folder this tool's generator writes passes `check` (including its removal of a unique,
// where Prisma's own DROP INDEX is caught), and so does every fixture of this repository.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fixturesDir, makeProject, repoRoot, runProcess, type Project } from "./support/project.js";
import { addAdDateUnique, jsonCheck, prismaScript } from "./support/cli.js";


let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

describe("check and the generator's own folders (Prisma 7)", () => {
  it("passes every folder the generator writes, and catches Prisma's DROP INDEX of the attached constraint", async () => {
    project = await makeProject("ads", { prisma: 7, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
    project.editSchema(addAdDateUnique);
    expect((await project.generate()).code).toBe(0);
    expect(project.migrations()).toHaveLength(4);
    const added = await jsonCheck(project);
    expect(added.code, added.output).toBe(0);
    expect(added.report.findings).toEqual([]);

    // The unique goes again: Prisma's own SQL is a DROP INDEX, which fails on the constraint's index.
    project.editSchema((s) => s.replace("@@unique([adId, impressionDate])", ""));
    project.addMigration("20260301100010_drop_unique", await prismaScript(project));
    const dropped = await jsonCheck(project);
    expect(dropped.code, dropped.output).toBe(1);
    expect(dropped.report.findings).toMatchObject([{ rule: "drop-index-of-constraint", migration: "20260301100010_drop_unique", line: 2, column: 1 }]);

    // Without Prisma's DROP INDEX, the generator writes its own removal, which passes.
    rmSync(join(project.migrationsDir, "20260301100010_drop_unique"), { recursive: true });
    const generate = await project.generate({ env: { PRISMA_CONCURRENTLY_NOW: "2026-03-02T10:00:00Z" } });
    expect(generate.code, generate.output).toBe(0);
    expect(generate.stdout).toContain("concurrently_drop_unique_impression_counter_ad_id_impression_date");
    const own = await jsonCheck(project);
    expect(own.code, own.output).toBe(0);
    expect(own.report.findings).toEqual([]);
    expect((await project.deploy()).code).toBe(0);
    expect((await project.diff()).code).toBe(0);
  });

  it("passes this repository's fixtures", async () => {
    const fixtures = readdirSync(fixturesDir).filter((f) => existsSync(join(fixturesDir, f, "migrations")));
    expect(fixtures.length).toBeGreaterThan(0);
    for (const fixture of fixtures) {
      const args = [join(repoRoot, "dist", "bin.js"), "check", "--migrations", join(fixturesDir, fixture, "migrations")];
      const result = await runProcess(process.execPath, args, { cwd: repoRoot, env: process.env });
      expect(result.code, `${fixture}:\n${result.output}`).toBe(0);
      expect(result.stdout, fixture).toMatch(/check: 0 errors/);
    }
    // --since takes a folder name or a path, and checks only what comes after it.
    const first = readdirSync(join(fixturesDir, "ads", "migrations")).sort()[0]!;
    const since = await runProcess(process.execPath, [join(repoRoot, "dist", "bin.js"), "check", "--migrations", "fixtures/ads/migrations", "--since", `fixtures/ads/migrations/${first}/migration.sql`], { cwd: repoRoot, env: process.env });
    expect(since.stdout).toMatch(/in \d+ migrations?\./);
    expect(since.stdout).not.toContain(`${first}/`);
  });
});
