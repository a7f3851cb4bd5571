// partitioned-index, planned: a new @@index / @@unique / @unique on a partitioned table the history
// has → (a unique's duplicate pre-check, once on the parent) the index ON ONLY the table, ON ONLY
// each sub-partitioned partition, a concurrent build on each leaf partition, then the attaches,
// leaves before their parents; or why a unique cannot be there (a partition-key column missing).
import { describeSource, indexKey, tableKey, type AppliedIndex, type AppliedState, type AppliedTable, type DesiredIndex, type DesiredState } from "../../core/state.js";
import { planDropIndex } from "../drop-index/plan.js";
import { fromDesired } from "../index-definition.js";
import type { PrecheckStep } from "../add-unique/steps.js";
import { partitionIndexName } from "./partition-index-name.js";
import { partitionTree, uniqueKeyProblem, type KeyProblem, type PartitionNode } from "./tree.js";
import type { DropPartitionedIndexStep, IndexOnOnlyStep, PartitionAttachStep, PartitionVerifyStep, PartitionBuildStep, PartitionedIndex, TreeIndex } from "./steps.js";

export type PartitionedIndexStep = PrecheckStep | IndexOnOnlyStep | PartitionBuildStep | PartitionAttachStep | PartitionVerifyStep;

/** Why nothing is planned for an index on a partitioned table. */
export type PartitionedSkip = { kind: "partition-key"; problem: KeyProblem } | { kind: "name-taken"; existing: AppliedIndex };

/**
 * The recipe's steps for `index` on `root` with the partitions the state has. `precheck`: the
 * unique's duplicate pre-check, once on the parent before anything is created (measured: one
 * sorted read of the parent costs no more than one per partition, and needs one folder).
 */
export function recipeSteps(state: AppliedState, root: AppliedTable, index: PartitionedIndex, precheck: PrecheckStep | null): PartitionedIndexStep[] {
  const tree = partitionTree(state, root);
  const rootIndex: TreeIndex = { schema: root.schema, table: root.name, name: index.name };
  const indexOn = (t: AppliedTable): TreeIndex => ({ schema: t.schema, table: t.name, name: partitionIndexName(t, index.name, index.definition) });
  const onOnly: IndexOnOnlyStep[] = [{ kind: "index-on-only", index, on: rootIndex }];
  const leaves: TreeIndex[] = [];
  const attaches: PartitionAttachStep[] = [];
  const visit = (nodes: PartitionNode[], parent: TreeIndex) => {
    for (const node of nodes) {
      const on = indexOn(node.table);
      if (node.table.partitioned) {
        onOnly.push({ kind: "index-on-only", index, on });
        visit(node.children, on);
      } else {
        leaves.push(on);
      }
      attaches.push({ kind: "partition-attach", index, parent, on }); // after its own partitions' attaches
    }
  };
  visit(tree, rootIndex);
  const builds = leaves.map((on, i): PartitionBuildStep => ({ kind: "partition-build", index, on, position: i + 1, total: leaves.length }));
  return [...(precheck ? [precheck] : []), ...onOnly, ...builds, ...attaches, { kind: "partition-verify", index }];
}

export function planPartitionedIndex(want: DesiredIndex, applied: AppliedState, options: { precheck: boolean }): { steps: PartitionedIndexStep[] } | { skip: PartitionedSkip } | null {
  const root = applied.tables.get(tableKey(want.schema, want.table));
  if (!root?.partitioned || root.temporary || want.columns.some((c) => !root.columns.includes(c.name))) return null;
  if (want.unique) {
    const problem = uniqueKeyProblem(applied, root, want.columns.map((c) => c.name));
    if (problem) return { skip: { kind: "partition-key", problem } };
  }
  const existing = applied.indexes.get(indexKey(want.schema, want.name));
  if (existing) return { skip: { kind: "name-taken", existing } };
  const index: PartitionedIndex = {
    schema: want.schema, table: want.table, qualified: want.qualified, name: want.name, definition: fromDesired(want), source: describeSource(want.source),
  };
  return { steps: recipeSteps(applied, root, index, want.unique && options.precheck ? { kind: "precheck", unique: want } : null) };
}

/** An index of a partitioned table the schema no longer declares, which Prisma would drop: DROP INDEX in the retrying lock step. */
export function planDropPartitionedIndex(have: AppliedIndex, desired: DesiredState): DropPartitionedIndexStep | null {
  const step = planDropIndex(have, desired, false);
  return step ? { kind: "drop-partitioned-index", index: step.index } : null;
}
