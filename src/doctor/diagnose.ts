// The diagnosis: `_prisma_migrations` rows × this tool's folders × catalog facts → one report per
// migration of this tool and the findings that need (or deserve) a word, each with its next
// commands and the repairs `doctor --fix` may make. Pure.
//
// What --fix may do is deliberately narrow: drop an INVALID index that a failed (or rolled-back
// and pending) build of this tool created and that no backend is working on, and mark as rolled
// back a failed migration of this tool that provably changed nothing once that index is gone:
// a pre-check (read-only), a build (its index dropped or never created), an attach or a drop whose
// constraint is as it was before. Anything else is reported with the commands to run by hand.
import { classifyFailure } from "./cause.js";
import { groupRows, rowState } from "../core/migration-status.js";
import { toolStepOf } from "./folders.js";
import type { CatalogIndex, Cause, DoctorInput, Diagnosis, DuplicatesNow, Finding, FixAction, MigrationReport, ToolFolder, UniqueTarget } from "./model.js";
import { causeDetails, causeRemedy, doctorText as text, fixSteps } from "../messages/doctor.js";
import { foreignKeyDoctor } from "../messages/operations/foreign-key.js";

const key = (schema: string, name: string) => `${schema}\u0000${name}`;

interface Context {
  input: DoctorInput;
  indexes: Map<string, CatalogIndex>;
  migrationsPath: string;
}

export function diagnose(input: DoctorInput, migrationsPath = "prisma/migrations"): Diagnosis {
  const ctx: Context = { input, indexes: new Map(input.catalog.indexes.map((i) => [key(i.schema, i.name), i])), migrationsPath };
  const rowsByName = groupRows(input.rows);
  const migrations: MigrationReport[] = [];
  const findings: Finding[] = [];

  const lastBuild = new Map<string, string>();
  for (const f of input.toolFolders) if (f.kind === "build" && f.target) lastBuild.set(key(f.target.schema, f.target.index), f.name);

  for (const read of input.toolFolders) {
    const folder = withTable(ctx, read);
    const state = rowState(rowsByName.get(folder.name));
    const failedRow = state.status === "failed" ? state.current : null;
    const running = failedRow !== null && failedRow.logs === null && input.catalog.deployPid !== null;
    const lastAttempt = state.status === "pending" ? state.rolledBack.at(-1) : undefined;
    const report: MigrationReport = {
      name: folder.name,
      kind: folder.kind,
      status: running ? "running" : state.status,
      target: folder.target,
      rolledBackAttempts: state.rolledBack.length,
      cause: failedRow && !running ? classifyFailure(failedRow.logs) : lastAttempt ? classifyFailure(lastAttempt.logs) : null,
    };
    migrations.push(report);
    const isLastBuild = folder.target !== null && lastBuild.get(key(folder.target.schema, folder.target.index)) === folder.name;
    const finding = findingFor(ctx, folder, report, isLastBuild);
    if (finding) findings.push(finding);
  }

  const local = new Set(input.localFolders);
  for (const [name, rows] of rowsByName) {
    const ours = toolStepOf(name) !== null;
    if (ours && local.has(name)) continue; // reported above
    const state = rowState(rows);
    if (state.status !== "failed") continue;
    if (ours) {
      findings.push({ code: "missing-folder", migration: name, attention: true, title: text.missingFolderTitle(name), details: [], next: text.missingFolderNext(ctx.migrationsPath), fix: [] });
    } else {
      const cause = classifyFailure(state.current!.logs);
      findings.push({
        code: "other-failed",
        migration: name,
        attention: true,
        title: text.otherFailedTitle(name, cause),
        details: causeDetails(cause, "build", null, input.catalog.statementTimeout).slice(0, 1),
        next: text.otherFailedNext(name),
        fix: [],
      });
    }
  }

  // An INVALID index a build or a DROP INDEX CONCURRENTLY of this tool left is reported with its migration.
  const claimed = new Set(input.toolFolders.filter((f) => (f.kind === "build" || f.kind === "drop-index" || f.kind === "partitioned-index") && f.target).map((f) => key(f.target!.schema, f.target!.index)));
  for (const index of input.catalog.indexes) {
    if (index.valid || claimed.has(key(index.schema, index.name))) continue;
    findings.push(
      index.busyPid !== null
        ? { code: "invalid-index", migration: null, attention: false, title: text.buildingIndexTitle(index), details: [], next: [], fix: [] }
        : { code: "invalid-index", migration: null, attention: true, title: text.invalidIndexTitle(index), details: text.invalidIndexDetails(index), next: text.invalidIndexNext(index), fix: [] },
    );
  }

  return { migrations, findings, deployPid: input.catalog.deployPid, attention: findings.some((f) => f.attention) };
}

