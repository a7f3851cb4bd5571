// What `prisma generate` does with this generator: read the history and the schema, plan, and
// write (or, in plan mode, only describe) the new migration folders. Returns the lines to print.
import { specOf } from "../catalog/catalog.js";
import { join } from "node:path";
import type { DMMF } from "@prisma/generator-helper";
import { parseGeneratorConfig, type GeneratorConfig } from "../config/generator-config.js";
import { generatorProjectContext, otherMigrationFolders, type ProjectContext } from "../project/project-context.js";
import { desiredFromDatamodel } from "../core/desired.js";
import { planChanges, type Plan, type Step } from "../core/plan.js";
import { FolderClashError, FolderOrderError, renderPlan, type Folder } from "../core/render.js";
import { HistoryParseError } from "../core/replay.js";
import { describeSource } from "../core/state.js";
import { loadParser } from "../sql/parse.js";
import { cachedReplay, prefetchReplay, replayCacheFile } from "../io/replay-cache-file.js";
import { migrationFolders, readHistory } from "../io/read-history.js";
import { writeFolders } from "../io/write-folders.js";
import { withMigrationsLock } from "../io/exclusive-write.js";
import { hasLeftovers, oldTempFolders } from "../io/leftovers.js";
import { completeInterruptedSets } from "../core/interrupted-sets.js";
import { shadowedTargets } from "../core/temp-shadow.js";
import { notices } from "../messages/notices.js";
import { foreignKeyMessages } from "../messages/operations/foreign-key.js";
import { foreignKeysEmulated } from "../config/relation-mode.js";
import { migrationsSourceText, projectMessages } from "../messages/project.js";
import { UserError } from "../messages/user-error.js";
import { blockingNotices, NEWEST_MIGRATIONS } from "../check/generator-notice.js";

export interface GeneratorInput {
  datamodel: DMMF.Datamodel;
  provider: string;
  /** The schema Prisma read: a file, or a folder of .prisma files. */
  schemaPath: string;
  /** The schema file that holds this generator's block (its `migrations` option is relative to it). */
  generatorFile: string;
  /** The schema file that holds the datasource block, when Prisma says. */
  datasourceFile: string | null;
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
  /** Leftover temporary folders inside the migrations folder that a plan run reported. */
  leftovers: number;
}

export function describeStep(step: Step): string {
  return specOf(step).describe(step);
}

/** The generator's own `migrations` option, relative to the schema file that holds its block. */
const optionOf = (input: Pick<GeneratorInput, "generatorFile">, config: GeneratorConfig) =>
  config.migrations ? { path: config.migrations, schemaFile: input.generatorFile } : undefined;

/** The project as the Prisma that runs this generator sees it (config, migrations folder). */
const projectOf = (input: Pick<GeneratorInput, "schemaPath" | "datasourceFile" | "generatorFile" | "cwd" | "env">, config: GeneratorConfig) =>
  generatorProjectContext({ cwd: input.cwd, env: input.env, schemaPath: input.schemaPath, datasourceFile: input.datasourceFile, option: optionOf(input, config) });

/**
 * The work that needs no DMMF, started when Prisma asks for the manifest so that it runs while
 * Prisma computes the DMMF and runs the other generators: load the SQL parser and the project's
 * Prisma config (kept by loadPrismaConfig for runGenerator), and replay the history (prefetchReplay
 * keeps the result for runGenerator, and a checkpoint for the next run). The manifest request names
 * only the generator's schema file, which stands in for the schema here. Never fails: runGenerator
 * does every step again and reports its errors.
 */
export async function prefetchHistory(input: { schemaPath: string; config: GeneratorInput["config"]; cwd: string; env: GeneratorInput["env"] }): Promise<void> {
  try {
    await loadParser();
    const config = parseGeneratorConfig(input.config, input.env);
    const project = await projectOf({ ...input, generatorFile: input.schemaPath, datasourceFile: null }, config);
    if (!project.migrations.exists) return;
    prefetchReplay(readHistory(project.migrations.dir), NEWEST_MIGRATIONS, replayCacheFile(project.root, project.migrations.dir, input.env));
  } catch {
    // runGenerator reports it
  }
}

