// The step specs of the catalog's operations, by step kind: render, fix and the generator's output
// read SQL, headers and descriptions from here.
import { createIndexStep, type CreateIndexStep } from "./add-index/steps.js";
import { dropIndexStep, type DropIndexStep } from "./drop-index/steps.js";
import { rebuildIndexStep, renameIndexStep, retireIndexStep, type RebuildIndexStep, type RenameIndexStep, type RetireIndexStep } from "./change-index/steps.js";
import type { StepSpec } from "./operation.js";

export type CatalogStep = CreateIndexStep | DropIndexStep | RebuildIndexStep | RetireIndexStep | RenameIndexStep;

export const STEP_SPECS: { [K in CatalogStep["kind"]]: StepSpec<Extract<CatalogStep, { kind: K }>> } = {
  "create-index": createIndexStep,
  "drop-index": dropIndexStep,
  "rebuild-index": rebuildIndexStep,
  "retire-index": retireIndexStep,
  "rename-index": renameIndexStep,
};

export function specOf<S extends CatalogStep>(step: S): StepSpec<S> {
  return STEP_SPECS[step.kind] as unknown as StepSpec<S>;
}

export function isCatalogStep(step: { kind: string }): step is CatalogStep {
  return step.kind in STEP_SPECS;
}