/**
 * A DROP INDEX or ALTER INDEX folder names the index, not its table: the catalog says which table
 * (the index, or for a rename the name it takes), for the lock holders and the messages.
 */
function withTable(ctx: Context, folder: ToolFolder): ToolFolder {
  const t = folder.target;
  if (!t || t.table !== "") return folder;
  const index = ctx.indexes.get(key(t.schema, t.index)) ?? (t.renamedTo ? ctx.indexes.get(key(t.schema, t.renamedTo)) : undefined);
  return index ? { ...folder, target: { ...t, table: index.table } } : folder;
}

/** The keys to count again: migrations of this tool whose (last) failure was duplicate keys. */
export function duplicateTargets(diagnosis: Diagnosis): UniqueTarget[] {
  return diagnosis.migrations.filter((m) => m.cause?.kind === "duplicates" && m.target?.columns).map((m) => m.target!);
}

function countedNow(ctx: Context, t: UniqueTarget | null): DuplicatesNow | undefined {
  if (!t?.columns) return undefined;
  return ctx.input.duplicatesNow?.find((d) => d.schema === t.schema && d.table === t.table && d.columns.join("\u0000") === t.columns!.join("\u0000"));
}

/** What the re-count says, for a failure on duplicate keys: a sentence for the details. */
function recountDetails(ctx: Context, cause: Cause, t: UniqueTarget | null): string[] {
  const now = cause.kind === "duplicates" ? countedNow(ctx, t) : undefined;
  return now ? [text.duplicatesNow(now)] : [];
}

/** Every repair of `doctor --fix`, in order; none while a Prisma Migrate command is running. */
export function fixPlan(diagnosis: Diagnosis): FixAction[] {
  if (diagnosis.deployPid !== null) return [];
  return diagnosis.findings.flatMap((f) => f.fix);
}

function findingFor(ctx: Context, folder: ToolFolder, report: MigrationReport, isLastBuild: boolean): Finding | null {
  const t = folder.target;
  const index = t ? ctx.indexes.get(key(t.schema, t.index)) : undefined;
  switch (report.status) {
    case "failed":
      return failedFinding(ctx, folder, report, index);
    case "running":
      return {
        code: "running", migration: report.name, attention: false,
        title: text.runningTitle(report, ctx.input.catalog.deployPid!),
        details: folder.kind === "build" && t && index?.busyPid != null ? [text.busy(t, index)] : [],
        next: text.runningNext(), fix: [],
      };
    case "pending":
      if (folder.kind === "build" && t && index) return indexExistsFinding(ctx, report, t, index);
      return report.cause ? retryFinding(ctx, report) : null;
    case "applied":
      if (folder.kind === "partitioned-index" && t && index && !index.valid && ctx.input.catalog.deployPid === null) return partitionedIncomplete(report, t, index);
      if (folder.kind === "build" && t && isLastBuild && index && !index.valid && index.busyPid === null) {
        return {
          code: "applied-invalid", migration: report.name, attention: true,
          title: text.appliedInvalidTitle(report, t, index.ready),
          details: text.appliedInvalidDetails(index.ready),
          next: text.appliedInvalidNext(t, `${ctx.migrationsPath}/${report.name}/migration.sql`),
          fix: [],
        };
      }
      return null;
  }
}

function sameKey(index: CatalogIndex, t: UniqueTarget): boolean {
  return index.unique && t.columns !== null && index.columns.length === t.columns.length && index.columns.every((c, i) => c === t.columns![i]);
}

/** Holders of a lock on the target's table, and the statement_timeout and user of this connection, for remedies. */
function remedy(ctx: Context, cause: Cause, t: UniqueTarget | null): string[] {
  const { lockHolders, currentUser, statementTimeout } = ctx.input.catalog;
  const holders = t ? lockHolders.filter((h) => h.schema === t.schema && h.table === t.table) : [];
  if (cause.kind === "duplicates" && countedNow(ctx, t)?.groups === 0) return [];
  return causeRemedy(cause, t, holders, currentUser, statementTimeout);
}

/** Whether the cause of a failure is likely still there, so the next deploy would fail the same way. */
function causeRemains(ctx: Context, cause: Cause, t: UniqueTarget | null): boolean {
  switch (cause.kind) {
    case "duplicates":
      return countedNow(ctx, t)?.groups !== 0; // only removing rows helps; unknown unless counted again
    case "orphans":
      return true; // only repairing rows helps; not counted again here
    case "lock-timeout":
      return t !== null && ctx.input.catalog.lockHolders.some((h) => h.schema === t.schema && h.table === t.table);
    case "statement-timeout":
      return ctx.input.catalog.statementTimeout !== "0";
    default:
      return false;
  }
}