export async function runGenerator(input: GeneratorInput): Promise<GeneratorOutcome> {
  const config = parseGeneratorConfig(input.config, input.env);
  if (input.env.PRISMA_CONCURRENTLY_FORCE_PLAN) Object.assign(config, { emit: "plan", emitSource: "cli" });
  const outcome: GeneratorOutcome = { lines: [], config, migrationsDir: null, plan: null, folders: [], written: false, leftovers: 0 };
  if (input.provider !== "postgresql") {
    outcome.lines.push(notices.notPostgres(input.provider));
    return outcome;
  }
  const project = await projectOf(input, config);
  outcome.lines.push(...(project.notes ?? []));
  const { dir, shown } = project.migrations;
  outcome.migrationsDir = dir;
  if (!project.migrations.exists) {
    const from = migrationsSourceText(project.migrations.source, project.root);
    if (project.migrations.source.kind === "option") throw new UserError(notices.configuredFolderMissing(shown));
    // A folder Prisma would use but that is missing is a new project, unless migrations sit
    // where another reading of the project would look: then the path is wrong, and planning
    // nothing would let the next `migrate dev` write a blocking index.
    const others = otherMigrationFolders(project);
    if (others.length > 0) throw new UserError(projectMessages.migrationsElsewhere(shown, from, others));
    outcome.lines.push(projectMessages.noHistoryYet(shown, from));
    return outcome;
  }

  await loadParser();
  if (config.emit !== "write") {
    // Only a writing run cleans leftovers (under the lock); a plan run names them with the command.
    const leftovers = oldTempFolders(dir).map((entry) => notices.oldTempFound(join(shown, entry)));
    if (leftovers.length > 0 && config.emitSource !== "cli") throw new UserError(leftovers.join("\n"));
    outcome.leftovers = leftovers.length;
    outcome.lines.push(...leftovers);
    planFolders(outcome, input, config, project, shown);
    for (const f of outcome.folders) outcome.lines.push(notices.wouldWrite(join(shown, f.name), describeStep(f.step)));
    if (outcome.folders.length > 0 && config.emitSource !== "cli") outcome.lines.push(notices.planOnly(config.emitSource));
    return outcome;
  }
  // Most runs have nothing to write: they plan without the lock and never wait for one.
  const preview: GeneratorOutcome = { ...outcome, lines: [...outcome.lines] };
  planFolders(preview, input, config, project, shown);
  if (preview.folders.length === 0 && !hasLeftovers(dir)) return preview;
  // Read, plan and write as the only writer: a second run waits, then plans from what the first wrote.
  return withMigrationsLock(dir, input.cwd, (cleaned) => {
    outcome.lines.push(...cleaned);
    planFolders(outcome, input, config, project, shown);
    if (outcome.folders.length === 0) return outcome;
    writeFolders(dir, outcome.folders);
    outcome.written = true;
    for (const f of outcome.folders) {
      if (f.step.kind === "attach" && f.step.completes) outcome.lines.push(notices.completingSet(join(shown, f.step.completes), join(shown, f.name)));
      outcome.lines.push(notices.wrote(join(shown, f.name), describeStep(f.step)));
    }
    outcome.lines.push(notices.nextAfterWrite(outcome.folders.some((f) => f.step.kind === "build")));
    return outcome;
  });
}

/** Reads the history as it is now, plans, and renders the folders into `outcome`. */
function planFolders(outcome: GeneratorOutcome, input: GeneratorInput, config: GeneratorConfig, project: ProjectContext, shown: string): void {
  const dir = project.migrations.dir;
  const history = readHistory(dir);
  let replay;
  try {
    replay = cachedReplay(history, NEWEST_MIGRATIONS, replayCacheFile(project.root, dir, input.env));
  } catch (error) {
    if (error instanceof HistoryParseError) {
      const e = error.parseError;
      throw new UserError(notices.unparsableHistory(join(shown, error.migration, "migration.sql"), e.line, e.column, e.message));
    }
    throw error;
  }
  for (const warning of replay.warnings) outcome.lines.push(notices.replayWarning(warning));
  outcome.lines.push(...blockingNotices(history, shown, replay.stateBeforeLast));

  const desired = desiredFromDatamodel(input.datamodel);
  if (foreignKeysEmulated(input.schemaPath)) desired.foreignKeys = []; // relationMode = "prisma": Prisma writes no foreign keys
  const plan = completeInterruptedSets(planChanges(desired, replay.state, config), desired, replay.state, history, config);
  outcome.plan = plan;
  const shadowed = shadowedTargets(plan, replay.state);
  if (shadowed.length > 0) {
    throw new UserError(notices.shadowedByTemporaryTable(shadowed.map((s) => ({ table: s.table, migrationSql: join(shown, s.temporary.origin, "migration.sql"), line: s.temporary.temporary!.line }))));
  }
  for (const skip of plan.skipped) outcome.lines.push(notices.skipped(skip, shown));
  for (const skip of plan.foreignKeysSkipped ?? []) outcome.lines.push(foreignKeyMessages.skipped(skip.fk, skip.reason));
  try {
    outcome.folders = renderPlan(plan, {
      now: input.now,
      lock: config.lock,
      existing: migrationFolders(dir),
      scripts: new Map(history.map((m) => [m.name, m.sql])),
    });
  } catch (error) {
    if (error instanceof FolderClashError) throw new UserError(notices.folderClash(error.existing, error.wanted));
    if (error instanceof FolderOrderError) throw new UserError(notices.folderOrder(error.newest));
    throw error;
  }
}
