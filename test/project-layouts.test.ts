// The generator and the CLI find the Prisma project exactly as the installed Prisma does: every
// config file layout its @prisma/config loader accepts (Prisma 7's `prisma7.config.*` first), a
// schema and migrations folder set in the config, no config at all (Prisma 6), a project made by
// Prisma 7's own `prisma init`, and `prisma generate --config`. Each case ends with Prisma itself
// applying the folders the generator wrote, which proves they are in the folder Prisma uses.
// Layouts are file discovery, not engine behaviour: one script mode.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeProject, repoRoot, type PrismaMajor, type Project } from "./support/project.js";
import { ownCli } from "./support/cli.js";
import { addToField } from "./support/schema-edit.js";

let project: Project | undefined;

/** The variable left out of a command's environment (an empty value would stop dotenv from setting it). */
const noDatabaseUrl = { DATABASE_URL: undefined } as unknown as Record<string, string>;
afterEach(() => project?.remove());

/** A Prisma config that sets the schema and migrations paths (relative to the config file, as Prisma reads them). */
const configText = (schema: string, migrations: string) => `import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "${schema}",
  migrations: { path: "${migrations}" },
  datasource: { url: process.env.DATABASE_URL! },
});
`;

/** Prisma 6's config (6.19 takes the URL from the schema, not from the config). */
const prisma6ConfigText = (schema: string, migrations: string) => `import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "${schema}",
  migrations: { path: "${migrations}" },
});
`;

function write(p: Project, file: string, text: string) {
  mkdirSync(dirname(join(p.dir, file)), { recursive: true });
  writeFileSync(join(p.dir, file), text);
}

/** Moves the harness' prisma/schema.prisma and prisma/migrations to where a layout keeps them. */
function move(p: Project, schema: string, migrations: string) {
  for (const [from, to] of [[p.schemaPath, join(p.dir, schema)], [p.migrationsDir, join(p.dir, migrations)]] as const) {
    if (from === to) continue;
    mkdirSync(dirname(to), { recursive: true });
    renameSync(from, to);
  }
}

const folders = (dir: string) => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : []);

interface Layout {
  prisma: PrismaMajor;
  /** The config file, or null for none; it names the schema and migrations folder (paths relative to it, as Prisma reads them). */
  config: string | null;
  /** Where the layout keeps the schema and the migrations, relative to the project. */
  schema: string;
  migrations: string;
  /** Other files, written as they are. */
  extra?: Record<string, string>;
}

const layouts: Layout[] = [
  // A prisma.config.ts beside prisma7.config.ts is ignored by Prisma 7.
  { prisma: 7, config: "prisma7.config.ts", schema: "db/schema.prisma", migrations: "db/history", extra: { "prisma.config.ts": configText("prisma/nothing.prisma", "prisma/nothing") } },
  { prisma: 7, config: ".config/prisma7.ts", schema: "prisma/schema.prisma", migrations: "prisma/history" },
  { prisma: 7, config: ".config/prisma/index.ts", schema: "schema/app.prisma", migrations: "sql/migrations" },
  { prisma: 6, config: "prisma.config.ts", schema: "prisma/schema.prisma", migrations: "database/migrations" },
  { prisma: 6, config: ".config/prisma.ts", schema: "prisma/schema.prisma", migrations: "prisma/migrations" },
  { prisma: 6, config: null, schema: "prisma/schema.prisma", migrations: "prisma/migrations" },
];

/** Rearranges the harness project (prisma/schema.prisma, prisma/migrations, prisma.config.ts for Prisma 7) into a layout. */
function arrange(p: Project, layout: Layout) {
  rmSync(join(p.dir, "prisma.config.ts"), { force: true });
  move(p, layout.schema, layout.migrations);
  if (layout.config) {
    const from = dirname(join(p.dir, layout.config));
    const text = layout.prisma === 7 ? configText : prisma6ConfigText;
    write(p, layout.config, text(relative(from, join(p.dir, layout.schema)), relative(from, join(p.dir, layout.migrations))));
  }
  for (const [file, text] of Object.entries(layout.extra ?? {})) write(p, file, text);
}

