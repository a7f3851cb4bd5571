// Facts about parsed statements that several rules share: which table a statement touches and
// whether it existed before the migration, what is CONCURRENTLY, whether a lock_timeout is in
// force, and SQL text for the fixes, written the way Prisma writes it (identifiers quoted).
import { stringList, type Node, type Statement } from "../sql/parse.js";
import { quoteIdent } from "../sql/quote.js";
import { defaultIndexName } from "../core/pg-names.js";
import { tableNamed } from "../core/replay.js";
import type { AppliedTable } from "../core/state.js";
import type { RuleContext } from "./rule.js";

export interface TableRef {
  schema: string;
  name: string;
  /** As the statement writes it: `"s"."t"` when it names the schema, else `"t"`. */
  sql: string;
  /** The replayed table, or undefined when the history does not create it. */
  table: AppliedTable | undefined;
}

/** The table a statement names, resolved as PostgreSQL does: a temporary table shadows a permanent one. */
export function tableRefOf(ctx: RuleContext, rangeVar: Node): TableRef {
  const { schema, name, table } = tableNamed(ctx.state, rangeVar);
  const sql = rangeVar.schemaname ? `${quoteIdent(rangeVar.schemaname)}.${quoteIdent(name)}` : quoteIdent(name);
  return { schema, name, sql, table };
}

/**
 * The table, when it existed before this migration: created by an earlier migration, or unknown
 * to the history (then it was made outside it, so it may hold rows). A table created earlier in
 * the same file (a temporary table is always one) is empty or no one else uses it: null.
 */
export function existingTable(ctx: RuleContext, rangeVar: Node): TableRef | null {
  const ref = tableRefOf(ctx, rangeVar);
  return ref.table?.origin === ctx.migration ? null : ref;
}


/** What a statement that must run outside a transaction block does, or null for any other. */
export function concurrentOperation(statement: Statement): string | null {
  const n = statement.node;
  switch (statement.kind) {
    case "IndexStmt":
      return n.concurrent ? `CREATE ${n.unique ? "UNIQUE " : ""}INDEX CONCURRENTLY${n.idxname ? ` ${quoteIdent(n.idxname)}` : ""}` : null;
    case "DropStmt":
      return n.concurrent ? `DROP INDEX CONCURRENTLY ${stringList(n.objects?.[0]).map(quoteIdent).join(".")}` : null;
    case "ReindexStmt":
      return (n.params ?? []).some((p: Node) => p.DefElem?.defname === "concurrently") ? "REINDEX … CONCURRENTLY" : null;
    case "AlterTableStmt":
      return (n.cmds ?? []).some((c: Node) => c.AlterTableCmd?.subtype === "AT_DetachPartition" && c.AlterTableCmd.def?.PartitionCmd?.concurrent)
        ? "ALTER TABLE … DETACH PARTITION … CONCURRENTLY"
        : null;
    default:
      return null;
  }
}

function isZero(arg: Node): boolean {
  const c = arg?.A_Const;
  if (!c) return false;
  if (c.ival) return !c.ival.ival;
  if (c.sval) return /^\s*0+(\.0*)?\s*[a-z]*\s*$/i.test(c.sval.sval ?? "");
  return false;
}

/**
 * Whether a session-level `SET lock_timeout` to something other than 0 runs before the
 * statement at `index` in the same file, without a RESET after it. `SET LOCAL` does not count: an
 * engine that sends statements one by one runs each in a transaction of its own, so it ends at once.
 */
export function lockTimeoutInForce(statements: readonly Statement[], index: number): boolean {
  let inForce = false;
  for (const statement of statements.slice(0, index)) {
    if (statement.kind !== "VariableSetStmt") continue;
    const n = statement.node;
    if (n.kind === "VAR_RESET_ALL") inForce = false;
    if (n.name !== "lock_timeout" || n.is_local) continue;
    inForce = n.kind === "VAR_SET_VALUE" && !isZero(n.args?.[0]);
  }
  return inForce;
}

/** An operator class as Prisma writes it: bare when it is a plain lower-case name. */
const opclassName = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : quoteIdent(name));

const SORT = { SORTBY_DESC: " DESC", SORTBY_ASC: " ASC" } as Record<string, string>;
const NULLS = { SORTBY_NULLS_FIRST: " NULLS FIRST", SORTBY_NULLS_LAST: " NULLS LAST" } as Record<string, string>;

/**
 * `CREATE [UNIQUE] INDEX CONCURRENTLY …` for an index statement, in Prisma's style; null when
 * the statement has parts that cannot be written back from the parse tree (expressions, WHERE,
 * opclasses, storage options): then the fix says which words to change instead.
 */
export function concurrentIndexSql(n: Node, table: TableRef): string | null {
  if (n.whereClause || n.options || n.tableSpace) return null;
  const columns: string[] = [];
  for (const param of n.indexParams ?? []) {
    const e = param.IndexElem;
    if (!e?.name || e.collation || e.opclassopts) return null;
    const opclass = e.opclass ? ` ${stringList(e.opclass).map(opclassName).join(".")}` : "";
    columns.push(`${quoteIdent(e.name)}${opclass}${SORT[e.ordering] ?? ""}${NULLS[e.nulls_ordering] ?? ""}`);
  }
  const include = (n.indexIncludingParams ?? []).map((p: Node) => p.IndexElem?.name);
  if (include.some((c: string | undefined) => !c)) return null;
  // Prisma's spelling: `ON "t"("a")` for btree, `ON "t" USING GIN ("a" jsonb_path_ops)` otherwise.
  const method = n.accessMethod && n.accessMethod !== "btree" ? ` USING ${n.accessMethod.toUpperCase()} ` : "";
  return `CREATE ${n.unique ? "UNIQUE " : ""}INDEX CONCURRENTLY ${quoteIdent(defaultIndexName(n, table.name))} ON ${table.sql}${method}(${columns.join(", ")})` +
    `${include.length ? ` INCLUDE (${include.map(quoteIdent).join(", ")})` : ""}${n.nulls_not_distinct ? " NULLS NOT DISTINCT" : ""};`;
}

/** `SET lock_timeout = '5s'; <statement> RESET lock_timeout;` on one line. */
export function underLockTimeout(statement: string, lockTimeout = DEFAULT_LOCK_TIMEOUT): string {
  return `SET lock_timeout = '${lockTimeout}'; ${statement} RESET lock_timeout;`;
}

/** The generator's default lock_timeout (the `lockTimeout` option), used in suggested SQL. */
export const DEFAULT_LOCK_TIMEOUT = "5s";

export const columnsSql = (columns: readonly string[]) => columns.map(quoteIdent).join(", ");
