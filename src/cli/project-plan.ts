// The plan as the user's own Prisma sees the schema: runs the project's `prisma generate` for
// this tool's generator only, in plan mode, and reads back the report the generator writes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { findPrismaCli, readPrismaConfig } from "../config/prisma-project.js";
import { defaultSchemaPath, ourGeneratorNames } from "../config/schema-files.js";
import type { Plan } from "../core/plan.js";
import type { GeneratorConfig } from "../config/generator-config.js";
import type { DesiredStateJson } from "../core/desired-json.js";
import { UserError } from "../messages/user-error.js";
import { cliMessages } from "../messages/cli.js";

export interface ProjectPlan {
  migrationsDir: string | null;
  lines: string[];
  folders: Array<{ name: string; kind: string }>;
  plan: Plan | null;
  config: GeneratorConfig | null;
  /** The schema's tables and uniques (absent in reports of older builds). */
  desired?: DesiredStateJson;
  schemaPath: string;
  projectDir: string;
}

export interface ProjectOptions {
  schema?: string;
  config?: string;
  cwd?: string;
}

export async function locateSchema(opts: ProjectOptions): Promise<string> {
  const cwd = opts.cwd ?? process.cwd();
  if (opts.schema) {
    const given = resolve(cwd, opts.schema);
    if (!existsSync(given)) throw new UserError(cliMessages.schemaMissing(given, "--schema"));
    return given;
  }
  const config = await readPrismaConfig(cwd, opts.config);
  const path = config.schemaPath ?? defaultSchemaPath(cwd);
  if (!path) throw new UserError(cliMessages.noSchema(cwd));
  if (!existsSync(path)) throw new UserError(cliMessages.schemaMissing(path, config.configFile ?? "prisma.config.ts"));
  return path;
}

export async function projectPlan(opts: ProjectOptions): Promise<ProjectPlan> {
  const cwd = opts.cwd ?? process.cwd();
  const cli = findPrismaCli(cwd);
  if (!cli) throw new UserError(cliMessages.noPrismaCli(cwd));
  const schemaPath = await locateSchema(opts);
  const names = ourGeneratorNames(schemaPath);
  if (names.length === 0) throw new UserError(cliMessages.noGeneratorBlock(schemaPath));
  const dir = mkdtempSync(join(tmpdir(), "prisma-concurrently-"));
  const report = join(dir, "report.json");
  try {
    const args = [join(cli, "build", "index.js"), "generate", ...names.flatMap((n) => ["--generator", n])];
    if (opts.schema) args.push("--schema", schemaPath);
    if (opts.config) args.push("--config", opts.config);
    const result = spawnSync(process.execPath, args, {
      cwd,
      encoding: "utf8",
      env: { ...process.env, PRISMA_CONCURRENTLY_REPORT: report, PRISMA_CONCURRENTLY_FORCE_PLAN: "1", ...(opts.config ? { PRISMA_CONCURRENTLY_CONFIG: resolve(cwd, opts.config) } : {}) },
    });
    let parsed: Omit<ProjectPlan, "schemaPath" | "projectDir">;
    try {
      parsed = JSON.parse(readFileSync(report, "utf8"));
    } catch {
      throw new UserError(cliMessages.generateFailed(`${result.stdout ?? ""}${result.stderr ?? ""}`.trim()));
    }
    return { ...parsed, schemaPath, projectDir: cwd };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
