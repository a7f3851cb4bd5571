// The one folder convention of this tool: `<timestamp>_concurrently_<word>_<slug>`, where the word
// names the step and the slug the index. Encoded here for render and fix, decoded here for doctor,
// crash-safe's interrupted sets and duplicates. Words never change: old folders are read back by them.
import { folderLabel, indexSlug, TOOL_PREFIX } from "../core/folder-names.js";
import type { Step } from "../core/plan.js";
import { isCatalogStep, STEP_SPECS, specOf } from "./catalog.js";

/** The unique's steps (words older than the catalog), then every catalog step's word. */
const UNIQUE_WORDS = { precheck: "precheck_unique", build: "index_unique", attach: "attach_unique", drop: "drop_unique" } as const;

/** Every word with its step kind, longest first so a word that starts another is tried after it. */
export const STEP_WORDS: ReadonlyArray<readonly [word: string, kind: Step["kind"]]> = [
  ...Object.entries(UNIQUE_WORDS).map(([kind, word]) => [word, kind as Step["kind"]] as const),
  ...Object.values(STEP_SPECS).map((spec) => [spec.word, spec.kind as Step["kind"]] as const),
].sort((a, b) => b[0].length - a[0].length);

/** The index (or constraint) a step is about. */
function targetOf(step: Step): { schema: string; name: string } {
  if (isCatalogStep(step)) return specOf(step).target(step);
  return step.kind === "drop" ? step.index : step.unique;
}

/** The folder name without its timestamp: `concurrently_index_unique_ad_title`. */
export function stepLabel(step: Step): string {
  const word = isCatalogStep(step) ? specOf(step).word : UNIQUE_WORDS[step.kind];
  const target = targetOf(step);
  return `${TOOL_PREFIX}${word}_${indexSlug(target.schema, target.name)}`;
}

export function encodeFolder(timestamp: string, step: Step): string {
  return `${timestamp}_${stepLabel(step)}`;
}

/** The step a folder of this tool implements and its slug, or null for any other folder. */
export function decodeFolder(folder: string): { kind: Step["kind"]; word: string; slug: string; label: string } | null {
  const label = folderLabel(folder);
  if (!label.startsWith(TOOL_PREFIX)) return null;
  const rest = label.slice(TOOL_PREFIX.length);
  for (const [word, kind] of STEP_WORDS) {
    if (rest.startsWith(`${word}_`) && rest.length > word.length + 1) return { kind, word, slug: rest.slice(word.length + 1), label };
  }
  return null;
}
