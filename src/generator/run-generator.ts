// What `prisma generate` does with this generator: read the history and the schema, plan, and
// write (or, in plan mode, only describe) the new migration folders. Returns the lines to print.
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { DMMF } from "@prisma/generator-helper";
import { parseGeneratorConfig, type GeneratorConfig } from "../config/generator-config.js";
import { readPrismaConfig } from "../config/prisma-project.js";
import { desiredFromDatamodel } from "../core/desired.js";
import { planChanges, type Plan, type Step } from "../core/plan.js";
import { FolderClashError, FolderOrderError, renderPlan, type Folder } from "../core/render.js";
import { HistoryParseError, replayHistory } from "../core/replay.js";
import { describeSource } from "../core/state.js";
import { loadParser, parseStatements } from "../sql/parse.js";
import { migrationFolders, readHistory } from "../io/read-history.js";
import { writeFolders } from "../io/write-folders.js";
import { notices } from "../messages/notices.js";
import { UserError } from "../messages/user-error.js";
import { blockingUniqueNotices, NEWEST_MIGRATIONS } from "../check/generator-notice.js";

export interface GeneratorInput {
  datamodel: DMMF.Datamodel;
  provider: string;
  /** The schema file (or the first file of a multi-file schema). */
  schemaPath: string;
  config: Record<string, string | string[] | undefined>;
  cwd: string;
  env: Record<string, string | undefined>;
  now: Date;
}

export interface GeneratorOutcome {
  lines: string[];
  config: GeneratorConfig | null;
  migrationsDir: string | null;
  plan: Plan | null;
  folders: Folder[];
  written: boolean;
}

export function describeStep(step: Step): string {
  switch (step.kind) {
    case "precheck":
      return `duplicate pre-check for ${describeSource(step.unique.source)}`;
    case "build":
      return `concurrent build of "${step.unique.name}" for ${describeSource(step.unique.source)}${step.attach ? "" : ", kept as an index"}`;
    case "attach":
      return `attach "${step.unique.name}" as a UNIQUE constraint`;
    case "drop":
      return `drop the UNIQUE constraint "${step.index.name}" that ${step.table.model} no longer declares`;
  }
}

/** prisma.config.ts as read by prefetchHistory, for the runGenerator call that follows it (once). */
let prefetchedConfig: { cwd: string; config: ReturnType<typeof readPrismaConfig> } | null = null;

/** The Prisma config file `prisma-concurrently plan --config <file>` passes on (Prisma does not tell generators). */
const configFileOf = (env: GeneratorInput["env"]) => env.PRISMA_CONCURRENTLY_CONFIG || undefined;

function prismaConfigOf(cwd: string, configFile: string | undefined): ReturnType<typeof readPrismaConfig> {
  const prefetched = prefetchedConfig;
  prefetchedConfig = null;
  return prefetched && prefetched.cwd === cwd ? prefetched.config : readPrismaConfig(cwd, configFile);
}

async function migrationsDirFor(
  input: Pick<GeneratorInput, "schemaPath" | "cwd" | "env">,
  config: GeneratorConfig,
  readConfig: (cwd: string) => ReturnType<typeof readPrismaConfig> = (cwd) => prismaConfigOf(cwd, configFileOf(input.env)),
): Promise<{ dir: string; configured: boolean }> {
  if (config.migrations) return { dir: resolve(dirname(input.schemaPath), config.migrations), configured: true };
  const prismaConfig = await readConfig(input.cwd);
  if (prismaConfig.migrationsPath) return { dir: prismaConfig.migrationsPath, configured: false };
  return { dir: join(dirname(input.schemaPath), "migrations"), configured: false };
}

/**
 * The work that needs no DMMF, started when Prisma asks for the manifest so that it runs while
 * Prisma computes the DMMF and runs the other generators: load the SQL parser and the project's
 * prisma.config.ts, and parse the history (parseStatements keeps the trees for runGenerator).
 * Never fails: runGenerator does every step again and reports its errors.
 */
export async function prefetchHistory(input: Pick<GeneratorInput, "schemaPath" | "config" | "cwd" | "env">): Promise<void> {
  try {
    await loadParser();
    const config = parseGeneratorConfig(input.config, input.env);
    // prisma.config.ts is evaluated only when it can name the folder: loading Prisma's config loader is the costliest part.
    const read = config.migrations ? null : readPrismaConfig(input.cwd, configFileOf(input.env));
    read?.catch(() => {}); // runGenerator awaits it and reports its error
    if (read) prefetchedConfig = { cwd: input.cwd, config: read };
    const { dir } = await migrationsDirFor(input, config, () => read!);
    if (!existsSync(dir)) return;
    for (const migration of readHistory(dir)) {
      try {
        parseStatements(migration.sql);
      } catch {
        // a file the parser rejects: runGenerator reports it
      }
    }
  } catch {
    // runGenerator reports it
  }
}

export async function runGenerator(input: GeneratorInput): Promise<GeneratorOutcome> {
  const config = parseGeneratorConfig(input.config, input.env);
  if (input.env.PRISMA_CONCURRENTLY_FORCE_PLAN) Object.assign(config, { emit: "plan", emitSource: "cli" });
  const outcome: GeneratorOutcome = { lines: [], config, migrationsDir: null, plan: null, folders: [], written: false };
  if (input.provider !== "postgresql") {
    outcome.lines.push(notices.notPostgres(input.provider));
    return outcome;
  }
  const { dir, configured } = await migrationsDirFor(input, config);
  outcome.migrationsDir = dir;
  const shown = relative(input.cwd, dir) || ".";
  if (!existsSync(dir)) {
    if (configured) throw new UserError(notices.configuredFolderMissing(shown));
    outcome.lines.push(notices.noMigrationsFolder(shown));
    return outcome;
  }

  await loadParser();
  const history = readHistory(dir);
  let replay;
  try {
    replay = replayHistory(history, { snapshotBeforeLast: NEWEST_MIGRATIONS });
  } catch (error) {
    if (error instanceof HistoryParseError) {
      const e = error.parseError;
      throw new UserError(notices.unparsableHistory(join(shown, error.migration, "migration.sql"), e.line, e.column, e.message));
    }
    throw error;
  }
  for (const warning of replay.warnings) outcome.lines.push(notices.replayWarning(warning));
  outcome.lines.push(...blockingUniqueNotices(history, shown, replay.stateBeforeLast));

  const plan = planChanges(desiredFromDatamodel(input.datamodel), replay.state, config);
  outcome.plan = plan;
  for (const skip of plan.skipped) outcome.lines.push(notices.skipped(skip));
  try {
    outcome.folders = renderPlan(plan, {
      now: input.now,
      lockTimeout: config.lockTimeout,
      existing: migrationFolders(dir),
      scripts: new Map(history.map((m) => [m.name, m.sql])),
    });
  } catch (error) {
    if (error instanceof FolderClashError) throw new UserError(notices.folderClash(error.existing, error.wanted));
    if (error instanceof FolderOrderError) throw new UserError(notices.folderOrder(error.newest));
    throw error;
  }
  if (outcome.folders.length === 0) return outcome;

  if (config.emit === "write") {
    writeFolders(dir, outcome.folders);
    outcome.written = true;
    for (const f of outcome.folders) outcome.lines.push(notices.wrote(join(shown, f.name), describeStep(f.step)));
    outcome.lines.push(notices.nextAfterWrite());
  } else {
    for (const f of outcome.folders) outcome.lines.push(notices.wouldWrite(join(shown, f.name), describeStep(f.step)));
    if (config.emitSource !== "cli") outcome.lines.push(notices.planOnly(config.emitSource));
  }
  return outcome;
}
