// A fresh database per test on the run's server, and small query helpers.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { query, withDatabase } from "./sql.js";

export { query, withDatabase };

export async function createDatabase(prefix = "t"): Promise<string> {
  const adminUrl = inject("adminUrl");
  const name = `${prefix.replace(/[^a-z0-9_]/gi, "_").toLowerCase().slice(0, 40)}_${randomBytes(4).toString("hex")}`;
  await query(adminUrl, `CREATE DATABASE "${name}"`);
  return withDatabase(adminUrl, name);
}

/** Indexes of a table as PostgreSQL sees them: validity and whether a constraint owns them. */
export async function indexesOf(url: string, table: string, schema = "public") {
  return query<{ name: string; valid: boolean; unique: boolean; constraint: string | null; def: string }>(
    url,
    `SELECT i.relname AS name, x.indisvalid AS valid, x.indisunique AS unique,
            c.conname AS constraint, pg_get_indexdef(i.oid) AS def
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.conrelid = t.oid
      WHERE t.relname = $1 AND n.nspname = $2
      ORDER BY i.relname`,
    [table, schema],
  );
}
