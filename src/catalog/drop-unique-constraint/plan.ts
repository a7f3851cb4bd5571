// drop-unique-constraint, planned: a `drop` of index-diff that is a unique constraint (the schema
// declares no unique that is it, under any name) on a table the schema keeps (a table that goes
// takes its constraints along in Prisma's DROP TABLE) → `drop_unique`.
import type { AppliedIndex, DesiredTable } from "../../core/state.js";
import type { DropConstraintStep } from "./steps.js";

export function planDropUniqueConstraint(have: AppliedIndex, table: DesiredTable): DropConstraintStep | null {
  return have.constraint === "unique" ? { kind: "drop", index: have, table } : null;
}
