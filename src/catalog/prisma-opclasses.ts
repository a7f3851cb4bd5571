// Operator classes as Prisma writes them. The DMMF gives a field's `ops:` as the name of Prisma's
// `OperatorClass` enum (`JsonbPathOps`) or as the raw string of `raw("gin_trgm_ops")`; only this
// table tells the two apart. The SQL names are explicit, not a case conversion: `Int4MinMaxOps` is
// `int4_minmax_ops` (verified with `prisma migrate diff --script`, 6.19 and 7.10).
// And an opclass that is the default for its column type is no opclass at all to Prisma
// (`meta(ops: JsonbOps)` writes no SQL): comparisons normalise those to null.
import type { IndexMethod } from "../core/state.js";

/** Prisma's `OperatorClass` enum (PostgreSQL), in Prisma's order, → the SQL operator class. */
export const PRISMA_OPCLASSES: Readonly<Record<string, string>> = {
  InetOps: "inet_ops",
  JsonbOps: "jsonb_ops",
  JsonbPathOps: "jsonb_path_ops",
  ArrayOps: "array_ops",
  TextOps: "text_ops",
  BitMinMaxOps: "bit_minmax_ops",
  VarBitMinMaxOps: "varbit_minmax_ops",
  BpcharBloomOps: "bpchar_bloom_ops",
  BpcharMinMaxOps: "bpchar_minmax_ops",
  ByteaBloomOps: "bytea_bloom_ops",
  ByteaMinMaxOps: "bytea_minmax_ops",
  DateBloomOps: "date_bloom_ops",
  DateMinMaxOps: "date_minmax_ops",
  DateMinMaxMultiOps: "date_minmax_multi_ops",
  Float4BloomOps: "float4_bloom_ops",
  Float4MinMaxOps: "float4_minmax_ops",
  Float4MinMaxMultiOps: "float4_minmax_multi_ops",
  Float8BloomOps: "float8_bloom_ops",
  Float8MinMaxOps: "float8_minmax_ops",
  Float8MinMaxMultiOps: "float8_minmax_multi_ops",
  InetInclusionOps: "inet_inclusion_ops",
  InetBloomOps: "inet_bloom_ops",
  InetMinMaxOps: "inet_minmax_ops",
  InetMinMaxMultiOps: "inet_minmax_multi_ops",
  Int2BloomOps: "int2_bloom_ops",
  Int2MinMaxOps: "int2_minmax_ops",
  Int2MinMaxMultiOps: "int2_minmax_multi_ops",
  Int4BloomOps: "int4_bloom_ops",
  Int4MinMaxOps: "int4_minmax_ops",
  Int4MinMaxMultiOps: "int4_minmax_multi_ops",
  Int8BloomOps: "int8_bloom_ops",
  Int8MinMaxOps: "int8_minmax_ops",
  Int8MinMaxMultiOps: "int8_minmax_multi_ops",
  NumericBloomOps: "numeric_bloom_ops",
  NumericMinMaxOps: "numeric_minmax_ops",
  NumericMinMaxMultiOps: "numeric_minmax_multi_ops",
  OidBloomOps: "oid_bloom_ops",
  OidMinMaxOps: "oid_minmax_ops",
  OidMinMaxMultiOps: "oid_minmax_multi_ops",
  TextBloomOps: "text_bloom_ops",
  TextMinMaxOps: "text_minmax_ops",
  TimestampBloomOps: "timestamp_bloom_ops",
  TimestampMinMaxOps: "timestamp_minmax_ops",
  TimestampMinMaxMultiOps: "timestamp_minmax_multi_ops",
  TimestampTzBloomOps: "timestamptz_bloom_ops",
  TimestampTzMinMaxOps: "timestamptz_minmax_ops",
  TimestampTzMinMaxMultiOps: "timestamptz_minmax_multi_ops",
  TimeBloomOps: "time_bloom_ops",
  TimeMinMaxOps: "time_minmax_ops",
  TimeMinMaxMultiOps: "time_minmax_multi_ops",
  TimeTzBloomOps: "timetz_bloom_ops",
  TimeTzMinMaxOps: "timetz_minmax_ops",
  TimeTzMinMaxMultiOps: "timetz_minmax_multi_ops",
  UuidBloomOps: "uuid_bloom_ops",
  UuidMinMaxOps: "uuid_minmax_ops",
};

