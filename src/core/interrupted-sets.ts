// Sets that an interrupted run moved into the migrations folder only in part. A set is the
// folders of one unique, `<ts>_concurrently_{precheck,index,attach}_unique_<slug>` (render.ts
// names them, doctor/folders.ts reads them back). Killed between two moves, a run can leave:
// - a build without its attach: the history then holds the unique index, which planChanges takes
//   for done (Prisma sees no difference either), so no run would ever attach the constraint;
// - a pre-check without the build after it: planChanges plans the unique again, pre-check included.
// Both are recognised from the folder names, the build's header and the replayed state, and
// completed: an attach for the first (when its header announced one and today's plan would attach
// this unique), no second pre-check for the second.
import { stepLabel, uniqueBuildLabels } from "../catalog/folder-convention.js";
import type { MigrationFile } from "./replay.js";
import { parseStatements } from "../sql/parse.js";
import { STAYS_AN_INDEX } from "../messages/headers.js";
import type { Plan, PlanOptions, Step } from "./plan.js";
import { folderLabel } from "./folder-names.js";
import { indexKey, sameColumns, tableKey, type AppliedState, type DesiredState, type DesiredUnique } from "./state.js";

const labelOf = (kind: "precheck" | "build" | "attach", unique: DesiredUnique) =>
  stepLabel(kind === "build" ? { kind, unique, attach: true, indexOnlyReason: null } : { kind, unique });

/** Whether a folder of `label` comes after `folder` in the history (names sort by timestamp). */
const followedBy = (folders: readonly string[], folder: string, label: string) => folders.some((f) => f > folder && folderLabel(f) === label);

/** Whether a build's header says an attach follows it (not "It stays a unique index": DESC, or attachConstraint = "false" then). */
function attachFollows(buildSql: string): boolean {
  try {
    return !parseStatements(buildSql).some((s) => s.leadingComments.some((c) => c.includes(STAYS_AN_INDEX)));
  } catch {
    return false;
  }
}

/** The build folder, when `unique` is an index a set of this tool built to attach, and never attached. */
function unattachedBuild(unique: DesiredUnique, applied: AppliedState, history: readonly MigrationFile[], folders: readonly string[], options: PlanOptions): string | null {
  if (!options.attachConstraint || unique.columns.some((c) => c.desc)) return null;
  if (applied.tables.get(tableKey(unique.schema, unique.table))?.partitioned) return null;
  const index = applied.indexes.get(indexKey(unique.schema, unique.name));
  if (!index || index.constraint !== null || !index.unique || index.partial || index.table !== unique.table) return null;
  if (!sameColumns(index.columns, unique.columns)) return null;
  if (folderLabel(index.origin) !== labelOf("build", unique)) return null; // not built by a set of this tool
  if (followedBy(folders, index.origin, labelOf("attach", unique))) return null;
  return attachFollows(history.find((m) => m.name === index.origin)?.sql ?? "") ? index.origin : null;
}

/** A pre-check folder of `unique` that no build of the same unique follows (its own build, or a changed index's rebuild). */
function lonePrecheck(unique: DesiredUnique, folders: readonly string[]): string | null {
  const label = labelOf("precheck", unique);
  const newest = folders.filter((f) => folderLabel(f) === label).at(-1);
  return newest && !uniqueBuildLabels(unique).some((build) => followedBy(folders, newest, build)) ? newest : null;
}

/** `plan` with the interrupted sets of `history` (in folder order) completed. */
export function completeInterruptedSets(
  plan: Plan,
  desired: DesiredState,
  applied: AppliedState,
  history: readonly MigrationFile[],
  options: PlanOptions,
): Plan {
  const folders = history.map((m) => m.name);
  const planned = new Set(plan.steps.map((s) => ("unique" in s ? s.unique : null)));
  const attaches: Step[] = [];
  for (const unique of desired.uniques) {
    if (planned.has(unique)) continue;
    const build = unattachedBuild(unique, applied, history, folders, options);
    if (build) attaches.push({ kind: "attach", unique, completes: build });
  }
  const steps = plan.steps.filter((s) => s.kind !== "precheck" || !lonePrecheck(s.unique, folders));
  return { ...plan, steps: [...attaches, ...steps] };
}
