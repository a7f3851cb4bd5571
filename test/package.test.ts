// The published package works where users put it: `npm pack`, install the tarball into a
// project, and let Prisma find `provider = "prisma-concurrently"` on its own.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { makeProject, repoRoot, type Project } from "./support/project.js";
import { addToField } from "./support/schema-edit.js";

let project: Project | undefined;
const packDir = mkdtempSync(join(tmpdir(), "pgc-pack-"));
afterAll(() => {
  project?.remove();
  rmSync(packDir, { recursive: true, force: true });
});

/**
 * The modules the package uses: everything its entry points import, statically or dynamically,
 * in the code or in its type declarations (a types-only module), read with TypeScript's own scanner.
 */
function reachableModules(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = entries.map((e) => normalize(e));
  while (queue.length > 0) {
    const module = queue.pop()!;
    if (seen.has(module)) continue;
    seen.add(module);
    for (const file of [module, module.replace(/\.js$/, ".d.ts")].filter((f) => existsSync(join(repoRoot, f)))) {
      const { importedFiles } = ts.preProcessFile(readFileSync(join(repoRoot, file), "utf8"), true, true);
      for (const { fileName } of importedFiles) {
        if (fileName.startsWith(".")) queue.push(normalize(join(dirname(module), fileName)));
      }
    }
  }
  return seen;
}

describe("the packed package", () => {
  it("ships only what runs: no tests, no test helpers, no module its entry points do not reach", () => {
    const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })) as Array<{ files: Array<{ path: string }> }>;
    const files = pack!.files.map((f) => f.path);
    const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { main: string; bin: Record<string, string> };
    const reachable = reachableModules([manifest.main, ...Object.values(manifest.bin)]);
    expect(reachable.has("dist/cli/main.js")).toBe(true); // the scan follows the dynamic imports of bin.js
    // A module ships with its types and source maps; besides modules only the manifest and the README.
    const moduleOf = (path: string) => path.replace(/\.d\.ts(\.map)?$|\.js\.map$/, ".js");
    const unreachable = files.filter((f) => !["package.json", "README.md"].includes(f) && !reachable.has(moduleOf(f)));
    expect(unreachable).toEqual([]);
    expect(files.filter((f) => /\.test\.|test-helpers|test-rows|test-kit/.test(f))).toEqual([]);
    for (const module of reachable) expect(files).toContain(module);
  });

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
