// The plan as the user's own Prisma sees the schema: runs the project's `prisma generate` for
// this tool's generator only, in plan mode, and reads back the report the generator writes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ourGeneratorNames } from "../config/schema-files.js";
import { loadProjectContext, requireSchema } from "../project/project-context.js";
import type { Plan } from "../core/plan.js";
import type { GeneratorConfig } from "../config/generator-config.js";
import type { DesiredStateJson } from "../core/desired-json.js";
import { UserError } from "../messages/user-error.js";
import { cliMessages } from "../messages/cli.js";

export interface ProjectPlan {
  migrationsDir: string | null;
  lines: string[];
  /** Leftover temporary folders inside the migrations folder (absent in reports of older builds). */
  leftovers?: number;
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

export async function projectPlan(opts: ProjectOptions): Promise<ProjectPlan> {
  const cwd = opts.cwd ?? process.cwd();
  const project = await loadProjectContext(opts);
  if (!project.prisma) throw new UserError(cliMessages.noPrismaCli(cwd));
  const cli = project.prisma.dir;
  const schemaPath = requireSchema(project).path;
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
