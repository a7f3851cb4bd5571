// Reading a step's folder back: what its migration.sql does, found with PostgreSQL's own parser
// (doctor reads every folder of this tool this way). Each StepSpec declares its reader, so a new
// operation gets doctor's support by declaring one: which statement its folder holds, and how
// doctor diagnoses it (a concurrent build, a brief constraint change, a concurrent drop, a rename).
import { stringList, type Node, type Statement } from "../sql/parse.js";

/**
 * How doctor diagnoses a folder: a concurrent build fails leaving an INVALID index (`build`); a
 * brief ALTER TABLE adding a constraint USING INDEX (`attach`) or dropping one (`drop`) changes
 * nothing when it times out; a DROP INDEX CONCURRENTLY (`drop-index`) may leave the index INVALID;
 * an ALTER INDEX … RENAME (`rename-index`) changes nothing when it times out; a pre-check reads only.
 */
export type DiagnosedAs =
  | "precheck" | "build" | "attach" | "drop" | "drop-index" | "rename-index"
  /** A foreign key's folders: orphan pre-check, ADD … NOT VALID, VALIDATE CONSTRAINT (`index` is the constraint's name). */
  | "precheck-fk" | "add-fk" | "validate-fk"
  /** The NOT NULL operation's folders: its NULL pre-check, and its other three steps, each safe to run again (no target read). */
  | "null-precheck" | "not-null"
  /** A partitioned table's index ON ONLY the parent, and a partition's index attached to it. */
  | "partitioned-index" | "attach-partition";

/** Diagnoses whose folders doctor reads no target from: pre-checks (DO blocks) and the NOT NULL steps. */
export const TARGETLESS: ReadonlySet<DiagnosedAs> = new Set(["precheck", "precheck-fk", "null-precheck", "not-null"]);

/** What a folder's statement names: its relation (RangeVar shape), the index and, for a build, the key columns. */
export interface ReadTarget {
  relation: Node;
  index: string;
  columns: string[] | null;
  /** The statement names the index, not its table (DROP INDEX, ALTER INDEX): the table comes from the catalog. */
  onIndex?: boolean;
  /** ALTER INDEX … RENAME TO: the name the index takes. */
  renamedTo?: string;
  /** ADD CONSTRAINT … USING INDEX of another index (a changed unique's temporary one), which takes the constraint's name. */
  usingIndex?: string;
  /** A foreign key: the referenced relation and columns (`columns` are the key's). */
  references?: { relation: Node; columns: string[] };
  /** ALTER INDEX parent ATTACH PARTITION: the parent's index (`index` is the partition's). */
  attachTo?: string;
}

export interface ReadBack {
  /** null: doctor does not diagnose this step's folders. */
  diagnosedAs: DiagnosedAs | null;
  /** The statement the folder must hold, for "its migration.sql has no … statement"; null: it names no index (a pre-check). */
  statement: string | null;
  find(statement: Statement): ReadTarget | null;
}

function alterCommands(statement: Statement): Node[] {
  if (statement.kind !== "AlterTableStmt" || statement.node.objtype !== "OBJECT_TABLE") return [];
  return (statement.node.cmds ?? []).map((c: Node) => c.AlterTableCmd).filter(Boolean);
}

/** `schema.name` of an index as a DROP INDEX names it, in RangeVar shape. */
const indexRangeVar = (names: string[]): Node => ({ schemaname: names.length > 1 ? names.at(-2) : undefined, relname: names.at(-1) });

/** A DO block that reads the table: it names no index; doctor takes the target from the build after it. */
export const precheckRead: ReadBack = { diagnosedAs: "precheck", statement: null, find: () => null };
/** The same for a foreign key's orphan pre-check and a NOT NULL change's NULL pre-check. */
export const orphanPrecheckRead: ReadBack = { diagnosedAs: "precheck-fk", statement: null, find: () => null };
export const nullPrecheckRead: ReadBack = { diagnosedAs: "null-precheck", statement: null, find: () => null };

export const concurrentBuildRead: ReadBack = {
  diagnosedAs: "build",
  statement: "CREATE [UNIQUE] INDEX CONCURRENTLY",
  find: (s) =>
    s.kind === "IndexStmt" && s.node.concurrent && s.node.idxname
      ? { relation: s.node.relation, index: s.node.idxname, columns: (s.node.indexParams ?? []).map((p: Node) => p.IndexElem?.name ?? "(expression)") }
      : null,
};

/** ADD CONSTRAINT … UNIQUE USING INDEX (alone, or after a DROP CONSTRAINT of the same name): the constraint's name. */
export const addConstraintUsingIndexRead: ReadBack = {
  diagnosedAs: "attach",
  statement: "ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX",
  find: (s) => {
    const c = alterCommands(s).map((cmd) => cmd.def?.Constraint).find((k) => k?.contype === "CONSTR_UNIQUE" && k.indexname);
    if (!c) return null;
    const name = c.conname ?? c.indexname;
    return { relation: s.node.relation, index: name, columns: null, ...(c.indexname !== name ? { usingIndex: c.indexname } : {}) };
  },
};

