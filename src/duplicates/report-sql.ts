// The duplicate report: one read-only statement (two scans of the table, no row locks, writes go
// on) that counts the groups of rows sharing a key, their surplus rows, and lists the largest
// groups with a sample of their primary keys. Rows with a NULL in a key column never conflict
// in a unique index, so they are left out.
import { quoteIdent } from "../sql/quote.js";

export interface ReportQueryInput {
  /** Always qualified: the report reads the table the catalog found. */
  schema: string;
  table: string;
  keyColumns: readonly string[];
  /** Primary key columns; empty when the table has none (rows are then shown by ctid). */
  primaryKey: readonly string[];
  /** How many of the largest groups to list. */
  limit: number;
  /** How many primary keys to show per listed group. */
  samples: number;
}

export interface DuplicateGroup {
  /** Key values as text, in key column order. */
  key: string[];
  rows: number;
  /** Primary keys of the group's first rows (by primary key), as text. */
  primaryKeys: string[];
}

export interface DuplicateReport {
  duplicateGroups: number;
  surplusRows: number;
  /** Rows that belong to a duplicate group (surplus rows plus one per group). */
  rowsInGroups: number;
  largestGroups: DuplicateGroup[];
}

const keyAlias = (i: number) => `key_${i + 1}`;

/** Where a row is: its primary key as text (`(a,b)` for a composite one), or its ctid. */
export function rowIdText(alias: string, primaryKey: readonly string[]): string {
  if (primaryKey.length === 0) return `${alias}.ctid::text`;
  if (primaryKey.length === 1) return `${alias}.${quoteIdent(primaryKey[0]!)}::text`;
  return `ROW(${primaryKey.map((c) => `${alias}.${quoteIdent(c)}`).join(", ")})::text`;
}

export function rowOrder(alias: string, primaryKey: readonly string[]): string {
  return primaryKey.length === 0 ? `${alias}.ctid` : primaryKey.map((c) => `${alias}.${quoteIdent(c)}`).join(", ");
}

export function notNullFilter(columns: readonly string[], alias?: string): string {
  return columns.map((c) => `${alias ? `${alias}.` : ""}${quoteIdent(c)} IS NOT NULL`).join(" AND ");
}

/**
 * $1 = limit, $2 = samples. Returns one row per listed group, each carrying the totals; one row
 * with totals and NULL group columns when there is no duplicate.
 */
export function reportQuery(input: ReportQueryInput): string {
  const table = `${quoteIdent(input.schema)}.${quoteIdent(input.table)}`;
  const keys = input.keyColumns.map((c, i) => `${quoteIdent(c)} AS ${keyAlias(i)}`).join(", ");
  const aliases = input.keyColumns.map((_, i) => keyAlias(i));
  const join = input.keyColumns.map((c, i) => `t.${quoteIdent(c)} = l.${keyAlias(i)}`).join(" AND ");
  return `WITH pgc_duplicate_keys AS (
  SELECT ${keys}, count(*) AS row_count
    FROM ${table}
   WHERE ${notNullFilter(input.keyColumns)}
   GROUP BY ${aliases.join(", ")}
  HAVING count(*) > 1
), pgc_totals AS (
  SELECT count(*) AS duplicate_groups,
         coalesce(sum(row_count - 1), 0) AS surplus_rows,
         coalesce(sum(row_count), 0) AS rows_in_groups
    FROM pgc_duplicate_keys
), pgc_largest AS (
  SELECT d.*, row_number() OVER (ORDER BY d.row_count DESC, ${aliases.map((a) => `d.${a}`).join(", ")}) AS rank
    FROM pgc_duplicate_keys d
   ORDER BY rank
   LIMIT $1
), pgc_members AS (
  SELECT l.rank, ${rowIdText("t", input.primaryKey)} AS row_id,
         row_number() OVER (PARTITION BY l.rank ORDER BY ${rowOrder("t", input.primaryKey)}) AS n
    FROM ${table} t
    JOIN pgc_largest l ON ${join}
)
SELECT s.duplicate_groups, s.surplus_rows, s.rows_in_groups, l.rank, l.row_count,
       ARRAY[${aliases.map((a) => `l.${a}::text`).join(", ")}] AS key,
       (SELECT array_agg(m.row_id ORDER BY m.n) FROM pgc_members m WHERE m.rank = l.rank AND m.n <= $2) AS row_ids
  FROM pgc_totals s
  LEFT JOIN pgc_largest l ON true
 ORDER BY l.rank`;
}

export interface ReportRow {
  duplicate_groups: string | number;
  surplus_rows: string | number;
  rows_in_groups: string | number;
  rank: string | number | null;
  row_count: string | number | null;
  key: Array<string | null> | null;
  row_ids: string[] | null;
}

export function reportFromRows(rows: readonly ReportRow[]): DuplicateReport {
  const first = rows[0];
  return {
    duplicateGroups: Number(first?.duplicate_groups ?? 0),
    surplusRows: Number(first?.surplus_rows ?? 0),
    rowsInGroups: Number(first?.rows_in_groups ?? 0),
    largestGroups: rows
      .filter((r) => r.rank !== null)
      .map((r) => ({ key: (r.key ?? []).map((k) => k ?? ""), rows: Number(r.row_count), primaryKeys: r.row_ids ?? [] })),
  };
}