/** File discovery does not depend on the PostgreSQL version: the second server's run (TEST_MATRIX=reduced) takes one layout. */
const layoutsToRun = process.env.TEST_MATRIX === "reduced" ? layouts.slice(0, 1) : layouts;

describe.each(layoutsToRun)("Prisma $prisma, config $config, schema $schema, migrations $migrations", (layout) => {
  it("generate plans the new unique into Prisma's migrations folder; plan, check and doctor find the schema and the URL", async () => {
    project = await makeProject("ads", { prisma: layout.prisma });
    const p = project;
    arrange(p, layout);
    const history = join(p.dir, layout.migrations);
    const deploy = await p.deploy();
    expect(deploy.code, deploy.output).toBe(0);

    writeFileSync(join(p.dir, layout.schema), addToField(readFileSync(join(p.dir, layout.schema), "utf8"), "Ad", "title", "@unique"));
    const plan = await ownCli(p, ["plan"]);
    expect(plan.code, plan.output).toBe(0);
    expect(plan.stdout).toContain(`would write ${layout.migrations}/`);

    const generate = await p.generate();
    expect(generate.code, generate.output).toBe(0);
    expect(generate.stdout).toContain(`wrote ${layout.migrations}/`);
    expect(folders(history).filter((f) => f.includes("concurrently"))).toHaveLength(3);

    // Prisma applies them: they are in the folder Prisma reads.
    const again = await p.deploy();
    expect(again.code, again.output).toBe(0);
    expect(await p.sql(`SELECT conname FROM pg_constraint WHERE conname = 'Ad_title_key' AND contype = 'u'`)).toHaveLength(1);

    const check = await ownCli(p, ["check", "--format", "json"]);
    expect(check.code, check.output).toBe(0);
    const report = JSON.parse(check.stdout) as { migrationsDir: string; checked: string[] };
    expect(report.migrationsDir).toBe(layout.migrations);
    expect(report.checked).toHaveLength(4);
    const doctor = await ownCli(p, ["doctor"]);
    expect(doctor.code, doctor.output).toBe(0);
    expect(doctor.stdout).toMatch(new RegExp(`doctor: postgresql://\\S+ \\(from \\S+\\), migrations in ${layout.migrations}`));
  });
});

describe("a project made by Prisma 7's own `prisma init`", () => {
  it("finds prisma7.config.ts, its schema, migrations and URL (from .env through dotenv)", async () => {
    project = await makeProject("ads", { prisma: 7 });
    const p = project;
    const schemaText = p.readSchema();
    rmSync(join(p.dir, "prisma"), { recursive: true });
    rmSync(join(p.dir, "prisma.config.ts"));
    // `npm install --save-dev prisma dotenv`, as the file prisma init writes says.
    symlinkSync(join(repoRoot, "node_modules", "dotenv"), join(p.dir, "node_modules", "dotenv"));
    const init = await p.prisma(["init", "--datasource-provider", "postgresql", "--no-skills"], { env: noDatabaseUrl });
    expect(init.code, init.output).toBe(0);
    // "Configure your DATABASE_URL", as prisma init's next steps say: in the .env it wrote.
    const dotEnv = readFileSync(join(p.dir, ".env"), "utf8");
    expect(dotEnv).toContain("DATABASE_URL=");
    writeFileSync(join(p.dir, ".env"), dotEnv.replace(/^DATABASE_URL=.*$/m, `DATABASE_URL="${p.databaseUrl}"`));
    expect(existsSync(join(p.dir, "prisma7.config.ts"))).toBe(true);
    expect(existsSync(join(p.dir, "prisma.config.ts"))).toBe(false);
    // The user's models and this generator, in the schema prisma init wrote.
    const written = readFileSync(p.schemaPath, "utf8");
    writeFileSync(p.schemaPath, `${written}\n${schemaText.slice(schemaText.indexOf("model Ad"))}\n${schemaText.match(/generator concurrently \{[^}]*\}/)![0]}\n`);
    cpSync(join(repoRoot, "fixtures", "ads", "migrations"), p.migrationsDir, { recursive: true });

    // DATABASE_URL comes only from the .env file prisma init wrote, loaded by its config's `import "dotenv/config"`.
    const env = noDatabaseUrl;
    const deploy = await p.prisma(["migrate", "deploy"], { env });
    expect(deploy.code, deploy.output).toBe(0);
    p.editSchema((s) => addToField(s, "Ad", "title", "@unique"));
    // Only this generator: the client generator prisma init declared needs packages this project does not install.
    const generate = await p.prisma(["generate", "--generator", "concurrently"], { env });
    expect(generate.code, generate.output).toBe(0);
    expect(generate.stdout).toContain("wrote prisma/migrations/");
    expect(p.migrations().filter((f) => f.includes("concurrently"))).toHaveLength(3);
    const check = await ownCli(p, ["check"], env);
    expect(check.code, check.output).toBe(0);
    const doctor = await ownCli(p, ["doctor"], env);
    expect(doctor.code, doctor.output).toBe(0);
    expect(doctor.stdout).toContain("(from prisma7.config.ts), migrations in prisma/migrations");
  });
});