export const dropConstraintRead: ReadBack = {
  diagnosedAs: "drop",
  statement: "ALTER TABLE … DROP CONSTRAINT",
  find: (s) => {
    const cmd = alterCommands(s).find((k) => k.subtype === "AT_DropConstraint" && k.name);
    return cmd ? { relation: s.node.relation, index: cmd.name, columns: null } : null;
  },
};

export const dropIndexConcurrentlyRead: ReadBack = {
  diagnosedAs: "drop-index",
  statement: "DROP INDEX CONCURRENTLY",
  find: (s) => {
    if (s.kind !== "DropStmt" || s.node.removeType !== "OBJECT_INDEX" || !s.node.concurrent) return null;
    const names = stringList((s.node.objects ?? [])[0]);
    return names.length ? { relation: indexRangeVar(names), index: names.at(-1)!, columns: null, onIndex: true } : null;
  },
};

export const renameIndexRead: ReadBack = {
  diagnosedAs: "rename-index",
  statement: "ALTER INDEX … RENAME TO",
  find: (s) =>
    s.kind === "RenameStmt" && s.node.renameType === "OBJECT_INDEX" && s.node.relation
      ? { relation: s.node.relation, index: s.node.relation.relname, columns: null, onIndex: true, renamedTo: s.node.newname }
      : null,
};

export const addForeignKeyRead: ReadBack = {
  diagnosedAs: "add-fk",
  statement: "ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY … NOT VALID",
  find: (s) => {
    const c = alterCommands(s).map((cmd) => cmd.def?.Constraint).find((k) => k?.contype === "CONSTR_FOREIGN" && k.conname);
    return c ? { relation: s.node.relation, index: c.conname, columns: stringList(c.fk_attrs ?? []), references: { relation: c.pktable, columns: stringList(c.pk_attrs ?? []) } } : null;
  },
};

/** ALTER TABLE … VALIDATE CONSTRAINT, diagnosed as the operation it belongs to. */
export const validateConstraintRead = (diagnosedAs: "validate-fk" | "not-null"): ReadBack => ({
  diagnosedAs,
  statement: "ALTER TABLE … VALIDATE CONSTRAINT",
  find: (s) => {
    const cmd = alterCommands(s).find((k) => k.subtype === "AT_ValidateConstraint" && k.name);
    return cmd ? { relation: s.node.relation, index: cmd.name, columns: null } : null;
  },
});

export const addCheckNotValidRead: ReadBack = {
  diagnosedAs: "not-null",
  statement: "ALTER TABLE … ADD CONSTRAINT … CHECK … NOT VALID",
  find: (s) => {
    const c = alterCommands(s).map((cmd) => cmd.def?.Constraint).find((k) => k?.contype === "CONSTR_CHECK" && k.conname);
    return c ? { relation: s.node.relation, index: c.conname, columns: null } : null;
  },
};

/** ALTER TABLE … ALTER COLUMN … SET NOT NULL: `index` is the column. */
export const setNotNullRead: ReadBack = {
  diagnosedAs: "not-null",
  statement: "ALTER TABLE … ALTER COLUMN … SET NOT NULL",
  find: (s) => {
    const cmd = alterCommands(s).find((k) => k.subtype === "AT_SetNotNull" && k.name);
    return cmd ? { relation: s.node.relation, index: cmd.name, columns: null } : null;
  },
};

export const indexOnOnlyRead: ReadBack = {
  diagnosedAs: "partitioned-index",
  statement: "CREATE [UNIQUE] INDEX … ON ONLY",
  find: (s) =>
    s.kind === "IndexStmt" && !s.node.concurrent && !s.node.relation?.inh && s.node.idxname
      ? { relation: s.node.relation, index: s.node.idxname, columns: (s.node.indexParams ?? []).map((p: Node) => p.IndexElem?.name ?? "(expression)") }
      : null,
};

export const attachPartitionRead: ReadBack = {
  diagnosedAs: "attach-partition",
  statement: "ALTER INDEX … ATTACH PARTITION",
  find: (s) => {
    if (s.kind !== "AlterTableStmt" || s.node.objtype !== "OBJECT_INDEX") return null;
    const cmd = (s.node.cmds ?? []).map((c: Node) => c.AlterTableCmd).find((c: Node) => c?.subtype === "AT_AttachPartition");
    const partition = cmd?.def?.PartitionCmd?.name;
    return partition ? { relation: partition, index: partition.relname, columns: null, onIndex: true, attachTo: s.node.relation.relname } : null;
  },
};

/** The partitioned-index verify step: a DO block that reads the catalog (a failure changed nothing). */
export const verifyRead: ReadBack = { diagnosedAs: "precheck", statement: null, find: () => null };

/** A plain DROP INDEX (a partitioned table's index, in the lock step): doctor does not diagnose it. */
export const dropIndexRead: ReadBack = {
  diagnosedAs: null,
  statement: "DROP INDEX",
  find: (s) => {
    if (s.kind !== "DropStmt" || s.node.removeType !== "OBJECT_INDEX" || s.node.concurrent) return null;
    const names = stringList((s.node.objects ?? [])[0]);
    return names.length ? { relation: indexRangeVar(names), index: names.at(-1)!, columns: null, onIndex: true } : null;
  },
};
