// This tool's migration folders, recognised by name (`<timestamp>_concurrently_<step>_<slug>`) and
// understood from their migration.sql through PostgreSQL's own parser: the index a build creates,
// the constraint an attach adds or a drop removes. A pre-check is a DO block, so it takes its table
// and key from the build of the same unique (same slug) that follows it.
import { decodeFolder } from "../catalog/folder-convention.js";
import type { MigrationFile } from "../core/replay.js";
import { parseStatements, relationName, SqlParseError, stringList, type Node, type Statement } from "../sql/parse.js";
import type { StepKind, ToolFolder, UniqueTarget } from "./model.js";

/**
 * Doctor's step of each folder kind: a concurrent build of a plain index (`create_index`, a changed
 * index's `rebuild_index`) fails and is cleaned up like a unique's build (an INVALID index to drop,
 * then resolve). A `DROP INDEX CONCURRENTLY` (`drop_index`, a changed index's `retire_index`) and a
 * changed index's `rename_index` have their own kinds.
 */
const DOCTOR_KINDS: Partial<Record<string, StepKind>> = {
  precheck: "precheck", build: "build", attach: "attach", drop: "drop", "create-index": "build", "rebuild-index": "build",
  "drop-index": "drop-index", "retire-index": "drop-index", "rename-index": "rename-index",
  // One brief ALTER TABLE that adds a constraint USING INDEX, like an attach: a lock timeout changed nothing.
  "swap-unique": "attach",
};

/** The step and slug of a folder this tool wrote, or null for any other folder (catalog/folder-convention.ts decodes the name). */
export function toolStepOf(folder: string): { kind: StepKind; slug: string } | null {
  const decoded = decodeFolder(folder);
  const kind = decoded ? DOCTOR_KINDS[decoded.kind] : undefined;
  return decoded && kind ? { kind, slug: decoded.slug } : null;
}

function alterCommands(statement: Statement): Node[] {
  if (statement.kind !== "AlterTableStmt" || statement.node.objtype !== "OBJECT_TABLE") return [];
  return (statement.node.cmds ?? []).map((c: Node) => c.AlterTableCmd).filter(Boolean);
}

interface Found {
  relation: Node;
  index: string;
  columns: string[] | null;
  /** The statement names the index, not its table (DROP INDEX, ALTER INDEX): the table comes from the catalog. */
  onIndex?: boolean;
  renamedTo?: string;
}

/** `schema.name` of an index as a DROP INDEX names it, in RangeVar shape. */
const indexRangeVar = (names: string[]): Node => ({ schemaname: names.length > 1 ? names.at(-2) : undefined, relname: names.at(-1) });

const FINDERS: Record<Exclude<StepKind, "precheck">, { statement: string; find(s: Statement): Found | null }> = {
  build: {
    statement: "CREATE [UNIQUE] INDEX CONCURRENTLY",
    find: (s) =>
      s.kind === "IndexStmt" && s.node.concurrent && s.node.idxname
        ? { relation: s.node.relation, index: s.node.idxname, columns: (s.node.indexParams ?? []).map((p: Node) => p.IndexElem?.name ?? "(expression)") }
        : null,
  },
  attach: {
    statement: "ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX",
    find: (s) => {
      const c = alterCommands(s).map((cmd) => cmd.def?.Constraint).find((k) => k?.contype === "CONSTR_UNIQUE" && k.indexname);
      return c ? { relation: s.node.relation, index: c.conname ?? c.indexname, columns: null } : null;
    },
  },
  "drop-index": {
    statement: "DROP INDEX CONCURRENTLY",
    find: (s) => {
      if (s.kind !== "DropStmt" || s.node.removeType !== "OBJECT_INDEX" || !s.node.concurrent) return null;
      const names = stringList((s.node.objects ?? [])[0]);
      return names.length ? { relation: indexRangeVar(names), index: names.at(-1)!, columns: null, onIndex: true } : null;
    },
  },
  "rename-index": {
    statement: "ALTER INDEX … RENAME TO",
    find: (s) =>
      s.kind === "RenameStmt" && s.node.renameType === "OBJECT_INDEX" && s.node.relation
        ? { relation: s.node.relation, index: s.node.relation.relname, columns: null, onIndex: true, renamedTo: s.node.newname }
        : null,
  },
  drop: {
    statement: "ALTER TABLE … DROP CONSTRAINT",
    find: (s) => {
      const cmd = alterCommands(s).find((k) => k.subtype === "AT_DropConstraint" && k.name);
      return cmd ? { relation: s.node.relation, index: cmd.name, columns: null } : null;
    },
  },
};

function readTarget(file: MigrationFile, kind: Exclude<StepKind, "precheck">, defaultSchema: string): { target: UniqueTarget | null; unreadable: string | null } {
  let statements: Statement[];
  try {
    statements = parseStatements(file.sql);
  } catch (error) {
    if (!(error instanceof SqlParseError)) throw error;
    return { target: null, unreadable: `PostgreSQL's parser rejects its migration.sql (line ${error.line}): ${error.message}` };
  }
  const finder = FINDERS[kind];
  const found = statements.map((s) => finder.find(s)).find((f) => f !== null);
  if (!found) return { target: null, unreadable: `its migration.sql has no ${finder.statement} statement (was it edited?)` };
  const { schema, name } = relationName(found.relation, defaultSchema);
  const target: UniqueTarget = { schema, table: found.onIndex ? "" : name, index: found.index, columns: found.columns, qualified: schema !== defaultSchema };
  if (found.renamedTo) target.renamedTo = found.renamedTo;
  return { target, unreadable: null };
}

/**
 * This tool's folders among `files` (in folder order), each with the unique it is about. Key
 * columns come from the build of the same unique: the next one for a pre-check, the previous one
 * for an attach or a drop (a slug can recur when a unique is removed and added again).
 */
export function readToolFolders(files: readonly MigrationFile[], defaultSchema: string): ToolFolder[] {
  const folders: ToolFolder[] = [];
  for (const file of files) {
    const step = toolStepOf(file.name);
    if (!step) continue;
    const read = step.kind === "precheck" ? { target: null, unreadable: null } : readTarget(file, step.kind, defaultSchema);
    folders.push({ name: file.name, kind: step.kind, slug: step.slug, ...read });
  }
  const builds = folders.filter((f) => f.kind === "build" && f.target);
  const sameUnique = (f: ToolFolder, b: ToolFolder) => b.slug === f.slug && (f.kind === "precheck" ? b.name > f.name : b.name < f.name);
  for (const folder of folders) {
    if (folder.kind === "build" || folder.kind === "drop-index" || folder.kind === "rename-index") continue;
    const candidates = builds.filter((b) => sameUnique(folder, b));
    const build = folder.kind === "precheck" ? candidates[0] : candidates.at(-1);
    if (!build?.target) {
      if (folder.kind === "precheck") folder.unreadable = "no build folder of the same unique follows it";
      continue;
    }
    if (folder.kind === "precheck") folder.target = { ...build.target };
    else if (folder.target && folder.target.index === build.target.index && folder.target.table === build.target.table) folder.target.columns = build.target.columns;
  }
  return folders;
}
