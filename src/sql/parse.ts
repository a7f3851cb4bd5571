// SQL goes through PostgreSQL's own parser (libpg-query), never regular expressions. This module
// turns a script into statements with their node, text and position (line and column of the first
// token, for messages), and a parser failure into an error that says where.
import { loadModule, parseSync } from "libpg-query";
import { sourcePositions } from "./source-positions.js";

// The AST is PostgreSQL's parse tree as JSON; its node shapes are checked where they are read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Node = any;

export interface Statement {
  /** Node type, e.g. `IndexStmt`, `AlterTableStmt`. */
  kind: string;
  node: Node;
  /** The statement's text, without leading comments or the trailing semicolon. */
  text: string;
  /** Comment lines directly before the statement (for suppression comments). */
  leadingComments: string[];
  /** 1-based line and column of the first token in the script. */
  line: number;
  column: number;
  /** Byte offset of the first token (PostgreSQL's node locations are byte offsets too). */
  byteOffset: number;
  /**
   * Byte range of the statement in the script, from just after the previous statement (so the
   * leading comments are inside) to just after its own semicolon, if it has one.
   */
  span: { start: number; end: number };
}

export class SqlParseError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
    this.name = "SqlParseError";
  }
}

let loaded: Promise<void> | undefined;
/** The parser is WebAssembly: load it once before the synchronous calls. */
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

/** Splits the comments and blank space that precede a statement from its first token. */
function splitLeading(text: string): { comments: string[]; rest: number } {
  const comments: string[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith("--", i)) {
      const end = text.indexOf("\n", i);
      comments.push(text.slice(i, end === -1 ? text.length : end));
      i = end === -1 ? text.length : end + 1;
    } else if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      comments.push(text.slice(i, end === -1 ? text.length : end + 2));
      i = end === -1 ? text.length : end + 2;
    } else {
      return { comments, rest: i };
    }
  }
}

/**
 * Statements of the scripts parsed so far, by text: the generator parses the history ahead of
 * time (prefetchHistory) and several passes (replay, checks) read the same files. Readers never
 * change statements; each caller gets its own array. Bounded, for long-lived processes.
 */
const parsedScripts = new Map<string, Statement[]>();
const PARSED_SCRIPTS_MAX = 20_000;

export function parseStatements(sql: string): Statement[] {
  let statements = parsedScripts.get(sql);
  if (!statements) {
    statements = parseScript(sql);
    if (parsedScripts.size >= PARSED_SCRIPTS_MAX) parsedScripts.clear();
    parsedScripts.set(sql, statements);
  }
  return [...statements];
}

function parseScript(sql: string): Statement[] {
  let tree: Node;
  const bytes = Buffer.from(sql, "utf8");
  const positionOf = sourcePositions(sql);
  try {
    tree = parseSync(sql);
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const at = positionOf(details?.cursorPosition ?? 0);
    throw new SqlParseError((error as Error).message, at.line, at.column);
  }
  const statements: Statement[] = [];
  // A statement's text starts right after the previous one's semicolon, its leading comments with
  // it (PostgreSQL 18's parser puts stmt_location after them; 17's before) and ends at stmt_len.
  let previousEnd = 0;
  for (const raw of tree.stmts ?? []) {
    const start = previousEnd;
    const stmtEnd = raw.stmt_len ? (raw.stmt_location ?? 0) + raw.stmt_len : bytes.length;
    const length = stmtEnd - start;
    const chunk = bytes.subarray(start, start + length).toString("utf8");
    const { comments, rest } = splitLeading(chunk);
    const byteOffset = start + Buffer.byteLength(chunk.slice(0, rest), "utf8");
    const kind = Object.keys(raw.stmt)[0]!;
    const at = positionOf(byteOffset);
    const semicolon = bytes[start + length] === 0x3b ? 1 : 0;
    statements.push({
      kind,
      node: raw.stmt[kind],
      text: chunk.slice(rest).trim(),
      leadingComments: comments,
      line: at.line,
      column: at.column,
      byteOffset,
      span: { start, end: start + length + semicolon },
    });
    previousEnd = start + length + semicolon;
  }
  return statements;
}

/** `schema.name` of a RangeVar, with the default schema when none is written. */
export function relationName(rangeVar: Node, defaultSchema: string): { schema: string; name: string } {
  return { schema: rangeVar.schemaname ?? defaultSchema, name: rangeVar.relname };
}

/** Names in a `List` of `String` nodes, e.g. `["public", "my_index"]`. */
export function stringList(list: Node): string[] {
  const items: Node[] = list?.List?.items ?? (Array.isArray(list) ? list : [list]);
  return items.map((item) => item?.String?.sval).filter((s): s is string => typeof s === "string");
}
