// What an index is, apart from its name and table: unique or not, access method, and per column
// its name, sort order and operator class. This is the part of an index Prisma can declare
// (`@@index([a, b(sort: Desc)], type: Gin, ops: …)`), read from the schema (`fromDesired`), from
// the replayed history (`fromApplied`) or from a `CREATE INDEX` parse tree (`fromIndexStmt`), and
// compared the way Prisma compares it (`sameDefinition`). Anything Prisma cannot declare (WHERE,
// expressions, INCLUDE, NULLS NOT DISTINCT, collations, NULLS FIRST, storage options, other access
// methods) makes the index `unsupported`: Prisma ignores it or cannot write it, and so do we.
// `definitionSql` writes the one CREATE INDEX text for plan, fix and check, in Prisma's spelling.
import type { Node } from "../sql/parse.js";
import { indexElements } from "../core/replay.js";
import { quoteIdent, tableRef } from "../sql/quote.js";
import { INDEX_METHODS, type AppliedIndex, type DesiredIndex, type IndexColumn, type IndexMethod } from "../core/state.js";
import { normaliseOpclass } from "./prisma-opclasses.js";

export interface IndexDefinition {
  unique: boolean;
  method: IndexMethod;
  columns: IndexColumn[];
}

/** A definition, or why this index is not one Prisma could declare (a phrase: "a WHERE clause (it is partial)"). */
export type DefinitionResult = { definition: IndexDefinition } | { unsupported: string };

function isMethod(method: string): method is IndexMethod {
  return (INDEX_METHODS as readonly string[]).includes(method);
}

/** The definition a `CREATE [UNIQUE] INDEX [CONCURRENTLY]` statement builds (its `IndexStmt` node). */
export function fromIndexStmt(n: Node): DefinitionResult {
  if (n.whereClause) return { unsupported: "a WHERE clause (it is partial)" };
  if (n.indexIncludingParams?.length) return { unsupported: "INCLUDE columns" };
  if (n.nulls_not_distinct) return { unsupported: "NULLS NOT DISTINCT" };
  if (n.options || n.tableSpace) return { unsupported: "storage options" };
  const method: string = n.accessMethod ?? "btree";
  if (!isMethod(method)) return { unsupported: `the access method ${method}` };
  for (const param of n.indexParams ?? []) {
    const e = param.IndexElem;
    if (!e?.name) return { unsupported: "an expression" };
    if (e.collation) return { unsupported: "a collation" };
    if (e.opclassopts) return { unsupported: "operator class options" };
    if (e.nulls_ordering && e.nulls_ordering !== "SORTBY_NULLS_DEFAULT") return { unsupported: "a NULLS FIRST / NULLS LAST order" };
  }
  const columns = indexElements(n.indexParams ?? [])!; // every element is a column (checked above)
  return { definition: { unique: Boolean(n.unique), method, columns } };
}

/**
 * The definition of an index the history built (replayed) as Prisma compares it, or why it matches
 * no declaration. Prisma ignores NULLS NOT DISTINCT, collations, NULLS FIRST and storage options
 * when it compares (a history's `UNIQUE … NULLS NOT DISTINCT` and a plain `@unique` diff to
 * nothing, 6.19 and 7.10), so they do not count here either.
 */
export function fromApplied(index: AppliedIndex): DefinitionResult {
  if (index.partial) return { unsupported: "a WHERE clause (it is partial)" };
  if (!index.columns) return { unsupported: "an expression" };
  if (index.include.length) return { unsupported: "INCLUDE columns" };
  if (!isMethod(index.method)) return { unsupported: `the access method ${index.method}` };
  return { definition: { unique: index.unique, method: index.method, columns: index.columns } };
}

export function fromDesired(index: DesiredIndex): IndexDefinition {
  return { unique: index.unique, method: index.method, columns: index.columns };
}

/**
 * Whether two definitions are the same index to Prisma: same uniqueness, method and columns in
 * order, each with the same sort order (ASC written or not is the default). Operator classes count
 * only where Prisma declares them (Gin, Gist, SpGist, Brin), with a method's default class as none
 * (`meta(ops: JsonbOps)` on a Gin index is `meta`) and a schema-qualified class by its name. On
 * BTree and Hash, Prisma writes no `ops:` and ignores a history's (`text_pattern_ops` and no class
 * diff to nothing: verified with `migrate diff --script`, 6.19 and 7.10).
 */
export function sameDefinition(a: IndexDefinition, b: IndexDefinition): boolean {
  if (a.unique !== b.unique || a.method !== b.method || a.columns.length !== b.columns.length) return false;
  const opsCount = !OPS_IGNORED.has(a.method);
  return a.columns.every((c, i) => {
    const d = b.columns[i]!;
    return c.name === d.name && c.desc === d.desc && (!opsCount || comparableOpclass(a.method, c.opclass) === comparableOpclass(b.method, d.opclass));
  });
}

/** Methods on which Prisma neither writes nor compares operator classes. */
const OPS_IGNORED: ReadonlySet<IndexMethod> = new Set(["btree", "hash"]);

function comparableOpclass(method: IndexMethod, opclass: string | null | undefined): string | null {
  // A raw `ops: raw("public.gin_trgm_ops")` names the class with its schema; the history's is the last name.
  return normaliseOpclass(method, opclass ? opclass.slice(opclass.lastIndexOf(".") + 1) : opclass);
}

export interface DefinitionSqlOptions {
  concurrently: boolean;
  name: string;
  /** `qualified` when Prisma writes the schema (`@@schema` outside the default one). */
  table: { schema: string; name: string; qualified: boolean };
}

/**
 * `CREATE [UNIQUE] INDEX [CONCURRENTLY] "name" ON "table"(…);` as Prisma spells it: no USING for
 * btree and no space before the column list; `USING GIN (` otherwise; the operator class after the
 * column, then `DESC` (or `ASC` when the schema wrote `sort: Asc`).
 */
export function definitionSql(def: IndexDefinition, { concurrently, name, table }: DefinitionSqlOptions): string {
  return `CREATE ${def.unique ? "UNIQUE " : ""}INDEX ${concurrently ? "CONCURRENTLY " : ""}${quoteIdent(name)} ON ${tableRef(table)}${methodAndColumnsSql(def)};`;
}

/** The part after the table: `("a", "b" DESC)` for btree, ` USING GIN ("meta" jsonb_path_ops)` otherwise. */
export function methodAndColumnsSql(def: IndexDefinition): string {
  const columns = def.columns.map((c) => `${quoteIdent(c.name)}${c.opclass ? ` ${c.opclass}` : ""}${c.desc ? " DESC" : c.ascWritten ? " ASC" : ""}`);
  const using = def.method === "btree" ? "" : ` USING ${def.method.toUpperCase()} `;
  return `${using}(${columns.join(", ")})`;
}
