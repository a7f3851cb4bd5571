// The catalog: its operations in recognition order, and their step specs by step kind (render,
// fix, the folder convention and the generator's output read SQL, headers, words and descriptions
// from here). core/plan.ts calls each operation's plan.ts.
import { createIndexStep, type CreateIndexStep } from "./add-index/steps.js";
import { dropIndexStep, type DropIndexStep } from "./drop-index/steps.js";
import { rebuildIndexStep, renameIndexStep, retireIndexStep, swapUniqueStep, type RebuildIndexStep, type RenameIndexStep, type RetireIndexStep, type SwapUniqueStep } from "./change-index/steps.js";
import { attachStep, buildStep, precheckStep, type AttachStep, type BuildStep, type PrecheckStep } from "./add-unique/steps.js";
import { dropConstraintStep, type DropConstraintStep } from "./drop-unique-constraint/steps.js";
import { addNotNullCheckStep, precheckNotNullStep, setNotNullStep, validateNotNullStep, type NotNullStep } from "./not-null/steps.js";
import { notNull } from "./not-null/operation.js";
import type { Operation, StepSpec } from "./operation.js";
import { changeIndex } from "./change-index/operation.js";
import { addIndex } from "./add-index/operation.js";
import { dropIndex } from "./drop-index/operation.js";
import { addUnique } from "./add-unique/operation.js";
import { dropUniqueConstraint } from "./drop-unique-constraint/operation.js";
import { foreignKey } from "./foreign-key/operation.js";
import { addForeignKeyStep, precheckForeignKeyStep, validateForeignKeyStep, type ForeignKeyStep } from "./foreign-key/steps.js";
import { partitionedIndex } from "./partitioned-index/operation.js";
import {
  dropPartitionedIndexStep, indexOnOnlyStep, partitionAttachStep, partitionBuildStep, partitionVerifyStep,
  type DropPartitionedIndexStep, type IndexOnOnlyStep, type PartitionAttachStep, type PartitionBuildStep, type PartitionVerifyStep,
} from "./partitioned-index/steps.js";

/**
 * The operations, change first: it claims Prisma's DROP + CREATE pairs before the add and drop
 * operations see them; partitioned-index claims the statements on partitioned tables before them. Functions, not constants: the step modules and render.ts import each other,
 * so nothing here may read them while the modules load.
 */
export const catalog = (): readonly Operation[] => [changeIndex, partitionedIndex, addUnique, addIndex, dropUniqueConstraint, dropIndex, foreignKey, notNull];

/** Every step of every operation; `kind` is unique across the catalog. */
export type CatalogStep =
  | PrecheckStep | BuildStep | AttachStep | DropConstraintStep
  | CreateIndexStep | DropIndexStep | RebuildIndexStep | RetireIndexStep | RenameIndexStep | SwapUniqueStep
  | ForeignKeyStep
  | IndexOnOnlyStep | PartitionBuildStep | PartitionAttachStep | PartitionVerifyStep | DropPartitionedIndexStep
  | NotNullStep;

type Specs = { [K in CatalogStep["kind"]]: StepSpec<Extract<CatalogStep, { kind: K }>> };

export const stepSpecs = (): Specs => ({
  precheck: precheckStep,
  build: buildStep,
  attach: attachStep,
  drop: dropConstraintStep,
  "create-index": createIndexStep,
  "drop-index": dropIndexStep,
  "rebuild-index": rebuildIndexStep,
  "retire-index": retireIndexStep,
  "rename-index": renameIndexStep,
  "precheck-fk": precheckForeignKeyStep,
  "add-fk": addForeignKeyStep,
  "validate-fk": validateForeignKeyStep,
  "index-on-only": indexOnOnlyStep,
  "partition-build": partitionBuildStep,
  "partition-attach": partitionAttachStep,
  "partition-verify": partitionVerifyStep,
  "drop-partitioned-index": dropPartitionedIndexStep,
  "precheck-not-null": precheckNotNullStep,
  "add-not-null-check": addNotNullCheckStep,
  "validate-not-null": validateNotNullStep,
  "set-not-null": setNotNullStep,
  "swap-unique": swapUniqueStep,
});

export function specOf<S extends CatalogStep>(step: S): StepSpec<S> {
  return stepSpecs()[step.kind] as unknown as StepSpec<S>;
}
