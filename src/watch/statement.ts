// Which index a session is building, read from its query text with PostgreSQL's parser. Needed
// because a plain CREATE INDEX has no index oid until it ends (`index_relid` is 0), and a build
// that still waits for its table lock is not in pg_stat_progress_create_index at all. Prisma sends
// a whole migration.sql as one query, so the text may hold several statements, and
// pg_stat_activity cuts it at track_activity_query_size: a text that does not parse is retried up
// to each earlier `;` until the part before it parses.
import { parseStatements, SqlParseError } from "../sql/parse.js";
import { defaultIndexName } from "../core/pg-names.js";

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
      return parseStatements(text.slice(0, end));
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
