// This tool's migration folders, recognised by name (`<timestamp>_concurrently_<step>_<slug>`) and
// understood from their migration.sql through PostgreSQL's own parser, by the reader each step's
// spec declares (catalog/read-back.ts): the index a build creates, the constraint an attach adds or
// a drop removes, the index a DROP INDEX CONCURRENTLY drops or an ALTER INDEX renames. A pre-check is a DO block, so it takes its table
// and key from the build of the same unique (same slug) that follows it.
import { decodeFolder } from "../catalog/folder-convention.js";
import type { MigrationFile } from "../core/replay.js";
import { parseStatements, relationName, SqlParseError, type Statement } from "../sql/parse.js";
import { stepSpecs } from "../catalog/catalog.js";
import type { ReadBack } from "../catalog/read-back.js";
import type { StepKind, ToolFolder, UniqueTarget } from "./model.js";

/** The step and slug of a folder this tool wrote, or null for any other folder (catalog/folder-convention.ts decodes the name). */
export function toolStepOf(folder: string): { kind: StepKind; slug: string } | null {
  const read = readBackOf(folder);
  return read ? { kind: read.readBack.diagnosedAs, slug: read.slug } : null;
}

/** How a folder is read back and diagnosed: declared by its step's spec in the catalog. */
function readBackOf(folder: string): { readBack: ReadBack; slug: string } | null {
  const decoded = decodeFolder(folder);
  return decoded ? { readBack: stepSpecs()[decoded.kind].readBack, slug: decoded.slug } : null;
}

function readTarget(file: MigrationFile, readBack: ReadBack, defaultSchema: string): { target: UniqueTarget | null; unreadable: string | null } {
  let statements: Statement[];
  try {
    statements = parseStatements(file.sql);
  } catch (error) {
    if (!(error instanceof SqlParseError)) throw error;
    return { target: null, unreadable: `PostgreSQL's parser rejects its migration.sql (line ${error.line}): ${error.message}` };
  }
  const found = statements.map((s) => readBack.find(s)).find((f) => f !== null);
  if (!found) return { target: null, unreadable: `its migration.sql has no ${readBack.statement} statement (was it edited?)` };
  const { schema, name } = relationName(found.relation, defaultSchema);
  const target: UniqueTarget = { schema, table: found.onIndex ? "" : name, index: found.index, columns: found.columns, qualified: schema !== defaultSchema };
  if (found.renamedTo) target.renamedTo = found.renamedTo;
  if (found.usingIndex) target.usingIndex = found.usingIndex;
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
    const step = readBackOf(file.name);
    if (!step) continue;
    const kind = step.readBack.diagnosedAs;
    const read = step.readBack.statement === null ? { target: null, unreadable: null } : readTarget(file, step.readBack, defaultSchema);
    folders.push({ name: file.name, kind, slug: step.slug, ...read });
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
    else if (folder.target && (folder.target.usingIndex ?? folder.target.index) === build.target.index && folder.target.table === build.target.table) folder.target.columns = build.target.columns;
  }
  return folders;
}
