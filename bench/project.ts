// A throw-away Prisma 7 project for the benchmark, laid out like the test harness's: the
// checkout's Prisma CLI linked into node_modules, prisma.config.ts reading DATABASE_URL, a schema
// and a migrations folder; commands run with the real CLI and the offline engine's environment.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./engine-env.js";
import { prisma7Config, runProcess, type RunResult } from "../test/support/process.js";

export { runProcess, type RunResult };

export const generatorBin = join(repoRoot, "dist", "bin.js");
const prismaCli = join(repoRoot, "node_modules", "prisma", "build", "index.js");

export interface BenchProject {
  dir: string;
  migrationsDir: string;
  prisma(args: string[], opts?: { env?: Record<string, string>; timeoutMs?: number }): Promise<RunResult>;
  writeSchema(text: string): void;
  addMigration(name: string, sql: string): void;
  remove(): void;
}

export function makeBenchProject(name: string, databaseUrl: string): BenchProject {
  const dir = mkdtempSync(join(tmpdir(), `pgc-bench-${name}-`));
  const migrationsDir = join(dir, "prisma", "migrations");
  mkdirSync(migrationsDir, { recursive: true });
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(repoRoot, "node_modules", "prisma"), join(dir, "node_modules", "prisma"));
  writeFileSync(join(dir, "prisma.config.ts"), prisma7Config);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `bench-${name}`, private: true }));
  writeFileSync(join(migrationsDir, "migration_lock.toml"), 'provider = "postgresql"\n');
  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl }; // main.ts added the engine's variables
    delete e.CI; // CI switches the generator to plan-only
    delete e.NODE_OPTIONS;
    return e;
  };
  return {
    dir,
    migrationsDir,
    prisma: (args, opts = {}) => runProcess(process.execPath, [prismaCli, ...args], { cwd: dir, env: { ...env(), ...opts.env }, timeoutMs: opts.timeoutMs }),
    writeSchema: (text) => writeFileSync(join(dir, "prisma", "schema.prisma"), text),
    addMigration: (folder, sql) => {
      mkdirSync(join(migrationsDir, folder), { recursive: true });
      writeFileSync(join(migrationsDir, folder, "migration.sql"), sql);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
