// `prisma-concurrently plan` reads the schema with the project's own Prisma (6 or 7) and prints
// the pending folders without writing; --exit-code makes the pending state a CI signal.
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeProject, one, type Project } from "./support/project.js";
import { ownCli } from "./support/cli.js";
import { addToField } from "./support/schema-edit.js";
import { prisma7Config } from "./support/process.js";

let project: Project | undefined;
afterEach(() => project?.remove());

const cli = (p: Project, ...args: string[]) => ownCli(p, args);

describe.each(one)("plan: Prisma $prisma", ({ prisma, mode }) => {
  it("prints what generate would write, writes nothing, and exits 2 with --exit-code", async () => {
    project = await makeProject("ads", { prisma, mode });
    expect((await project.deploy()).code).toBe(0);
    project.editSchema((s) => addToField(s, "Ad", "title", "@unique"));
    const plan = await cli(project, "plan", "--exit-code");
    expect(plan.code, plan.output).toBe(2);
    expect(plan.stdout).toMatch(/would write prisma\/migrations\/\d{14}_concurrently_precheck_unique_ad_title/);
    expect(plan.stdout).toContain("prisma-concurrently: 3 migration folders pending.");
    expect(project.migrations()).toEqual(["20250101000000_init"]);

    expect((await project.generate()).code).toBe(0);
    const after = await cli(project, "plan", "--exit-code");
    expect(after.code, after.output).toBe(0);
    expect(after.stdout).toContain("nothing to do");
  });
});

describe("plan --config", () => {
  it("plans against the migrations folder of the config file it is given, not the default one", async () => {
    project = await makeProject("ads", { prisma: 7 });
    cpSync(project.migrationsDir, join(project.dir, "db", "history"), { recursive: true });
    writeFileSync(join(project.dir, "other.config.ts"), prisma7Config.replace('path: "prisma/migrations"', 'path: "db/history"'));
    project.editSchema((s) => addToField(s, "Ad", "title", "@unique"));
    const plan = await cli(project, "plan", "--config", "other.config.ts");
    expect(plan.code, plan.output).toBe(0);
    expect(plan.stdout).toMatch(/would write db\/history\/\d{14}_concurrently_precheck_unique_ad_title/);
    expect(plan.stdout).not.toContain("prisma/migrations");
  });
});

describe("plan: bad input", () => {
  it("explains a schema without this generator, and bad arguments", async () => {
    project = await makeProject("ads");
    project.editSchema((s) => s.replace(/generator concurrently \{[^}]*\}/, ""));
    const plan = await cli(project, "plan");
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('has no generator with provider "prisma-concurrently". Add:');
    const bad = await cli(project, "plan", "--shema", "x");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Unknown option '--shema'. Run `prisma-concurrently plan --help`.");
    const help = await cli(project, "plan", "--help");
    expect(help.stdout).toContain("Usage: prisma-concurrently plan");
  });
});
