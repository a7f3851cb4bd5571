// A partitioned table as the history left it: its partitions in the order to build them (leaves
// get a concurrent build; a sub-partitioned partition gets its own index ON ONLY, attached once
// its own partitions are), and the partition-key columns a unique on it must contain.
import { partitionsOf, type AppliedState, type AppliedTable } from "../../core/state.js";

export interface PartitionNode {
  table: AppliedTable;
  /** Sub-partitioned: its partitions; a leaf: []. */
  children: PartitionNode[];
}

export function partitionTree(state: AppliedState, table: AppliedTable): PartitionNode[] {
  return partitionsOf(state, table).map((partition) => ({
    table: partition,
    children: partition.partitioned ? partitionTree(state, partition) : [],
  }));
}

/** Why a unique on `columns` cannot exist on this table (PostgreSQL's rule, at every level), or null. */
export type KeyProblem =
  | { kind: "expression-key"; table: string }
  | { kind: "missing-key-columns"; missing: Array<{ table: string; column: string }> };

export function uniqueKeyProblem(state: AppliedState, table: AppliedTable, columns: readonly string[]): KeyProblem | null {
  const missing: Array<{ table: string; column: string }> = [];
  const visit = (t: AppliedTable): KeyProblem | null => {
    if (t.partitioned) {
      if (!t.partitionKey) return { kind: "expression-key", table: t.name };
      for (const column of t.partitionKey) if (!columns.includes(column)) missing.push({ table: t.name, column });
    }
    for (const p of partitionsOf(state, t)) {
      const problem = visit(p);
      if (problem) return problem;
    }
    return null;
  };
  return visit(table) ?? (missing.length > 0 ? { kind: "missing-key-columns", missing } : null);
}
