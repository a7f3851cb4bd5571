// The published package works where users put it: `npm pack`, install the tarball into a
// project, and let Prisma find `provider = "prisma-concurrently"` on its own.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeProject, repoRoot, type Project } from "./support/project.js";
import { addToField } from "./support/schema-edit.js";

let project: Project | undefined;
const packDir = mkdtempSync(join(tmpdir(), "pgc-pack-"));
afterAll(() => {
  project?.remove();
  rmSync(packDir, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("installs into a project and runs as its generator and CLI", async () => {
    execFileSync("npm", ["pack", "--silent", "--pack-destination", packDir], { cwd: repoRoot, stdio: "pipe" });
    const tarball = join(packDir, readdirSync(packDir).find((f) => f.endsWith(".tgz"))!);
    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" });
    expect(listing).toContain("package/dist/bin.js");
    expect(listing).toContain("package/dist/index.d.ts");
    expect(listing).not.toContain("package/test/");

    project = await makeProject("ads", { generator: "installed" });
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", tarball], { cwd: project.dir, stdio: "pipe" });
    // npm prunes what package.json does not list; the harness links the Prisma CLI back in.
    if (!existsSync(join(project.dir, "node_modules", "prisma"))) {
      symlinkSync(join(repoRoot, "node_modules", "prisma"), join(project.dir, "node_modules", "prisma"));
    }
    expect(existsSync(join(project.dir, "node_modules", ".bin", "prisma-concurrently"))).toBe(true);

    expect((await project.deploy()).code).toBe(0);
    project.editSchema((s) => addToField(s, "Ad", "title", "@unique"));
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    expect(generate.stdout).toMatch(/wrote prisma\/migrations\/\d{14}_concurrently_index_unique_ad_title/);
    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    expect((await project.diff()).code).toBe(0);

    const help = await project.run(join(project.dir, "node_modules", ".bin", "prisma-concurrently"), ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Commands:");
  });
});
