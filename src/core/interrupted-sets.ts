// Sets that an interrupted run moved into the migrations folder only in part. A set is the
// folders of one unique, `<ts>_concurrently_{precheck,index,attach}_unique_<slug>` (render.ts
// names them, doctor/folders.ts reads them back). Killed between two moves, a run can leave:
// - a build without its attach: the history then holds the unique index, which planChanges takes
//   for done (Prisma sees no difference either), so no run would ever attach the constraint;
// - a pre-check without the build after it: planChanges plans the unique again, pre-check included.
// Both are recognised from the folder names and the replayed state, and completed: an attach for
// the first (when the plan would attach this unique today), no second pre-check for the second.
import { stepLabel } from "./render.js";
import type { Plan, PlanOptions, Step } from "./plan.js";
import { folderLabel } from "./folder-names.js";
import { indexKey, sameColumns, tableKey, type AppliedState, type DesiredState, type DesiredUnique } from "./state.js";

const labelOf = (kind: "precheck" | "build" | "attach", unique: DesiredUnique) =>
  stepLabel(kind === "build" ? { kind, unique, attach: true, indexOnlyReason: null } : { kind, unique });

/** Whether a folder of `label` comes after `folder` in the history (names sort by timestamp). */
const followedBy = (folders: readonly string[], folder: string, label: string) => folders.some((f) => f > folder && folderLabel(f) === label);

/** The build folder, when `unique` is an index a set of this tool built and never attached although today's plan would. */
function unattachedBuild(unique: DesiredUnique, applied: AppliedState, folders: readonly string[], options: PlanOptions): string | null {
  if (!options.attachConstraint || unique.columns.some((c) => c.desc)) return null;
  if (applied.tables.get(tableKey(unique.schema, unique.table))?.partitioned) return null;
  const index = applied.indexes.get(indexKey(unique.schema, unique.name));
  if (!index || index.constraint !== null || !index.unique || index.partial || index.table !== unique.table) return null;
  if (!sameColumns(index.columns, unique.columns)) return null;
  if (folderLabel(index.origin) !== labelOf("build", unique)) return null; // not built by a set of this tool
  return followedBy(folders, index.origin, labelOf("attach", unique)) ? null : index.origin;
}

/** A pre-check folder of `unique` that no build of the same unique follows. */
function lonePrecheck(unique: DesiredUnique, folders: readonly string[]): string | null {
  const label = labelOf("precheck", unique);
  const newest = folders.filter((f) => folderLabel(f) === label).at(-1);
  return newest && !followedBy(folders, newest, labelOf("build", unique)) ? newest : null;
}

/** `plan` with the interrupted sets of `folders` (the history's folder names, sorted) completed. */
export function completeInterruptedSets(
  plan: Plan,
  desired: DesiredState,
  applied: AppliedState,
  folders: readonly string[],
  options: PlanOptions,
): Plan {
  const planned = new Set(plan.steps.map((s) => (s.kind === "drop" ? null : s.unique)));
  const attaches: Step[] = [];
  for (const unique of desired.uniques) {
    if (planned.has(unique)) continue;
    const build = unattachedBuild(unique, applied, folders, options);
    if (build) attaches.push({ kind: "attach", unique, completes: build });
  }
  const steps = plan.steps.filter((s) => s.kind !== "precheck" || !lonePrecheck(s.unique, folders));
  return { ...plan, steps: [...attaches, ...steps] };
}
