// What the live database says about a target's table: its columns and types, its primary key,
// its unique indexes (valid or not) and the foreign keys that point at it. One catalog read,
// no lock on the table. The decisions drawn from it are pure functions.
import { quoteIdent } from "../sql/quote.js";

export interface ColumnInfo {
  name: string;
  type: string;
  notNull: boolean;
}

export interface UniqueIndexInfo {
  name: string;
  valid: boolean;
  partial: boolean;
  /** Key columns; null for an expression element. */
  columns: Array<string | null>;
}

export interface ReferenceInfo {
  constraint: string;
  table: string;
  /** pg_constraint.confdeltype: a no action, r restrict, c cascade, n set null, d set default. */
  onDelete: string;
}

export interface TableInfo {
  schema: string;
  name: string;
  /** pg_class.relkind: r table, p partitioned table, v view, m materialized view, f foreign table. */
  kind: string;
  columns: ColumnInfo[];
  primaryKey: ColumnInfo[];
  uniqueIndexes: UniqueIndexInfo[];
  referencedBy: ReferenceInfo[];
  estimatedRows: number;
}

/**
 * $1: the table as the application writes it (`"t"`, resolved through the search_path the
 * connection got from the URL's `?schema=`, or `"s"."t"`). No row is returned when it is missing.
 */
export const TABLE_INFO_SQL = `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
       greatest(c.reltuples, 0)::bigint AS estimated_rows,
       (SELECT coalesce(json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'notNull', a.attnotnull) ORDER BY a.attnum), '[]')
          FROM pg_attribute a
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       (SELECT coalesce(json_agg(a.attname ORDER BY k.ord), '[]')
          FROM pg_index x
          CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
         WHERE x.indrelid = c.oid AND x.indisprimary AND k.ord <= x.indnkeyatts) AS primary_key, -- key columns, not INCLUDE ones
       (SELECT coalesce(json_agg(json_build_object(
                 'name', i.relname, 'valid', x.indisvalid, 'partial', x.indpred IS NOT NULL,
                 'columns', (SELECT json_agg(a.attname ORDER BY k.ord)
                               FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
                               LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0
                              WHERE k.ord <= x.indnkeyatts)) ORDER BY i.relname), '[]')
          FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
         WHERE x.indrelid = c.oid AND x.indisunique) AS unique_indexes,
       (SELECT coalesce(json_agg(json_build_object('constraint', f.conname, 'table', f.conrelid::regclass::text, 'onDelete', f.confdeltype::text) ORDER BY f.conname), '[]')
          FROM pg_constraint f
         WHERE f.confrelid = c.oid AND f.contype = 'f') AS referenced_by
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.oid = to_regclass($1)`;

/** The argument of TABLE_INFO_SQL for a table as Prisma names it. */
export function tableInfoArgument(t: { schema: string; table: string; qualified: boolean }): string {
  return t.qualified ? `${quoteIdent(t.schema)}.${quoteIdent(t.table)}` : quoteIdent(t.table);
}

interface TableInfoRow {
  schema: string;
  name: string;
  kind: string;
  estimated_rows: string | number;
  columns: ColumnInfo[];
  primary_key: string[];
  unique_indexes: UniqueIndexInfo[];
  referenced_by: ReferenceInfo[];
}

export function tableInfoFromRow(row: TableInfoRow): TableInfo {
  const byName = new Map(row.columns.map((c) => [c.name, c]));
  return {
    schema: row.schema,
    name: row.name,
    kind: row.kind,
    estimatedRows: Number(row.estimated_rows),
    columns: row.columns,
    primaryKey: row.primary_key.map((name) => byName.get(name) ?? { name, type: "unknown", notNull: true }),
    uniqueIndexes: row.unique_indexes,
    referencedBy: row.referenced_by,
  };
}

export function missingColumns(info: TableInfo, columns: readonly string[]): string[] {
  const present = new Set(info.columns.map((c) => c.name));
  return columns.filter((c) => !present.has(c));
}

/**
 * A valid, whole-table unique index on these columns (or on a part of them, which makes the
 * whole key unique too): the database already keeps duplicates out.
 */
export function enforcingIndex(info: TableInfo, columns: readonly string[]): UniqueIndexInfo | null {
  const key = new Set(columns);
  return (
    info.uniqueIndexes.find(
      (i) => i.valid && !i.partial && i.columns.length > 0 && i.columns.every((c) => c !== null && key.has(c)),
    ) ?? null
  );
}

/** An INVALID unique index on exactly these columns: the leftover of a failed concurrent build. */
export function invalidLeftover(info: TableInfo, columns: readonly string[]): UniqueIndexInfo | null {
  const key = [...columns].sort().join("\u0000");
  return (
    info.uniqueIndexes.find(
      (i) => !i.valid && i.columns.every((c) => c !== null) && [...(i.columns as string[])].sort().join("\u0000") === key,
    ) ?? null
  );
}

const NUMERIC_TYPES = /^(smallint|integer|bigint|numeric|decimal|real|double precision|money)(\(\d+(,\s*\d+)?\))?$/;

export function isSummable(column: ColumnInfo): boolean {
  return NUMERIC_TYPES.test(column.type);
}