/** The SQL operator class of a DMMF `operatorClass`: the enum's SQL name, or the raw string verbatim. */
export function prismaOpclassSql(operatorClass: string): string {
  return Object.hasOwn(PRISMA_OPCLASSES, operatorClass) ? PRISMA_OPCLASSES[operatorClass]! : operatorClass;
}

/** How the schema spells a DMMF `operatorClass`: `JsonbPathOps`, or `raw("gin_trgm_ops")`. */
export function prismaOpsArgument(operatorClass: string): string {
  return Object.hasOwn(PRISMA_OPCLASSES, operatorClass) ? operatorClass : `raw(${JSON.stringify(operatorClass)})`;
}

/**
 * PostgreSQL's default operator classes per access method (`pg_opclass.opcdefault`, PostgreSQL 15:
 * `SELECT amname, opcname FROM pg_opclass JOIN pg_am ON pg_am.oid = opcmethod WHERE opcdefault`).
 * A column's default opclass is the one PostgreSQL picks when none is written, so writing it changes
 * nothing, and Prisma treats it as no `ops:` (JsonbOps, Int4MinMaxOps, ArrayOps,
 * InetOps on SpGist write no SQL). Each name is the default only for its own type, which PostgreSQL
 * already enforced when the index was built, so the name alone decides.
 */
export const DEFAULT_OPCLASSES: Readonly<Record<IndexMethod, ReadonlySet<string>>> = {
  btree: new Set(
    ("array_ops bit_ops bool_ops bpchar_ops bytea_ops char_ops date_ops enum_ops float4_ops float8_ops inet_ops int2_ops int4_ops " +
      "int8_ops interval_ops jsonb_ops macaddr8_ops macaddr_ops money_ops multirange_ops name_ops numeric_ops oid_ops oidvector_ops " +
      "pg_lsn_ops range_ops record_ops text_ops tid_ops time_ops timestamp_ops timestamptz_ops timetz_ops tsquery_ops tsvector_ops " +
      "uuid_ops varbit_ops xid8_ops").split(" "),
  ),
  hash: new Set(
    ("aclitem_ops array_ops bool_ops bpchar_ops bytea_ops char_ops cid_ops date_ops enum_ops float4_ops float8_ops inet_ops int2_ops " +
      "int4_ops int8_ops interval_ops jsonb_ops macaddr8_ops macaddr_ops multirange_ops name_ops numeric_ops oid_ops oidvector_ops " +
      "pg_lsn_ops range_ops record_ops text_ops tid_ops time_ops timestamp_ops timestamptz_ops timetz_ops uuid_ops xid8_ops xid_ops").split(" "),
  ),
  gin: new Set(["array_ops", "jsonb_ops", "tsvector_ops"]),
  gist: new Set(["box_ops", "circle_ops", "multirange_ops", "point_ops", "poly_ops", "range_ops", "tsquery_ops", "tsvector_ops"]),
  spgist: new Set(["box_ops", "inet_ops", "poly_ops", "quad_point_ops", "range_ops", "text_ops"]),
  brin: new Set(
    ("bit_minmax_ops box_inclusion_ops bpchar_minmax_ops bytea_minmax_ops char_minmax_ops date_minmax_ops float4_minmax_ops " +
      "float8_minmax_ops inet_inclusion_ops int2_minmax_ops int4_minmax_ops int8_minmax_ops interval_minmax_ops macaddr8_minmax_ops " +
      "macaddr_minmax_ops name_minmax_ops numeric_minmax_ops oid_minmax_ops pg_lsn_minmax_ops range_inclusion_ops text_minmax_ops " +
      "tid_minmax_ops time_minmax_ops timestamp_minmax_ops timestamptz_minmax_ops timetz_minmax_ops uuid_minmax_ops varbit_minmax_ops").split(" "),
  ),
};

/** An opclass as Prisma compares it: null when none is written or it is the method's default one. */
export function normaliseOpclass(method: IndexMethod, opclass: string | null | undefined): string | null {
  if (!opclass) return null;
  return DEFAULT_OPCLASSES[method].has(opclass) ? null : opclass;
}