function failedFinding(ctx: Context, folder: ToolFolder, report: MigrationReport, index: CatalogIndex | undefined): Finding {
  const cause = report.cause!;
  const t = folder.target;
  const finding: Finding = {
    code: "failed", migration: report.name, attention: true,
    title: text.failedTitle(report),
    details: [text.failedWhat(report), ...causeDetails(cause, folder.kind, t, ctx.input.catalog.statementTimeout), ...recountDetails(ctx, cause, t)],
    next: [], fix: [],
  };
  const resolve: FixAction = { kind: "resolve-rolled-back", migration: report.name };
  const withFix = (actions: FixAction[]) => {
    finding.fix = actions;
    finding.next = [...fixSteps(actions), ...remedy(ctx, cause, t), text.deploy()];
  };
  if (folder.kind === "precheck" || folder.kind === "precheck-fk" || folder.kind === "null-precheck") {
    finding.details.push(text.precheckChangedNothing());
    withFix([resolve]);
    return finding;
  }
  if (folder.kind === "not-null") {
    // CHECK NOT VALID, VALIDATE, SET NOT NULL + DROP CONSTRAINT: a failed one left nothing a second run trips over.
    finding.details.push(text.notNullRerun());
    withFix([resolve]);
    return finding;
  }
  if (!t) {
    finding.details.push(text.unreadable(report.name, folder.unreadable ?? "unknown"));
    finding.next = remedy(ctx, cause, t);
    return finding;
  }
  if (folder.kind === "add-fk" || folder.kind === "validate-fk") {
    // One ALTER TABLE that failed as a whole. Only a deploy that died without an error (split mode,
    // after the ADD) may have added the constraint: then the catalog must be asked by hand.
    if (folder.kind === "add-fk" && cause.kind === "interrupted") {
      finding.details.push(foreignKeyDoctor.addInterrupted(t, report.name));
      finding.next = [foreignKeyDoctor.addInterruptedNext(t, report.name), text.deploy()];
    } else {
      finding.details.push(foreignKeyDoctor.changedNothing(folder.kind, t));
      withFix([resolve]);
    }
    return finding;
  }
  if (folder.kind === "build") {
    if (!index) {
      finding.details.push(text.nothingLeft(t));
      withFix([resolve]);
    } else if (index.busyPid !== null) {
      finding.details.push(text.busy(t, index));
      finding.next = text.busyNext(index.busyPid);
    } else if (!index.valid) {
      if (cause.kind === "already-exists") {
        // This run changed nothing: the index is what an earlier attempt left.
        finding.details.push(report.rolledBackAttempts > 0 ? text.resolvedByHand(t, index.ready) : text.leftoverInvalid(t, index.ready));
      } else {
        finding.details.push(text.invalidLeft(t, index.ready));
      }
      withFix([{ kind: "drop-index", schema: t.schema, index: t.index, table: t.table }, resolve]);
    } else {
      finding.details.push(text.validExists(t, sameKey(index, t)));
      finding.next = sameKey(index, t) ? [...text.resolveApplied(report.name), text.deploy()] : text.handMadeNext(t, report.name);
    }
    return finding;
  }
  if (folder.kind === "drop-index") {
    // DROP INDEX CONCURRENTLY: a failure leaves the index, VALID or (after its first transaction)
    // INVALID; running it again drops either. Gone: the drop finished (or someone dropped it).
    if (!index) {
      finding.details.push(text.droppedAnyway(t));
      finding.next = [...text.resolveApplied(report.name), text.deploy()];
    } else if (index.busyPid !== null) {
      finding.details.push(text.busy(t, index));
      finding.next = text.busyNext(index.busyPid);
    } else {
      finding.details.push(text.dropIndexLeft(t, index.valid));
      withFix([resolve]);
    }
    return finding;
  }
  if (folder.kind === "rename-index") {
    const renamed = t.renamedTo ? ctx.indexes.get(key(t.schema, t.renamedTo)) : undefined;
    if (index && !renamed) {
      finding.details.push(text.renameUnchanged(t));
      withFix([resolve]);
    } else if (!index && renamed) {
      finding.details.push(text.renameDone(t));
      finding.next = [...text.resolveApplied(report.name), text.deploy()];
    } else {
      finding.details.push(text.renameUnclear(t, Boolean(index), report.name));
      finding.next = remedy(ctx, cause, t);
    }
    return finding;
  }
  if (folder.kind === "partitioned-index" || folder.kind === "attach-partition") return partitionedFailure(finding, folder.kind, t, index, report, withFix, resolve);
  // attach or drop: one ALTER TABLE, proven undone by the catalog before it is marked rolled back
  const kind = folder.kind;
  // An attach (or swap) USING a changed unique's temporary index: while that index is there, nothing was changed.
  const attaching = t.usingIndex ? { target: { ...t, index: t.usingIndex }, index: ctx.indexes.get(key(t.schema, t.usingIndex)) } : { target: t, index };
  const attached = index?.constraint === t.index && !(t.usingIndex && attaching.index);
  const tookEffect = kind === "attach" ? attached : !attached;
  if (tookEffect) {
    finding.details.push(text.constraintDone(t, kind));
    finding.next = [...text.resolveApplied(report.name), text.deploy()];
  } else if (kind === "attach" && (!attaching.index || !attaching.index.valid)) {
    finding.details.push(text.attachNoIndex(attaching.target, attaching.index));
    finding.next = remedy(ctx, cause, t);
  } else {
    finding.details.push(text.constraintUnchanged(attaching.target, kind));
    withFix([resolve]);
  }
  return finding;
}