describe("the migrations folder Prisma uses", () => {
  it("prisma generate --config <file>: the generator uses the config Prisma was given", async () => {
    project = await makeProject("ads", { prisma: 7 });
    const p = project;
    cpSync(p.migrationsDir, join(p.dir, "db", "history"), { recursive: true });
    write(p, "other.config.ts", configText("prisma/schema.prisma", "db/history"));
    p.editSchema((s) => addToField(s, "Ad", "title", "@unique"));
    const generate = await p.prisma(["generate", "--config", "other.config.ts"]);
    expect(generate.code, generate.output).toBe(0);
    expect(generate.stdout).toContain("wrote db/history/");
    expect(p.migrations()).toEqual(["20250101000000_init"]);
  });

  it("fails generate loudly when that folder is missing but migrations are elsewhere; a new project gets a notice", async () => {
    project = await makeProject("ads", { prisma: 7 });
    const p = project;
    write(p, "prisma7.config.ts", configText("prisma/schema.prisma", "db/migrations"));
    p.editSchema((s) => addToField(s, "Ad", "title", "@unique"));
    const generate = await p.generate();
    expect(generate.code, generate.output).not.toBe(0);
    expect(generate.output).toContain("no migrations folder at db/migrations (migrations.path in prisma7.config.ts), but prisma/migrations holds migrations.");
    expect(generate.output).toContain("Nothing was planned.");
    expect(existsSync(join(p.dir, "db"))).toBe(false);
    const check = await ownCli(p, ["check"]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("no migrations folder at db/migrations (migrations.path in prisma7.config.ts)");

    // No history anywhere: a project before its first migration.
    rmSync(p.migrationsDir, { recursive: true });
    const fresh = await p.generate();
    expect(fresh.code, fresh.output).toBe(0);
    expect(fresh.stdout).toContain("no migrations folder at db/migrations (migrations.path in prisma7.config.ts): there is no migration history yet");
  });

  it("a config file Prisma cannot load is reported by every command, in one line with the loader's reason", async () => {
    project = await makeProject("ads", { prisma: 7 });
    const p = project;
    write(p, "prisma7.config.ts", `import { defineConfig, env } from "prisma/config";\nexport default defineConfig({ datasource: { url: env("NOT_SET_ANYWHERE") } });\n`);
    for (const command of ["check", "doctor", "plan"]) {
      const result = await ownCli(p, [command]);
      expect(result.code, result.output).toBe(1);
      expect(result.stderr).toContain("prisma-concurrently: Prisma 7.10.1 cannot load its config file");
      expect(result.stderr).toContain("NOT_SET_ANYWHERE");
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
