// The catalog: its operations in recognition order, and their step specs by step kind (render,
// fix, the folder convention and the generator's output read SQL, headers, words and descriptions
// from here). add-unique and drop-unique-constraint still live in core/plan.ts and core/render.ts.
import { createIndexStep, type CreateIndexStep } from "./add-index/steps.js";
import { dropIndexStep, type DropIndexStep } from "./drop-index/steps.js";
import { rebuildIndexStep, renameIndexStep, retireIndexStep, type RebuildIndexStep, type RenameIndexStep, type RetireIndexStep } from "./change-index/steps.js";
import type { Operation, StepSpec } from "./operation.js";
import { changeIndex } from "./change-index/operation.js";
import { addIndex } from "./add-index/operation.js";
import { dropIndex } from "./drop-index/operation.js";

/** Change first: it claims Prisma's DROP + CREATE pairs before the add and drop operations see them. */
export const CATALOG: readonly Operation[] = [changeIndex, addIndex, dropIndex];

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