function retryFinding(ctx: Context, report: MigrationReport): Finding {
  const cause = report.cause!;
  const t = report.target;
  const remains = causeRemains(ctx, cause, t);
  return {
    code: "retry-pending", migration: report.name, attention: remains,
    title: text.retryTitle(report),
    details: [...causeDetails(cause, report.kind, t, ctx.input.catalog.statementTimeout), ...recountDetails(ctx, cause, t), ...(remains ? [] : [text.retryReady()])],
    next: remains ? [...remedy(ctx, cause, t), text.deploy()] : [text.deploy()],
    fix: [],
  };
}

function indexExistsFinding(ctx: Context, report: MigrationReport, t: UniqueTarget, index: CatalogIndex): Finding {
  const finding: Finding = {
    code: "index-exists", migration: report.name, attention: true,
    title: text.indexExistsTitle(report, t, index.valid),
    details: [], next: [], fix: [],
  };
  if (index.busyPid !== null) {
    finding.details.push(text.busy(t, index));
    finding.next = text.busyNext(index.busyPid);
  } else if (!index.valid) {
    const drop: FixAction = { kind: "drop-index", schema: t.schema, index: t.index, table: t.table };
    finding.details.push(report.cause ? text.leftoverInvalid(t, index.ready) : text.invalidLeft(t, index.ready));
    if (report.cause) finding.details.push(...causeDetails(report.cause, "build", t, ctx.input.catalog.statementTimeout), ...recountDetails(ctx, report.cause, t));
    finding.fix = [drop];
    finding.next = [...fixSteps([drop]), ...(report.cause && causeRemains(ctx, report.cause, t) ? remedy(ctx, report.cause, t) : []), text.deploy()];
  } else {
    finding.details.push(text.validExists(t, sameKey(index, t)));
    finding.next = text.handMadeNext(t, report.name);
  }
  return finding;
}

/** An index ON ONLY a partitioned table, applied, whose partitions are not all attached yet. */
function partitionedIncomplete(report: MigrationReport, t: UniqueTarget, index: CatalogIndex): Finding {
  return {
    code: "partitioned-incomplete", migration: report.name, attention: true,
    title: text.partitionedIncompleteTitle(t, index),
    details: text.partitionedIncompleteDetails(t, index),
    next: [text.deploy()], fix: [],
  };
}

/**
 * A failed CREATE INDEX … ON ONLY or ALTER INDEX … ATTACH PARTITION (one catalog change under
 * lock_timeout): the catalog proves whether it took effect before it is marked rolled back.
 */
function partitionedFailure(
  finding: Finding, kind: "partitioned-index" | "attach-partition", t: UniqueTarget, index: CatalogIndex | undefined, report: MigrationReport,
  withFix: (actions: FixAction[]) => void, resolve: FixAction,
): Finding {
  const tookEffect = kind === "partitioned-index" ? index !== undefined : index?.parentIndex === t.attachTo;
  if (tookEffect) {
    finding.details.push(text.partitionedStepDone(t, kind));
    finding.next = [...text.resolveApplied(report.name), text.deploy()];
  } else if (kind === "attach-partition" && (!index || !index.valid)) {
    finding.details.push(text.attachNoIndex(t, index));
  } else {
    finding.details.push(text.partitionedStepUnchanged(t, kind));
    withFix([resolve]);
  }
  return finding;
}
