// partitioned-index: a new index or unique on a partitioned table (PostgreSQL refuses CONCURRENTLY
// there), and the removal of one. Plan: plan.ts; recognition of Prisma's statements: fix.ts (the
// `blocking-index`, `blocking-unique-index` and `blocking-drop-index` rules say the same);
// partitions and keys: tree.ts; names: partition-index-name.ts; steps: steps.ts.
import type { Operation } from "../operation.js";
import { dropPartitionedIndexStep, indexOnOnlyStep, partitionAttachStep, partitionBuildStep, partitionVerifyStep } from "./steps.js";
import { fixPartitionedIndex } from "./fix.js";

export const partitionedIndex: Operation = {
  id: "partitioned-index",
  prismaWrites: "CREATE [UNIQUE] INDEX on the parent (SHARE on every partition: every write waits for the whole build); DROP INDEX",
  weWrite:
    "CREATE [UNIQUE] INDEX … ON ONLY the parent (INVALID, no build), CREATE [UNIQUE] INDEX CONCURRENTLY on each partition alone in its folder, " +
    "ALTER INDEX … ATTACH PARTITION each in the retrying lock step, a check that it is valid; a removal: DROP INDEX in the retrying lock step",
  steps: [indexOnOnlyStep, partitionBuildStep, partitionAttachStep, partitionVerifyStep, dropPartitionedIndexStep],
  rules: [], // Prisma's statements are the add-index, add-unique and drop-index rules'; their messages name this recipe
  fix: fixPartitionedIndex,
};
