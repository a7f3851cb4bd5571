// Which index a session is building, read from its query text with PostgreSQL's parser. Needed
// because a plain CREATE INDEX has no index oid until it ends (`index_relid` is 0), and a build
// that still waits for its table lock is not in pg_stat_progress_create_index at all. Prisma sends
// a whole migration.sql as one query, so the text may hold several statements, and
// pg_stat_activity cuts it at track_activity_query_size: a text that does not parse is retried up
// to each earlier `;` until the part before it parses.
import { parseStatements, SqlParseError, stringList, type Node } from "../sql/parse.js";
import { defaultIndexName } from "../core/pg-names.js";
import { withLockStepsOpened } from "../catalog/sql-shapes.js";

export interface IndexStatement {
  /** The index name as written, or PostgreSQL's default for an unnamed index. */
  index: string;
  /** The schema as written; null when the table is not qualified (the session's search_path decides). */
  schema: string | null;
  table: string;
  concurrent: boolean;
  unique: boolean;
}

const MAX_RETRIES = 50;

function parsePrefix(text: string) {
  let end = text.length;
  for (let attempt = 0; attempt <= MAX_RETRIES && end > 0; attempt++) {
    try {
      return withLockStepsOpened(parseStatements(text.slice(0, end))); // a rename runs inside the retrying lock step
    } catch (error) {
      if (!(error instanceof SqlParseError)) throw error;
      end = text.lastIndexOf(";", end - 1);
    }
  }
  return [];
}

/** The CREATE INDEX statements of a query text (the parser must be loaded: loadParser()). */
export function indexStatementsIn(query: string): IndexStatement[] {
  const found: IndexStatement[] = [];
  for (const statement of parsePrefix(query)) {
    if (statement.kind !== "IndexStmt") continue;
    const n = statement.node;
    const schema: string | null = n.relation.schemaname ?? null;
    const table: string = n.relation.relname;
    found.push({
      index: defaultIndexName(n, table),
      schema,
      table,
      concurrent: Boolean(n.concurrent),
      unique: Boolean(n.unique),
    });
  }
  return found;
}

/** A DROP INDEX [CONCURRENTLY] or ALTER INDEX … RENAME TO of a running query (the catalog's drop, retire and rename steps, or Prisma's DROP INDEX). */
export interface IndexChange {
  command: "DROP INDEX" | "DROP INDEX CONCURRENTLY" | "ALTER INDEX RENAME";
  index: string;
  /** As written; null when not qualified. */
  schema: string | null;
  /** The name a rename gives; null for a drop. */
  renamedTo: string | null;
}

/** The index drops and renames of a query text, in order (the parser must be loaded). */
export function indexChangesIn(query: string): IndexChange[] {
  const found: IndexChange[] = [];
  for (const statement of parsePrefix(query)) {
    const n = statement.node;
    if (statement.kind === "DropStmt" && n.removeType === "OBJECT_INDEX") {
      for (const object of (n.objects ?? []) as Node[]) {
        const names = stringList(object);
        found.push({ command: n.concurrent ? "DROP INDEX CONCURRENTLY" : "DROP INDEX", index: names.at(-1)!, schema: names.length > 1 ? names.at(-2)! : null, renamedTo: null });
      }
    } else if (statement.kind === "RenameStmt" && n.renameType === "OBJECT_INDEX" && n.relation) {
      found.push({ command: "ALTER INDEX RENAME", index: n.relation.relname, schema: n.relation.schemaname ?? null, renamedTo: n.newname });
    }
  }
  return found;
}

/**
 * The one CREATE INDEX of `query` on `table` (any table when null), or null when there is none or
 * more than one: which of two builds on a table runs cannot be told from the text. The same rule
 * while a build waits for its lock and while it runs, so that it keeps its name (and key) across.
 */
export function indexBuiltOn(query: string | null, schema: string | null, table: string | null): IndexStatement | null {
  if (!query) return null;
  const matches = indexStatementsIn(query).filter((s) => table === null || (s.table === table && (s.schema === null || schema === null || s.schema === schema)));
  return matches.length === 1 ? matches[0]! : null;
}
