// The project context reads the config through the installed Prisma's own @prisma/config: every
// file name and folder its loader accepts, in its order, for Prisma 6.19 and 7.10 (no CLI runs here;
// test/project-layouts.test.ts runs the real CLI on the main layouts).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generatorProjectContext, loadProjectContext, requireSchema } from "./project-context.js";

const repoModules = resolve(import.meta.dirname, "../../node_modules");
let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function project(major: 6 | 7, files: Record<string, string>) {
  dir = mkdtempSync(join(tmpdir(), "pgc-context-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(repoModules, major === 6 ? "prisma6" : "prisma"), join(dir, "node_modules", "prisma"));
  writeFileSync(join(dir, "package.json"), "{}");
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

/** A config (ESM or CommonJS by extension) naming a migrations folder, relative to the config file. */
const config = (file: string, migrations: string) =>
  file.endsWith(".cjs") || file.endsWith(".cts")
    ? `module.exports = { migrations: { path: "${migrations}" } };`
    : `export default { migrations: { path: "${migrations}" } };`;

const schema = { "prisma/schema.prisma": `datasource db {\n  provider = "postgresql"\n}\n` };

describe.each([7, 6] as const)("Prisma %i's loader", (major) => {
  const accepted = [
    ...(major === 7 ? ["prisma7.config.ts", "prisma7.config.mts", "prisma7.config.cjs", ".config/prisma7.ts", ".config/prisma7.js"] : []),
    "prisma.config.ts", "prisma.config.mjs", "prisma.config.cts", ".config/prisma.ts", ".config/prisma.config.ts",
    ".config/prisma/index.ts", "prisma.config/index.ts",
  ];
  it.each(accepted)("finds %s", async (file) => {
    project(major, { ...schema, [file]: config(file, "elsewhere") });
    const context = await loadProjectContext({ cwd: dir });
    expect(context.config.file).toBe(join(dir, file));
    expect(context.prisma?.major).toBe(major);
    expect(context.migrations).toMatchObject({ dir: join(dirname(join(dir, file)), "elsewhere"), source: { kind: "config" } });
  });

  it("without a config file, falls back to migrations/ beside the schema", async () => {
    project(major, schema);
    const context = await loadProjectContext({ cwd: dir });
    expect(context.config.file).toBeNull();
    expect(context.migrations).toMatchObject({ dir: join(dir, "prisma", "migrations"), shown: join("prisma", "migrations"), exists: false });
  });
});

describe("which config wins", () => {
  it("Prisma 7 takes prisma7.config.* before prisma.config.*; Prisma 6 knows only the latter", async () => {
    const files = { ...schema, "prisma7.config.ts": config("x.ts", "seven"), "prisma.config.ts": config("x.ts", "six") };
    project(7, files);
    expect((await loadProjectContext({ cwd: dir })).migrations.shown).toBe("seven");
    rmSync(dir, { recursive: true, force: true });
    project(6, files);
    expect((await loadProjectContext({ cwd: dir })).migrations.shown).toBe("six");
  });

  it("--config names the file; the schema comes from the config, else Prisma's default places", async () => {
    project(7, { "db/app.prisma": schema["prisma/schema.prisma"], "conf/p.ts": `export default { schema: "../db/app.prisma" };`, "schema.prisma": "" });
    const given = await loadProjectContext({ cwd: dir, config: "conf/p.ts" });
    expect(requireSchema(given).path).toBe(join(dir, "db", "app.prisma"));
    expect(given.migrations.dir).toBe(join(dir, "db", "migrations"));
    rmSync(dir, { recursive: true, force: true });
    project(7, {});
    await expect(loadProjectContext({ cwd: dir }).then(requireSchema)).rejects.toThrow("no Prisma config file was found, and there is no schema.prisma or prisma/schema.prisma");
  });

  it("Prisma 6 without a config reads the URL from the schema's env() variable, the direct one first (as migrate does)", async () => {
    project(6, { "prisma/schema.prisma": `datasource db {\n  provider = "postgresql"\n  url = env("APP_DB")\n}\n` });
    const context = await loadProjectContext({ cwd: dir, env: { APP_DB: "postgresql://u@h/db" } });
    expect(context.datasourceUrl).toEqual({ url: "postgresql://u@h/db", source: "APP_DB" });
    rmSync(dir, { recursive: true, force: true });
    project(6, { "prisma/schema.prisma": `datasource db {\n  provider  = "postgresql"\n  url       = env("POOLED")\n  directUrl = env("DIRECT")\n}\n` });
    expect((await loadProjectContext({ cwd: dir, env: { POOLED: "postgresql://pool/db", DIRECT: "postgresql://direct/db" } })).datasourceUrl)
      .toEqual({ url: "postgresql://direct/db", source: "DIRECT" });
    rmSync(dir, { recursive: true, force: true });
    project(6, { "prisma/schema.prisma": `datasource db { // the app's\n  provider = "postgresql"\n  url = "postgresql://u@h/lit" // literal\n}\n` });
    expect((await loadProjectContext({ cwd: dir })).datasourceUrl).toEqual({ url: "postgresql://u@h/lit", source: join("prisma", "schema.prisma") });
  });
});

describe("the generator's project (not started by a Prisma CLI here, so no command line to read)", () => {
  const request = (schemaPath: string) => ({ cwd: dir, env: {}, schemaPath: join(dir, schemaPath), datasourceFile: join(dir, schemaPath) });

  it("uses the config Prisma finds in its folder, or the one `plan --config` passes on", async () => {
    project(7, { ...schema, "prisma7.config.ts": `export default { schema: "prisma/schema.prisma", migrations: { path: "db/a" } };`, "b.config.ts": `export default { migrations: { path: "db/b" } };` });
    expect((await generatorProjectContext(request("prisma/schema.prisma"))).migrations.shown).toBe(join("db", "a"));
    const passed = await generatorProjectContext({ ...request("prisma/schema.prisma"), env: { PRISMA_CONCURRENTLY_CONFIG: join(dir, "b.config.ts") } });
    expect(passed.migrations.shown).toBe(join("db", "b"));
  });

  it("refuses a config that names another schema than the one Prisma read: Prisma ran with a config it cannot see", async () => {
    project(7, { ...schema, "other/schema.prisma": schema["prisma/schema.prisma"], "prisma7.config.ts": `export default { schema: "prisma/schema.prisma" };` });
    await expect(generatorProjectContext(request("other/schema.prisma"))).rejects.toThrow(
      "Prisma read the schema other/schema.prisma, but the Prisma config found here (prisma7.config.ts) names prisma/schema.prisma",
    );
  });
});
