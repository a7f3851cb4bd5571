// The name a changed index is built under before it takes its real name (build the new definition
// concurrently, drop the old index concurrently, rename). It must fit PostgreSQL's 63 bytes, be the
// same on every re-plan (the folders must not change), never be a name a user or PostgreSQL picks
// (Prisma's end in _key/_idx/_pkey, REINDEX CONCURRENTLY's in _ccnew/_ccold), and be recognisable
// by watch and doctor. The hash covers the new definition, so a leftover INVALID index of an
// abandoned change never blocks the next change of the same index.
import { createHash } from "node:crypto";
import { truncateUtf8 } from "../core/prisma-names.js";
import { methodAndColumnsSql, type IndexDefinition } from "./index-definition.js";

const MARK = "_pcc_";
const HASH_LENGTH = 8;
/** 50 + `_pcc_` (5) + 8 hex = 63 bytes, PostgreSQL's identifier limit. */
const PREFIX_BYTES = 50;

/** `${first 50 bytes of name}_pcc_${8 hex of sha256(schema.name, new definition)}`. */
export function temporaryIndexName(schema: string, name: string, definition: IndexDefinition): string {
  const text = `${schema}.${name}\0${definition.unique ? "UNIQUE " : ""}${methodAndColumnsSql(definition)}`;
  const hash = createHash("sha256").update(text, "utf8").digest("hex").slice(0, HASH_LENGTH);
  return `${truncateUtf8(name, PREFIX_BYTES)}${MARK}${hash}`;
}

const TEMPORARY = new RegExp(`${MARK}[0-9a-f]{${HASH_LENGTH}}$`);

/** A temporary name's prefix (the real name, cut to 50 bytes), or null for any other name. */
export function parseTemporaryName(name: string): { prefix: string } | null {
  const match = TEMPORARY.exec(name);
  return match ? { prefix: name.slice(0, match.index) } : null;
}

/**
 * The CHECK (column IS NOT NULL) constraint a NOT NULL change adds NOT VALID, validates, and drops
 * once SET NOT NULL has used it: `${table}_${column} cut to 46 bytes}_pcc_nn_${8 hex}` (≤ 62 bytes).
 * Deterministic (re-planning writes the same folders), recognisable, and never a name PostgreSQL
 * (`_check`) or Prisma picks; the hash of schema, table and column keeps cut names apart.
 */
export function notNullCheckName(schema: string, table: string, column: string): string {
  const hash = createHash("sha256").update(`${schema}.${table}\0${column}`, "utf8").digest("hex").slice(0, HASH_LENGTH);
  return `${truncateUtf8(`${table}_${column}`, NOT_NULL_PREFIX_BYTES)}${NOT_NULL_MARK}${hash}`;
}

const NOT_NULL_MARK = `${MARK}nn_`;
/** 46 + `_pcc_nn_` (8) + 8 hex = 62 bytes. */
const NOT_NULL_PREFIX_BYTES = 46;
const NOT_NULL_CHECK = new RegExp(`${NOT_NULL_MARK}[0-9a-f]{${HASH_LENGTH}}$`);

/** Whether a constraint name is one notNullCheckName made (doctor: a leftover check of an interrupted NOT NULL change). */
export const isNotNullCheckName = (name: string) => NOT_NULL_CHECK.test(name);
