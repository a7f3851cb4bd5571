// Materialises a fixture as a real Prisma project in a temp dir and runs the real Prisma CLI in it.
//
// Fixtures are written for Prisma 7 (datasource without `url`; the config file carries it). For
// Prisma 6 the harness adds `url = env("DATABASE_URL")` to the datasource and writes no config,
// which is how a Prisma 6 project is set up.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { inject } from "vitest";
import { createDatabase, query } from "./database.js";
import { prisma7Config, runProcess, startProcess, type RunResult, type Started } from "./process.js";

export { runProcess, type RunResult, type Started };

export const repoRoot = resolve(import.meta.dirname, "../..");
export const fixturesDir = join(repoRoot, "fixtures");
export const localGenerator = `node ${join(repoRoot, "dist", "bin.js")}`;

export type PrismaMajor = 6 | 7;
export type ScriptMode = "whole" | "split";


export interface ProjectOptions {
  prisma?: PrismaMajor;
  mode?: ScriptMode;
  /** How the fixture's `provider = "prisma-concurrently"` is reached: this checkout's build
   *  (default), or the package installed into the project's node_modules. */
  generator?: "local" | "installed";
  /** Extra environment for every command. */
  env?: Record<string, string>;
}

export interface Project {
  dir: string;
  schemaPath: string;
  migrationsDir: string;
  databaseUrl: string;
  prismaMajor: PrismaMajor;
  mode: ScriptMode;
  env: Record<string, string>;
  run(command: string, args: string[], opts?: { env?: Record<string, string>; input?: string }): Promise<RunResult>;
  prisma(args: string[], opts?: { env?: Record<string, string> }): Promise<RunResult>;
  /** A Prisma command started in the background, in a process group of its own. */
  startPrisma(args: string[], opts?: { env?: Record<string, string> }): Started;
  generate(opts?: { env?: Record<string, string> }): Promise<RunResult>;
  deploy(): Promise<RunResult>;
  status(): Promise<RunResult>;
  /** `prisma migrate diff --from-migrations … --to-schema … --exit-code` (0: no difference). */
  diff(extra?: string[]): Promise<RunResult>;
  /** Prisma's own SQL for going from the history to the schema. */
  diffScript(): Promise<RunResult>;
  resolve(flag: "--rolled-back" | "--applied", migration: string): Promise<RunResult>;
  sql<T extends Record<string, unknown> = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  readSchema(): string;
  writeSchema(text: string): void;
  editSchema(edit: (schema: string) => string): void;
  addMigration(name: string, sql: string): void;
  migrations(): string[];
  readMigration(name: string): string;
  remove(): void;
}

const cliEntry = (major: PrismaMajor) =>
  join(repoRoot, "node_modules", major === 6 ? "prisma6" : "prisma", "build", "index.js");

export function toPrisma6Schema(schema: string): string {
  return schema.replace(
    /(datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"postgresql")/,
    `$1\n  url      = env("DATABASE_URL")`,
  );
}

