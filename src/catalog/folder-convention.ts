// The one folder convention of this tool: `<timestamp>_concurrently_<word>_<slug>`, where the word
// names the step and the slug the index. Encoded here for render and fix, decoded here for doctor,
// crash-safe's interrupted sets and duplicates. Words never change: old folders are read back by them.
import { folderLabel, indexSlug, TOOL_PREFIX } from "../core/folder-names.js";
import type { Step } from "../core/plan.js";
import { stepSpecs, specOf } from "./catalog.js";

/**
 * Every word with its step kind, longest first so a word that starts another is tried after it.
 * Built on first use: the specs' modules and this one import each other.
 */
export function stepWords(): ReadonlyArray<readonly [word: string, kind: Step["kind"]]> {
  words ??= Object.values(stepSpecs())
    .map((spec) => [spec.word, spec.kind as Step["kind"]] as const)
    .sort((a, b) => b[0].length - a[0].length);
  return words;
}
let words: ReadonlyArray<readonly [word: string, kind: Step["kind"]]> | undefined;

/** The folder name without its timestamp: `concurrently_index_unique_ad_title`. */
export function stepLabel(step: Step): string {
  const target = specOf(step).target(step);
  return `${TOOL_PREFIX}${specOf(step).word}_${indexSlug(target.schema, target.name)}`;
}

/** Labels of the folders that build a unique's index: its own build, or the rebuild of a changed index of its name. */
export function uniqueBuildLabels(u: { schema: string; table: string; qualified: boolean; name: string }): string[] {
  const specs = stepSpecs();
  return [specs.build.word, specs["rebuild-index"].word].map((word) => `${TOOL_PREFIX}${word}_${indexSlug(u.schema, u.name)}`);
}

export function encodeFolder(timestamp: string, step: Step): string {
  return `${timestamp}_${stepLabel(step)}`;
}

/** The step a folder of this tool implements and its slug, or null for any other folder. */
export function decodeFolder(folder: string): { kind: Step["kind"]; word: string; slug: string; label: string } | null {
  const label = folderLabel(folder);
  if (!label.startsWith(TOOL_PREFIX)) return null;
  const rest = label.slice(TOOL_PREFIX.length);
  for (const [word, kind] of stepWords()) {
    if (rest.startsWith(`${word}_`) && rest.length > word.length + 1) return { kind, word, slug: rest.slice(word.length + 1), label };
  }
  return null;
}
