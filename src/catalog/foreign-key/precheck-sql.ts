// The orphan pre-check of a foreign key: one DO block that reads both tables (ACCESS SHARE: writes
// go on) and raises a readable report when a row's key has no referenced row, before anything is
// changed. The duplicate pre-check's shape (sql/fail-fast-check.ts): first only whether one exists
// (an anti-join that stops at the first orphan), the report (counts, most frequent missing keys) only then. A row with a NULL
// in any key column is never checked (MATCH SIMPLE, Prisma's): it is ignored here too.
import { quoteIdent } from "../../sql/quote.js";
import { failFastCheck } from "../../sql/fail-fast-check.js";
import { foreignKeyMessages } from "../../messages/operations/foreign-key.js";
import { foreignKeyTableSql, referencedTableSql, type PlannedForeignKey } from "./steps.js";

/** `FROM "t" AS pgc_row WHERE <key not null> AND NOT EXISTS (<referenced row>)`: the rows VALIDATE would refuse. */
function orphanRows(fk: PlannedForeignKey): string {
  const row = (c: string) => `pgc_row.${quoteIdent(c)}`;
  const notNull = fk.columns.map((c) => `${row(c)} IS NOT NULL`).join(" AND ");
  const matches = fk.columns.map((c, i) => `pgc_ref.${quoteIdent(fk.referenced.columns[i]!)} = ${row(c)}`).join(" AND ");
  return `FROM ${foreignKeyTableSql(fk)} AS pgc_row
       WHERE ${notNull}
         AND NOT EXISTS (SELECT FROM ${referencedTableSql(fk)} AS pgc_ref WHERE ${matches})`;
}

/** A query a person can run to list the rows that have no referenced row (for messages and doctor). */
export function orphanRowsQuery(fk: PlannedForeignKey): string {
  return `SELECT pgc_row.* ${orphanRows(fk).replace(/\s+/g, " ")};`;
}

export function orphanPrecheckBlock(fk: PlannedForeignKey, folder: string): string {
  const keyText = `concat_ws(', ', ${fk.columns.map((c) => `quote_nullable(pgc_row.${quoteIdent(c)}::text)`).join(", ")})`;
  const anyOrphan = `SELECT EXISTS (
      SELECT ${orphanRows(fk)}
    )`;
  const report = `SELECT coalesce(sum(o.row_count), 0), count(*),
         string_agg(format('(%s) x %s', o.key_text, o.row_count), chr(10) || '  ' ORDER BY o.rank) FILTER (WHERE o.rank <= 5)
    FROM (
      SELECT count(*) AS row_count,
             ${keyText} AS key_text,
             row_number() OVER (ORDER BY count(*) DESC, ${keyText}) AS rank
        ${orphanRows(fk)}
       GROUP BY ${fk.columns.map((c) => `pgc_row.${quoteIdent(c)}`).join(", ")}
    ) AS o`;
  return failFastCheck({
    found: "has_orphans",
    counts: ["orphan_rows", "missing_keys"],
    exists: anyOrphan,
    report,
    errcode: "foreign_key_violation",
    message: foreignKeyMessages.precheckFailure(fk, orphanRowsQuery(fk), folder),
  });
}