/** Copies `fixtures/<name>` into a new temp project with its own fresh database. */
export async function makeProject(fixture: string, options: ProjectOptions = {}): Promise<Project> {
  const prismaMajor = options.prisma ?? 7;
  const mode = options.mode ?? "whole";
  const dir = mkdtempSync(join(tmpdir(), `pgc-${fixture.replace(/\W/g, "-")}-`));
  const source = join(fixturesDir, fixture);
  if (!existsSync(source)) throw new Error(`no fixture ${source}`);
  mkdirSync(join(dir, "prisma"), { recursive: true });
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(join(repoRoot, "node_modules", prismaMajor === 6 ? "prisma6" : "prisma"), join(dir, "node_modules", "prisma"));
  if (existsSync(join(source, "migrations"))) cpSync(join(source, "migrations"), join(dir, "prisma", "migrations"), { recursive: true, dereference: true });
  const schemaPath = join(dir, "prisma", "schema.prisma");
  const migrationsDir = join(dir, "prisma", "migrations");
  const adapt = (schema: string) => {
    let text = schema;
    if ((options.generator ?? "local") === "local") text = text.replaceAll(`provider = "prisma-concurrently"`, `provider = "${localGenerator}"`);
    return prismaMajor === 6 ? toPrisma6Schema(text) : text;
  };
  writeFileSync(schemaPath, adapt(readFileSync(join(source, "schema.prisma"), "utf8")));
  if (prismaMajor === 7) writeFileSync(join(dir, "prisma.config.ts"), prisma7Config);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "fixture", private: true }, null, 2));

  const databaseUrl = await createDatabase(`${fixture}_p${prismaMajor}_${mode}`);
  const env: Record<string, string> = {
    ...inject("engineEnv"),
    DATABASE_URL: databaseUrl,
    PRISMA_SHIM_SCRIPT_MODE: mode,
    ...options.env,
  };
  const baseEnv = (): Record<string, string | undefined> => {
    const e: Record<string, string | undefined> = { ...process.env, ...env };
    delete e.CI; // a build server's CI variable switches the generator to plan-only; tests say so explicitly
    delete e.NODE_OPTIONS;
    // As `npx prisma …` does: the project's bin folder first, where Prisma finds generator providers.
    e.PATH = `${join(dir, "node_modules", ".bin")}:${process.env.PATH ?? ""}`;
    return e;
  };
  const run: Project["run"] = (command, args, opts = {}) =>
    runProcess(command, args, { cwd: dir, env: { ...baseEnv(), ...opts.env }, input: opts.input });
  const prisma: Project["prisma"] = (args, opts = {}) => run(process.execPath, [cliEntry(prismaMajor), ...args], opts);

  const diffArgs = async (): Promise<string[]> => {
    if (prismaMajor === 7) return ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma"];
    // A fresh shadow database each time: a reused one is reset only in the URL's schema.
    const shadowUrl = await createDatabase(`${fixture}_shadow`);
    return ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--shadow-database-url", shadowUrl];
  };

  const project: Project = {
    dir, schemaPath, migrationsDir, databaseUrl, prismaMajor, mode, env,
    run, prisma,
    startPrisma: (args, opts = {}) =>
      startProcess(process.execPath, [cliEntry(prismaMajor), ...args], { cwd: dir, env: { ...baseEnv(), ...opts.env }, detached: true }),
    generate: (opts) => prisma(["generate"], opts),
    deploy: () => prisma(["migrate", "deploy"]),
    status: () => prisma(["migrate", "status"]),
    diff: async (extra = []) => prisma([...(await diffArgs()), "--exit-code", ...extra]),
    diffScript: async () => prisma([...(await diffArgs()), "--script"]),
    resolve: (flag, migration) => prisma(["migrate", "resolve", flag, migration]),
    sql: (text, params) => query(databaseUrl, text, params),
    readSchema: () => readFileSync(schemaPath, "utf8"),
    writeSchema: (text) => writeFileSync(schemaPath, adapt(text)),
    editSchema: (edit) => writeFileSync(schemaPath, edit(readFileSync(schemaPath, "utf8"))),
    addMigration: (name, sql) => {
      mkdirSync(join(migrationsDir, name), { recursive: true });
      writeFileSync(join(migrationsDir, name, "migration.sql"), sql);
    },
    migrations: () => (existsSync(migrationsDir) ? readdirSync(migrationsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : []),
    readMigration: (name) => readFileSync(join(migrationsDir, name, "migration.sql"), "utf8"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return project;
}

/**
 * Whether the script modes are real: they are the offline engine's (PRISMA_SHIM_SCRIPT_MODE). A
 * native engine ignores the variable and sends files its own way, so a test of a mode's own
 * behaviour runs only with the offline engine; every other test holds under either engine.
 */
export function scriptModesSimulated(): boolean {
  const engineEnv = inject("engineEnv"); // the offline engine may run through scripts/schema-engine-pg18.cjs
  const binary = engineEnv.PRISMA_OFFLINE_ENGINE ?? engineEnv.PRISMA_SCHEMA_ENGINE_BINARY ?? process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "";
  return binary.includes("prisma-offline");
}

type Combination = { prisma: PrismaMajor; mode: ScriptMode };
/**
 * How many Prisma × script-mode combinations a run covers: by default the full matrix only where
 * the engine's behaviour matters; `reduced` for the second PostgreSQL version (scripts/test.sh);
 * `full` runs every scenario under every combination (before a release, or to chase a difference).
 */
const choice = process.env.TEST_MATRIX;
const every: Combination[] = [
  { prisma: 7, mode: "whole" },
  { prisma: 7, mode: "split" },
  { prisma: 6, mode: "whole" },
  { prisma: 6, mode: "split" },
];

/** One combination per Prisma major, covering both script modes: for what differs between Prisma majors (config loading). */
export const onePerMajor: Combination[] = [
  { prisma: 7, mode: "whole" },
  { prisma: 6, mode: "split" },
];

/**
 * The engine's own behaviour (how it sends a file, what it reports): every combination, or one
 * pair per major on the second PostgreSQL version.
 */
export const matrix: Combination[] = choice === "reduced" ? onePerMajor : every;

/**
 * Each operation's generated folders deployed: one per Prisma major, covering both script modes;
 * on the second PostgreSQL version one, which the first run does not give them.
 */
export const pairs: Combination[] = choice === "full" ? every : choice === "reduced" ? [{ prisma: 6, mode: "whole" }] : onePerMajor;

/**
 * Inside a `describe.each(pairs)`: whether a secondary scenario (recovery, `fix`, a refusal) runs
 * under this combination. The first pair only: the describe's main scenario covers the others.
 */
export const secondaryRunsUnder = (c: Combination): boolean => choice === "full" || (c.prisma === pairs[0]!.prisma && c.mode === pairs[0]!.mode);

/** Everything else (our own commands, messages, recovery): one combination. */
export const one: Combination[] = choice === "full" ? every : choice === "reduced" ? [{ prisma: 6, mode: "split" }] : [{ prisma: 7, mode: "whole" }];

export function ensureDir(path: string) {
  mkdirSync(dirname(path), { recursive: true });
}
