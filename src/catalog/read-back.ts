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
export type DiagnosedAs = "precheck" | "build" | "attach" | "drop" | "drop-index" | "rename-index";

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
}

export interface ReadBack {
  diagnosedAs: DiagnosedAs;
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
