// This tool's migration folders, recognised by name (`<timestamp>_concurrently_<step>_<slug>`) and
// understood from their migration.sql through PostgreSQL's own parser, by the reader each step's
// spec declares (catalog/read-back.ts): the index a build creates, the constraint an attach adds or
// a drop removes, the index a DROP INDEX CONCURRENTLY drops or an ALTER INDEX renames. A pre-check is a DO block, so it takes its table
// and key from the build of the same unique (same slug) that follows it.
import { decodeFolder } from "../catalog/folder-convention.js";
import type { MigrationFile } from "../core/replay.js";
import { parseStatements, relationName, SqlParseError, type Statement } from "../sql/parse.js";
import { stepSpecs } from "../catalog/catalog.js";
import { TARGETLESS, type DiagnosedAs, type ReadBack } from "../catalog/read-back.js";
import { withLockStepsOpened } from "../catalog/sql-shapes.js";
import type { StepKind, ToolFolder, UniqueTarget } from "./model.js";

/** The step and slug of a folder this tool wrote, or null for any other folder (catalog/folder-convention.ts decodes the name). */
export function toolStepOf(folder: string): { kind: StepKind; slug: string } | null {
  const read = readBackOf(folder);
  return read ? { kind: read.diagnosedAs, slug: read.slug } : null;
}

/** How a folder is read back and diagnosed: declared by its step's spec in the catalog (null: not diagnosed). */
function readBackOf(folder: string): { readBack: ReadBack; diagnosedAs: DiagnosedAs; slug: string } | null {
  const decoded = decodeFolder(folder);
  const readBack = decoded ? stepSpecs()[decoded.kind].readBack : null;
  return decoded && readBack?.diagnosedAs ? { readBack, diagnosedAs: readBack.diagnosedAs, slug: decoded.slug } : null;
}

function readTarget(file: MigrationFile, readBack: ReadBack, defaultSchema: string): { target: UniqueTarget | null; unreadable: string | null } {
  let statements: Statement[];
  try {
    statements = withLockStepsOpened(parseStatements(file.sql)); // an attach, drop or rename runs in the retrying lock step
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
  if (found.references) {
    const referenced = relationName(found.references.relation, defaultSchema);
    target.references = { schema: referenced.schema, table: referenced.name, columns: found.references.columns };
  }
  if (found.attachTo) target.attachTo = found.attachTo;
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
    const kind = step.diagnosedAs;
    const read = TARGETLESS.has(kind) || step.readBack.statement === null ? { target: null, unreadable: null } : readTarget(file, step.readBack, defaultSchema);
    folders.push({ name: file.name, kind, slug: step.slug, ...read });
  }
  foreignKeyTargets(folders);
  const builds = folders.filter((f) => f.kind === "build" && f.target);
  const sameUnique = (f: ToolFolder, b: ToolFolder) => b.slug === f.slug && (f.kind === "precheck" ? b.name > f.name : b.name < f.name);
  for (const folder of folders) {
    if (folder.kind !== "precheck" && folder.kind !== "attach" && folder.kind !== "drop") continue; // the others name what they need
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

/**
 * A foreign key's pre-check (a DO block) takes its target from the ADD … NOT VALID of the same
 * constraint that follows it, a VALIDATE its key columns and referenced table from the one before it.
 */
function foreignKeyTargets(folders: ToolFolder[]): void {
  const adds = folders.filter((f) => f.kind === "add-fk" && f.target);
  for (const folder of folders) {
    if (folder.kind !== "precheck-fk" && folder.kind !== "validate-fk") continue;
    const candidates = adds.filter((a) => a.slug === folder.slug && (folder.kind === "precheck-fk" ? a.name > folder.name : a.name < folder.name));
    const add = folder.kind === "precheck-fk" ? candidates[0] : candidates.at(-1);
    if (!add?.target) {
      if (folder.kind === "precheck-fk") folder.unreadable = "no add_fk folder of the same foreign key follows it";
      continue;
    }
    if (folder.kind === "precheck-fk") folder.target = { ...add.target };
    else if (folder.target && folder.target.index === add.target.index && folder.target.table === add.target.table) {
      folder.target.columns = add.target.columns;
      if (add.target.references) folder.target.references = add.target.references;
    }
  }
}
