// PostgreSQL's own names for constraints and indexes written without a name (makeObjectName in
// src/backend/commands/indexcmds.c): `{table}_{columns}_{label}`, shortening the longer of the
// two parts a byte at a time until the name fits in 63 bytes, then clipping each part to whole characters.
import { truncateUtf8 } from "./prisma-names.js";
import { stringList, type Node } from "../sql/parse.js";

const NAMEDATALEN = 64;

export function postgresObjectName(table: string, columns: readonly string[], label: "pkey" | "key" | "idx" | "fkey" | "check"): string {
  let name1 = table;
  let name2 = label === "pkey" ? "" : columns.join("_");
  const overhead = label.length + 1 + (name2 ? 1 : 0);
  const available = NAMEDATALEN - 1 - overhead;
  // As PostgreSQL does: count the bytes to cut first, then clip each part once at a character boundary.
  let len1 = Buffer.byteLength(name1);
  let len2 = Buffer.byteLength(name2);
  while (len1 + len2 > available) {
    if (len1 > len2) len1--;
    else len2--;
  }
  name1 = truncateUtf8(name1, len1);
  name2 = truncateUtf8(name2, len2);
  return [name1, name2, label].filter(Boolean).join("_");
}

/**
 * The name PostgreSQL gives `CREATE INDEX` written without one (ChooseIndexName): a column by its
 * name, an expression by what it calls (`lower(email)` → `lower`), else `expr`.
 */
export function defaultIndexName(indexStmt: Node, table: string): string {
  if (indexStmt.idxname) return indexStmt.idxname;
  const columns = (indexStmt.indexParams ?? []).map((p: Node) => p.IndexElem?.name ?? expressionName(p.IndexElem?.expr) ?? "expr");
  return postgresObjectName(table, columns, "idx");
}

/** FigureColname, for the expressions an index is built on. */
function expressionName(expr: Node): string | null {
  if (!expr) return null;
  if (expr.FuncCall) return stringList(expr.FuncCall.funcname).at(-1) ?? null;
  if (expr.ColumnRef) return stringList(expr.ColumnRef.fields).at(-1) ?? null;
  if (expr.TypeCast) return expressionName(expr.TypeCast.arg) ?? stringList(expr.TypeCast.typeName?.names).at(-1) ?? null;
  return null;
}
