// A throw-away Prisma 7 project for the benchmark, laid out like the test harness's: the
// checkout's Prisma CLI linked into node_modules, prisma.config.ts reading DATABASE_URL, a schema
// and a migrations folder; commands run with the real CLI and the offline engine's environment.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./engine-env.js";

export const generatorBin = join(repoRoot, "dist", "bin.js");
const prismaCli = join(repoRoot, "node_modules", "prisma", "build", "index.js");

const prismaConfig = `import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL! },
});
`;

export interface Run {
  code: number;
  stdout: string;
  /** stdout and stderr together. */
  output: string;
  ms: number;
}

export interface BenchProject {
  dir: string;
  migrationsDir: string;
  prisma(args: string[], opts?: { env?: Record<string, string>; timeoutMs?: number }): Promise<Run>;
  writeSchema(text: string): void;
  addMigration(name: string, sql: string): void;
  remove(): void;
}

/** Runs a command; kills it (and reports code -1) after timeoutMs. */
export function runTimed(command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => { output += d; stdout += d; });
    child.stderr.on("data", (d: Buffer) => { output += d; });
    const timer = opts.timeoutMs ? setTimeout(() => { output += `\n[killed after ${opts.timeoutMs} ms]`; child.kill("SIGKILL"); }, opts.timeoutMs) : null;
    child.on("error", reject);
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, output, ms: performance.now() - started });
    });
  });
}

export function makeBenchProject(name: string, databaseUrl: string): BenchProject {
  const dir = mkdtempSync(join(tmpdir(), `pgc-bench-${name}-`));
  const migrationsDir = join(dir, "prisma", "migrations");
  mkdirSync(migrationsDir, { recursive: true });
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(repoRoot, "node_modules", "prisma"), join(dir, "node_modules", "prisma"));
  writeFileSync(join(dir, "prisma.config.ts"), prismaConfig);
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
    prisma: (args, opts = {}) => runTimed(process.execPath, [prismaCli, ...args], { cwd: dir, env: { ...env(), ...opts.env }, timeoutMs: opts.timeoutMs }),
    writeSchema: (text) => writeFileSync(join(dir, "prisma", "schema.prisma"), text),
    addMigration: (folder, sql) => {
      mkdirSync(join(migrationsDir, folder), { recursive: true });
      writeFileSync(join(migrationsDir, folder, "migration.sql"), sql);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
