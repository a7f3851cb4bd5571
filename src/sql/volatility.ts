// Whether a column default is volatile, decided from its parse tree. It matters for
// `ALTER TABLE … ADD COLUMN … DEFAULT <expr>` on a table with rows: since PostgreSQL 11 a default that
// is not volatile is evaluated once and stored in the catalog (instant, whatever the table's size);
// a volatile one must be computed for every existing row, so PostgreSQL rewrites the whole table
// under ACCESS EXCLUSIVE (reads and writes wait). The rule:
//   - constants, casts, operators, CURRENT_TIMESTAMP / CURRENT_DATE / CURRENT_USER … (stable): not volatile;
//   - a function known volatile (random(), gen_random_uuid(), clock_timestamp(), nextval(), …): volatile;
//   - a function known immutable or stable (now(), lower(), …): not volatile;
//   - any other function: treated as volatile, because PostgreSQL makes a function VOLATILE unless
//     its CREATE FUNCTION says otherwise (and we cannot see the database's catalog from the SQL);
//   - a serial column type (SERIAL, BIGSERIAL, SMALLSERIAL, Prisma's `autoincrement()`): its default is nextval(), volatile.
import { stringList, type Node } from "./parse.js";

/** Built-in functions PostgreSQL marks VOLATILE (pg_proc.provolatile = 'v'), and common extensions'. */
const VOLATILE = new Set([
  "random", "random_normal", "setseed", "gen_random_uuid", "uuidv4", "uuidv7", "uuid_generate_v1", "uuid_generate_v1mc",
  "uuid_generate_v4", "gen_random_bytes", "gen_salt", "clock_timestamp", "timeofday", "nextval", "setval", "currval", "lastval",
  "txid_current", "pg_current_xact_id",
]);

/** Built-in functions that are immutable or stable: a default of them is evaluated once. */
const NOT_VOLATILE = new Set([
  "now", "transaction_timestamp", "statement_timestamp", "current_setting", "timezone", "date_trunc", "date_part", "make_date",
  "make_timestamp", "make_timestamptz", "make_interval", "to_timestamp", "to_date", "to_char", "lower", "upper", "concat",
  "concat_ws", "md5", "length", "replace", "substring", "trim", "btrim", "abs", "round", "greatest", "least", "uuid_nil",
  "jsonb_build_object", "json_build_object", "jsonb_build_array", "json_build_array", "array_fill", "to_jsonb", "to_json",
]);

const SERIAL_TYPES = new Set(["serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"]);

export interface Volatility {
  volatile: boolean;
  /** What makes it volatile, as SQL names it: `gen_random_uuid()`, `the type SERIAL`. */
  because: string | null;
  /** True when the function is not in either list (assumed volatile). */
  unknown: boolean;
}

/** The first function call that is, or may be, volatile in an expression (walks every node). */
export function expressionVolatility(expr: Node): Volatility {
  let found: Volatility = { volatile: false, because: null, unknown: false };
  const visit = (node: Node): void => {
    if (found.volatile || !node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (node.FuncCall) {
      const name = stringList(node.FuncCall.funcname).at(-1)?.toLowerCase() ?? "";
      if (VOLATILE.has(name)) found = { volatile: true, because: `${name}()`, unknown: false };
      else if (!NOT_VOLATILE.has(name)) found = { volatile: true, because: `${name}()`, unknown: true };
    }
    Object.values(node).forEach(visit);
  };
  visit(expr);
  return found;
}

/** The volatility of a new column's value: its DEFAULT, or its serial type. */
export function columnDefaultVolatility(column: Node): Volatility {
  const type = stringList(column.typeName?.names).at(-1)?.toLowerCase();
  if (type && SERIAL_TYPES.has(type)) return { volatile: true, because: `the type ${type.toUpperCase()} (its default is nextval())`, unknown: false };
  const defaults = (column.constraints ?? []).map((c: Node) => c.Constraint).filter((c: Node) => c?.contype === "CONSTR_DEFAULT");
  for (const d of defaults) {
    const v = expressionVolatility(d.raw_expr);
    if (v.volatile) return v;
  }
  return { volatile: false, because: null, unknown: false };
}
