// Applied state: replay every migration.sql of the history, in folder order, over an empty
// database model. Each statement is read from PostgreSQL's own parse tree. Statements that
// cannot change tables, columns or indexes are ignored; one that might (a DO block, an ALTER this
// model does not know on a tracked table) becomes a warning naming the file and statement, and is
// kept in the state as a place the history cannot be followed through (the plan's messages say so).
// `prisma migrate deploy` applies every pending migration over ONE connection: a temporary table
// lives in that session's schema, shadows permanent tables of the same name, and stays until its
// DROP (ON COMMIT DROP: the end of its transaction, at the latest its migration), else to the end
// of the replay: it shadows its name for every later migration of the same deploy.
import { parseStatements, relationName, SqlParseError, stringList, type Node, type Statement } from "../sql/parse.js";
import { sourcePositions } from "../sql/source-positions.js";
import { lockStepStatements } from "../catalog/sql-shapes.js";
import type { RuleContext } from "../check/rule.js";
import { DISABLE_NEXT_LINE } from "../messages/check.js";
import { VERIFY_MARKER } from "../messages/operations/partitioned-index.js";
import { defaultIndexName, postgresObjectName } from "./pg-names.js";
import * as fks from "./replay-foreign-keys.js";
import {
  DEFAULT_SCHEMA,
  TEMP_SCHEMA,
  emptyState,
  indexKey,
  indexesOfTable,
  partitionsOf,
  resolveRelation,
  tableKey,
  type AppliedIndex,
  type AppliedState,
  type AppliedTable,
  type IndexColumn,
} from "./state.js";

export interface MigrationFile {
  /** Folder name, e.g. `20250101000000_init`. */
  name: string;
  sql: string;
}

export interface ReplayWarning {
  migration: string;
  line: number;
  statement: string;
  message: string;
}

export class HistoryParseError extends Error {
  constructor(readonly migration: string, readonly parseError: SqlParseError) {
    super(`${migration}/migration.sql line ${parseError.line}, column ${parseError.column}: ${parseError.message}`);
    this.name = "HistoryParseError";
  }
}

export interface ReplayResult {
  state: AppliedState;
  warnings: ReplayWarning[];
  /** With `snapshotBeforeLast`: the state before those last migrations. */
  stateBeforeLast?: AppliedState;
}

/** What a statement did to the model; `check` rules read it. */
export interface StatementContext {
  migration: string;
  warn(message: string): void;
}

/** What a walk over the history shows its caller; every handler is optional. */
export interface WalkHandlers {
  /** Each statement, with the model just before it runs. */
  statement?(ctx: RuleContext): void;
  /** A file PostgreSQL's parser rejects: `check` reports it and goes on; replayHistory throws. */
  parseError?(migration: string, error: SqlParseError): void;
  /** A statement the model cannot follow fully. */
  warning?(warning: ReplayWarning): void;
}

/**
 * Rule ids turned off for a statement by `-- prisma-concurrently-disable-next-line <rule>[, <rule>…]`
 * on the line right before it (text after a further ` -- ` is a reason and is ignored).
 */
export function suppressedRules(statement: Statement, lines: readonly string[]): Set<string> {
  const previous = lines[statement.line - 2]?.trim();
  const ids = new Set<string>();
  if (!previous || !statement.leadingComments.some((c) => c.trim() === previous)) return ids;
  const body = previous.replace(/^--\s*/, "");
  if (!body.startsWith(`${DISABLE_NEXT_LINE} `)) return ids;
  for (const id of body.slice(DISABLE_NEXT_LINE.length).split(" -- ")[0]!.split(/[\s,]+/)) if (id) ids.add(id);
  return ids;
}

/**
 * The one replay of the history (the generator, check, fix and the generator's notice walk it):
 * statement by statement, each shown to the handler before it is applied; from `start` (changed in
 * place) when the migrations before `history` were replayed already.
 */
export function walkHistory(history: readonly MigrationFile[], handlers: WalkHandlers, start: AppliedState = emptyState()): AppliedState {
  const state = start;
  for (const migration of history) {
    let statements: Statement[];
    try {
      statements = parseStatements(migration.sql);
    } catch (error) {
      if (!(error instanceof SqlParseError)) throw error;
      handlers.parseError?.(migration.name, error);
      continue;
    }
    const positionOf = sourcePositions(migration.sql);
    const lines = migration.sql.split("\n");
    statements.forEach((statement, index) => {
      handlers.statement?.({
        migration: migration.name,
        statement,
        statements,
        index,
        state,
        suppressed: suppressedRules(statement, lines), // not evaluated without a statement handler (optional call)
        positionOf,
      });
      applyStatement(state, statement, {
        migration: migration.name,
        warn: (message) => handlers.warning?.({ migration: migration.name, line: statement.line, statement: abbreviate(statement.text), message }),
      });
    });
    endMigration(state);
  }
  return state;
}

export interface ReplayOptions {
  /**
   * Also keep a copy of the state as it was before the last `snapshotBeforeLast` migrations: the
   * generator's notices look at the newest migrations against it, without a second replay.
   */
  snapshotBeforeLast?: number;
  /** The state after the migrations before `migrations` (changed in place): replay-cache.ts resumes from a checkpoint. */
  start?: AppliedState;
}

/** The applied state of a history, for the generator: a file the parser rejects is an error, warnings are collected. */
export function replayHistory(migrations: readonly MigrationFile[], options: ReplayOptions = {}): ReplayResult {
  const warnings: ReplayWarning[] = [];
  const snapshotAt = options.snapshotBeforeLast === undefined ? -1 : Math.max(0, migrations.length - options.snapshotBeforeLast);
  const handlers: WalkHandlers = {
    parseError(migration, error) {
      throw new HistoryParseError(migration, error);
    },
    warning: (w) => warnings.push(w),
  };
  if (snapshotAt < 0) return { state: walkHistory(migrations, handlers, options.start), warnings };
  const older = walkHistory(migrations.slice(0, snapshotAt), handlers, options.start);
  const before = structuredClone(older);
  const state = walkHistory(migrations.slice(snapshotAt), handlers, older);
  return { state, warnings, stateBeforeLast: before };
}

function abbreviate(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 100 ? `${oneLine.slice(0, 97)}...` : oneLine;
}

const IGNORED_ALTER_SUBTYPES = new Set([
  "AT_AlterColumnType", "AT_ColumnDefault", "AT_CookedColumnDefault",
  "AT_SetStatistics", "AT_SetStorage", "AT_SetCompression", "AT_SetOptions", "AT_ResetOptions",
  "AT_AddIdentity", "AT_SetIdentity", "AT_DropIdentity", "AT_EnableTrig", "AT_DisableTrig",
  "AT_EnableTrigAll", "AT_DisableTrigAll", "AT_EnableTrigUser", "AT_DisableTrigUser", "AT_EnableRowSecurity",
  "AT_DisableRowSecurity", "AT_ForceRowSecurity", "AT_NoForceRowSecurity", "AT_ChangeOwner", "AT_SetRelOptions",
  "AT_ResetRelOptions", "AT_AlterConstraint", "AT_ClusterOn", "AT_DropCluster",
  "AT_SetLogged", "AT_SetUnLogged", "AT_ReplicaIdentity", "AT_AddInherit", "AT_DropInherit", "AT_GenericOptions",
  "AT_SetAccessMethod", "AT_SetTableSpace", "AT_DropExpression", "AT_SetExpression",
]);

/** Statement kinds that may hide changes to tables or indexes this model cannot follow, as messages name them. */
const OPAQUE_STATEMENTS: Record<string, string> = {
  DoStmt: "a DO block",
  CreateTableAsStmt: "CREATE TABLE … AS",
  ExecuteStmt: "EXECUTE of a prepared statement",
  CallStmt: "CALL of a procedure",
  CreateTrigStmt: "a trigger",
};

/**
 * The migration ends: its ON COMMIT DROP tables are gone (its last transaction has committed,
 * whether the engine sent the file whole or statement by statement), and so is any transaction
 * block it left open. Other temporary tables stay: the deploy's next migrations run on the same
 * connection. Call it after the last statement of each migration.
 */
export function endMigration(state: AppliedState): void {
  for (const table of [...state.tables.values()]) if (table.temporary?.onCommitDrop) dropTable(state, table);
  state.inTransactionBlock = false;
}

/** BEGIN … COMMIT in a file: the end of a transaction drops its ON COMMIT DROP tables. */
function transaction(state: AppliedState, n: Node) {
  switch (n.kind) {
    case "TRANS_STMT_BEGIN":
    case "TRANS_STMT_START":
      state.inTransactionBlock = true;
      return;
    case "TRANS_STMT_COMMIT":
    case "TRANS_STMT_ROLLBACK":
    case "TRANS_STMT_PREPARE":
    case "TRANS_STMT_COMMIT_PREPARED":
    case "TRANS_STMT_ROLLBACK_PREPARED":
      state.inTransactionBlock = false;
      for (const table of [...state.tables.values()]) if (table.temporary?.onCommitDrop) dropTable(state, table);
      return;
    default:
  }
}

export function applyStatement(state: AppliedState, statement: Statement, ctx: StatementContext): void {
  const n = statement.node;
  const line = statement.line;
  switch (statement.kind) {
    case "TransactionStmt":
      return transaction(state, n);
    case "CreateSchemaStmt":
      state.schemas.add(n.schemaname);
      return;
    case "CreateStmt":
      return createTable(state, n, ctx, line);
    case "CreateTableAsStmt":
      if (n.objtype === "OBJECT_MATVIEW") return unfollowed(state, ctx, line, "CREATE MATERIALIZED VIEW");
      if (isTemporary(n.into?.rel)) return createTableAs(state, n.into, n.query, ctx, line);
      break;
    case "SelectStmt":
      // SELECT … INTO creates a table, like CREATE TABLE … AS.
      if (n.intoClause) {
        if (isTemporary(n.intoClause.rel)) return createTableAs(state, n.intoClause, n, ctx, line);
        return unfollowed(state, ctx, line, "SELECT … INTO");
      }
      return;
    case "DropStmt":
      return drop(state, n, ctx);
    case "AlterTableStmt":
      return alterTable(state, n, ctx);
    case "RenameStmt":
      return rename(state, n, ctx);
    case "AlterObjectSchemaStmt":
      if (n.objectType === "OBJECT_TABLE") setSchema(state, n, ctx);
      return;
    case "IndexStmt":
      return createIndex(state, n, ctx);
    default:
  }
  if (statement.kind === "DoStmt" && isOwnPrecheck(statement)) return;
  // This tool's retrying lock step: what it does is the statements of its attempt.
  const locked = lockStepStatements(statement);
  if (locked) {
    for (const inner of locked) applyStatement(state, inner, ctx);
    return;
  }
  const what = OPAQUE_STATEMENTS[statement.kind];
  if (what) unfollowed(state, ctx, line, what);
}

/** A statement whose effect is not replayed: warned about, and kept for the plan's messages. */
function unfollowed(state: AppliedState, ctx: StatementContext, line: number, what: string) {
  state.unfollowed.push({ migration: ctx.migration, line, what });
  ctx.warn(`${what} may change tables or indexes; its effect is not replayed. Check that the computed plan is right for it.`);
}

export function isTemporary(rangeVar: Node | undefined): boolean {
  return rangeVar?.relpersistence === "t" || rangeVar?.schemaname === TEMP_SCHEMA;
}

/** This tool's duplicate pre-check only reads; its header says what it is. */
export const PRECHECK_MARKER = "prisma-concurrently: duplicate pre-check";
/** So does the foreign key's orphan pre-check (catalog/foreign-key/). */
export const ORPHAN_PRECHECK_MARKER = "prisma-concurrently: orphan pre-check";
/** The NULL pre-check of a NOT NULL change (catalog/not-null/) only reads too. */
export const NULL_PRECHECK_MARKER = "prisma-concurrently: NULL pre-check";
function isOwnPrecheck(statement: Statement): boolean {
  return statement.leadingComments.some((c) => [PRECHECK_MARKER, ORPHAN_PRECHECK_MARKER, NULL_PRECHECK_MARKER, VERIFY_MARKER].some((marker) => c.includes(marker)));
}

/** The table a statement names, resolved as PostgreSQL does (temporary tables first). */
export function tableNamed(state: AppliedState, rangeVar: Node): { schema: string; name: string; table: AppliedTable | undefined } {
  const { schema, name } = resolveRelation(state, rangeVar.schemaname, rangeVar.relname, "table");
  return { schema, name, table: state.tables.get(tableKey(schema, name)) };
}

function tableOf(state: AppliedState, rangeVar: Node, ctx: StatementContext): AppliedTable | undefined {
  const table = tableNamed(state, rangeVar).table;
  if (table?.temporary?.onCommitDrop && !table.temporary.inTransactionBlock) ctx.warn(onCommitDropGone(table));
  return table;
}

/**
 * A temporary table ON COMMIT DROP created outside BEGIN … COMMIT lives until the end of the file
 * only when the engine sends the file as one query (one transaction, Prisma 6); engines that send
 * statements one by one commit each at once, so it is gone before the next statement.
 */
function onCommitDropGone(table: AppliedTable): string {
  return `the temporary table "${table.name}" (line ${table.temporary!.line}) is ON COMMIT DROP outside BEGIN … COMMIT: ` +
    "it still exists here only when Prisma sends the file as one transaction (Prisma 6, early 7.x engines). An engine that sends statements " +
    `one by one (newer 7.x engines) has dropped it already, so this statement fails there (42P01), or acts on a permanent table "${table.name}" if there is one. ` +
    "Put the statements that use it between BEGIN; and COMMIT;, or leave out ON COMMIT DROP and end the migration with DROP TABLE pg_temp.\"${table.name}\"; (a temporary table outlives its migration: \`prisma migrate deploy\` runs every migration on one connection).";
}

function addIndex(state: AppliedState, index: AppliedIndex) {
  state.indexes.set(indexKey(index.schema, index.name), index);
}

/** The columns of an index (name, order, operator class), or null when an element is an expression. */
export function indexElements(params: Node[]): IndexColumn[] | null {
  const columns: IndexColumn[] = [];
  for (const param of params) {
    const elem = param.IndexElem;
    if (!elem?.name) return null; // an expression
    const opclass = elem.opclass ? stringList(elem.opclass).at(-1) : undefined; // `public.foo_ops` → foo_ops
    columns.push({
      name: elem.name,
      desc: elem.ordering === "SORTBY_DESC",
      ...(elem.ordering === "SORTBY_ASC" ? { ascWritten: true } : {}),
      ...(opclass ? { opclass } : {}),
    });
  }
  return columns;
}

/** INCLUDE (a, b): column names only (PostgreSQL refuses expressions there). */
function includedColumns(params: Node[] | undefined): string[] {
  return (params ?? []).map((p: Node) => p.IndexElem?.name).filter((name: unknown): name is string => typeof name === "string");
}

/** A PRIMARY KEY or UNIQUE constraint of a table, inline on a column or as a table constraint. */
function addKeyConstraint(state: AppliedState, table: AppliedTable, constraint: Node, columns: string[], ctx: StatementContext) {
  const primary = constraint.contype === "CONSTR_PRIMARY";
  if (constraint.indexname) {
    // ADD CONSTRAINT … USING INDEX: the existing index becomes the constraint's (and takes its name).
    const existing = state.indexes.get(indexKey(table.schema, constraint.indexname));
    if (!existing) {
      ctx.warn(`the constraint uses index "${constraint.indexname}", which the history does not create.`);
      return;
    }
    state.indexes.delete(indexKey(table.schema, existing.name));
    addIndex(state, { ...existing, name: constraint.conname ?? existing.name, constraint: primary ? "primary" : "unique", origin: ctx.migration });
    return;
  }
  const name = constraint.conname ?? postgresObjectName(table.name, primary ? [] : columns, primary ? "pkey" : "key");
  addIndex(state, {
    schema: table.schema,
    table: table.name,
    name,
    unique: true,
    method: "btree",
    columns: columns.map((c) => ({ name: c, desc: false })),
    include: stringList(constraint.including ?? []),
    partial: false,
    nullsNotDistinct: Boolean(constraint.nulls_not_distinct),
    constraint: primary ? "primary" : "unique",
    origin: ctx.migration,
  });
}

/** A column definition's NOT NULL (or PRIMARY KEY, which implies it). */
function columnNullability(table: AppliedTable, column: Node) {
  const constraints: Node[] = (column.constraints ?? []).map((c: Node) => c.Constraint).filter(Boolean);
  // An identity column is NOT NULL too.
  if (constraints.some((c) => ["CONSTR_NOTNULL", "CONSTR_PRIMARY", "CONSTR_IDENTITY"].includes(c.contype))) table.notNull?.add(column.colname);
}

/** A table constraint's part in nullability: a PRIMARY KEY makes its columns NOT NULL; a CHECK (column IS NOT NULL) is kept by name. */
function addNotNullConstraint(table: AppliedTable, c: Node) {
  if (c.contype === "CONSTR_PRIMARY") for (const column of stringList(c.keys ?? [])) table.notNull?.add(column);
  const column = c.contype === "CONSTR_CHECK" ? notNullTestColumn(c.raw_expr) : null;
  if (column) table.notNullChecks?.set(c.conname ?? postgresObjectName(table.name, [column], "check"), { column, valid: !c.skip_validation });
}

/** The column of an expression that is exactly `column IS NOT NULL`, or null. */
export function notNullTestColumn(expr: Node): string | null {
  const test = expr?.NullTest;
  if (test?.nulltesttype !== "IS_NOT_NULL") return null;
  const fields = test.arg?.ColumnRef?.fields ?? [];
  return fields.length === 1 ? (fields[0]?.String?.sval ?? null) : null;
}

function forgetColumn(table: AppliedTable, column: string) {
  table.notNull?.delete(column);
  // PostgreSQL drops a CHECK constraint whose only column is dropped.
  for (const [name, check] of table.notNullChecks ?? []) if (check.column === column) table.notNullChecks!.delete(name);
}

function renameColumn(table: AppliedTable, from: string, to: string) {
  if (table.notNull?.delete(from)) table.notNull.add(to);
  for (const check of table.notNullChecks?.values() ?? []) if (check.column === from) check.column = to;
}

/** A new table in the model, or undefined when the name is taken (then it warns). */
function newTable(state: AppliedState, rangeVar: Node, onCommit: string | undefined, ctx: StatementContext, line: number, ifNotExists: boolean): AppliedTable | undefined {
  const temporary = isTemporary(rangeVar);
  const { schema, name } = temporary ? { schema: TEMP_SCHEMA, name: rangeVar.relname } : relationName(rangeVar, DEFAULT_SCHEMA);
  const key = tableKey(schema, name);
  if (state.tables.has(key)) {
    if (!ifNotExists) ctx.warn(`${temporary ? "temporary " : ""}table "${schema}"."${name}" is created again; the history already has it.`);
    return undefined;
  }
  const table: AppliedTable = { schema, name, columns: [], partitioned: false, origin: ctx.migration, notNull: new Set(), notNullChecks: new Map() };
  if (temporary) table.temporary = { onCommitDrop: onCommit === "ONCOMMIT_DROP", inTransactionBlock: state.inTransactionBlock, line };
  state.tables.set(key, table);
  return table;
}

/** CREATE TEMP TABLE … AS / SELECT … INTO TEMP: a temporary table with the query's column names. */
function createTableAs(state: AppliedState, into: Node, query: Node, ctx: StatementContext, line: number) {
  const table = newTable(state, into.rel, into.onCommit, ctx, line, Boolean(into.if_not_exists));
  if (!table) return;
  const named = stringList(into.colNames ?? []);
  const selected = (query?.SelectStmt ?? query)?.targetList ?? [];
  table.columns = named.length ? named : selected.map((t: Node) => t.ResTarget?.name ?? t.ResTarget?.val?.ColumnRef?.fields?.at(-1)?.String?.sval).filter(Boolean);
}

function createTable(state: AppliedState, n: Node, ctx: StatementContext, line: number) {
  const table = newTable(state, n.relation, n.oncommit, ctx, line, Boolean(n.if_not_exists));
  if (!table) return;
  table.partitioned = Boolean(n.partspec);
  if (n.partspec) table.partitionKey = partitionKeyColumns(n.partspec);
  if (n.partbound && n.inhRelations?.[0]?.RangeVar) {
    // PARTITION OF: the parent's columns; its column list only adds options or constraints.
    const parent = tableNamed(state, n.inhRelations[0].RangeVar);
    if (parent.table) table.columns = [...parent.table.columns];
    else ctx.warn(`table "${table.name}" is a partition of "${parent.schema}"."${parent.name}", which the history does not create.`);
    table.partitionOf = { schema: parent.schema, name: parent.name, isDefault: Boolean(n.partbound.is_default) };
  }
  const keyConstraints: Array<{ constraint: Node; columns: string[] }> = [];
  const foreignKeys: Array<{ constraint: Node; columns?: string[] }> = [];
  for (const element of n.tableElts ?? []) {
    if (element.ColumnDef) {
      const column = element.ColumnDef;
      if (!table.columns.includes(column.colname)) table.columns.push(column.colname);
      columnNullability(table, column);
      for (const c of column.constraints ?? []) {
        if (c.Constraint?.contype === "CONSTR_PRIMARY" || c.Constraint?.contype === "CONSTR_UNIQUE") {
          keyConstraints.push({ constraint: c.Constraint, columns: [column.colname] });
        }
        if (fks.isForeignKey(c.Constraint)) foreignKeys.push({ constraint: c.Constraint, columns: [column.colname] });
      }
    } else if (element.Constraint) {
      const c = element.Constraint;
      if (c.contype === "CONSTR_PRIMARY" || c.contype === "CONSTR_UNIQUE") {
        keyConstraints.push({ constraint: c, columns: stringList(c.keys ?? []) });
      }
      if (fks.isForeignKey(c)) foreignKeys.push({ constraint: c });
      addNotNullConstraint(table, c);
    }
  }
  for (const { constraint, columns } of keyConstraints) addKeyConstraint(state, table, constraint, columns, ctx);
  // After the keys: a self-reference without columns means the table's own primary key.
  for (const { constraint, columns } of foreignKeys) fks.addForeignKey(state, table, constraint, ctx.migration, columns);
}

/** `PARTITION BY RANGE (day, (a + 1))` → its column names, or null when an element is an expression. */
function partitionKeyColumns(partspec: Node): string[] | null {
  const names = (partspec.partParams ?? []).map((p: Node) => p.PartitionElem?.name as string | undefined);
  return names.every((name: string | undefined) => name) ? names : null;
}

/** ALTER TABLE parent ATTACH PARTITION child … / DETACH PARTITION child [CONCURRENTLY | FINALIZE]. */
function attachOrDetach(state: AppliedState, parent: AppliedTable, cmd: Node, ctx: StatementContext) {
  const partition = cmd.def?.PartitionCmd;
  const child = partition?.name ? tableNamed(state, partition.name) : undefined;
  if (!child?.table) {
    if (child) ctx.warn(`"${child.schema}"."${child.name}" is ${cmd.subtype === "AT_AttachPartition" ? "attached to" : "detached from"} "${parent.name}", but the history does not create it.`);
    return;
  }
  if (cmd.subtype === "AT_AttachPartition") {
    child.table.partitionOf = { schema: parent.schema, name: parent.name, isDefault: Boolean(partition.bound?.is_default) };
    if (child.table.columns.length === 0) child.table.columns = [...parent.columns]; // CREATE TABLE … (LIKE parent)
  } else {
    delete child.table.partitionOf;
  }
}

function dropTable(state: AppliedState, table: AppliedTable) {
  // A partitioned table's partitions go with it.
  for (const partition of partitionsOf(state, table)) dropTable(state, partition);
  state.tables.delete(tableKey(table.schema, table.name));
  fks.dropTableForeignKeys(state, table);
  for (const index of indexesOfTable(state, table.schema, table.name)) state.indexes.delete(indexKey(index.schema, index.name));
}

/** A possibly qualified name (`["s", "x"]` or `["x"]`), resolved as PostgreSQL does (temporary objects first). */
export function qualifiedName(state: AppliedState, names: string[], kind: "table" | "index"): { schema: string; name: string } {
  return resolveRelation(state, names.length > 1 ? names[names.length - 2] : undefined, names[names.length - 1]!, kind);
}

function drop(state: AppliedState, n: Node, ctx: StatementContext) {
  for (const object of n.objects ?? []) {
    if (n.removeType === "OBJECT_TABLE") {
      const { schema, name } = qualifiedName(state, stringList(object), "table");
      const table = state.tables.get(tableKey(schema, name));
      if (table) dropTable(state, table);
      else if (!n.missing_ok) ctx.warn(`table "${schema}"."${name}" is dropped, but the history does not create it.`);
    } else if (n.removeType === "OBJECT_INDEX") {
      const { schema, name } = qualifiedName(state, stringList(object), "index");
      const index = state.indexes.get(indexKey(schema, name));
      if (index) state.indexes.delete(indexKey(schema, name));
      else if (!n.missing_ok) ctx.warn(`index "${schema}"."${name}" is dropped, but the history does not create it.`);
    } else if (n.removeType === "OBJECT_SCHEMA") {
      const schema = object.String?.sval as string;
      for (const table of [...state.tables.values()]) if (table.schema === schema) dropTable(state, table);
      state.schemas.delete(schema);
    }
  }
}

function alterTable(state: AppliedState, n: Node, ctx: StatementContext) {
  if (n.objtype !== "OBJECT_TABLE") return;
  const table = tableOf(state, n.relation, ctx);
  if (!table) {
    if (!n.missing_ok) {
      const { schema, name } = relationName(n.relation, DEFAULT_SCHEMA);
      ctx.warn(`table "${schema}"."${name}" is altered, but the history does not create it.`);
    }
    return;
  }
  for (const { AlterTableCmd: cmd } of n.cmds ?? []) {
    if (!cmd) continue;
    switch (cmd.subtype) {
      case "AT_AddColumn": {
        const column = cmd.def.ColumnDef;
        if (table.columns.includes(column.colname)) break;
        table.columns.push(column.colname);
        columnNullability(table, column);
        for (const c of column.constraints ?? []) {
          if (c.Constraint?.contype === "CONSTR_PRIMARY" || c.Constraint?.contype === "CONSTR_UNIQUE") {
            addKeyConstraint(state, table, c.Constraint, [column.colname], ctx);
          }
          if (fks.isForeignKey(c.Constraint)) fks.addForeignKey(state, table, c.Constraint, ctx.migration, [column.colname]);
        }
        break;
      }
      case "AT_DropColumn": {
        table.columns = table.columns.filter((c) => c !== cmd.name);
        fks.dropColumnForeignKeys(state, table, cmd.name);
        forgetColumn(table, cmd.name);
        // PostgreSQL drops every index (and key constraint) that uses the column.
        for (const index of indexesOfTable(state, table.schema, table.name)) {
          if (index.columns?.some((c) => c.name === cmd.name)) state.indexes.delete(indexKey(index.schema, index.name));
        }
        break;
      }
      case "AT_AddConstraint": {
        const c = cmd.def?.Constraint;
        if (c?.contype === "CONSTR_PRIMARY" || c?.contype === "CONSTR_UNIQUE") addKeyConstraint(state, table, c, stringList(c.keys ?? []), ctx);
        if (fks.isForeignKey(c)) fks.addForeignKey(state, table, c, ctx.migration);
        if (c) addNotNullConstraint(table, c);
        break;
      }
      case "AT_SetNotNull":
        table.notNull?.add(cmd.name);
        break;
      case "AT_DropNotNull":
        table.notNull?.delete(cmd.name);
        break;
      case "AT_ValidateConstraint": {
        fks.validateForeignKey(state, table, cmd.name);
        const check = table.notNullChecks?.get(cmd.name);
        if (check) check.valid = true;
        break;
      }
      case "AT_AttachPartition":
      case "AT_DetachPartition":
      case "AT_DetachPartitionFinalize":
        attachOrDetach(state, table, cmd, ctx);
        break;
      case "AT_DropConstraint": {
        fks.dropForeignKey(state, table, cmd.name);
        table.notNullChecks?.delete(cmd.name);
        const index = state.indexes.get(indexKey(table.schema, cmd.name));
        if (index?.constraint && index.table === table.name) state.indexes.delete(indexKey(table.schema, cmd.name));
        break;
      }
      default:
        if (!IGNORED_ALTER_SUBTYPES.has(cmd.subtype)) {
          ctx.warn(`ALTER TABLE "${table.name}" ${cmd.subtype.replace(/^AT_/, "")} is not replayed; check that the computed plan is right for it.`);
        }
    }
  }
}

function rename(state: AppliedState, n: Node, ctx: StatementContext) {
  switch (n.renameType) {
    case "OBJECT_COLUMN": {
      const table = tableOf(state, n.relation, ctx);
      if (!table) return;
      table.columns = table.columns.map((c) => (c === n.subname ? n.newname : c));
      fks.renameColumnForeignKeys(state, table, n.subname, n.newname);
      renameColumn(table, n.subname, n.newname);
      for (const index of indexesOfTable(state, table.schema, table.name)) {
        index.columns = index.columns?.map((c) => (c.name === n.subname ? { ...c, name: n.newname } : c)) ?? null;
      }
      return;
    }
    case "OBJECT_TABLE": {
      const table = tableOf(state, n.relation, ctx);
      if (!table) return;
      const indexes = indexesOfTable(state, table.schema, table.name);
      state.tables.delete(tableKey(table.schema, table.name));
      fks.moveTableForeignKeys(state, table, { schema: table.schema, name: n.newname });
      const partitions = partitionsOf(state, table);
      table.name = n.newname;
      state.tables.set(tableKey(table.schema, table.name), table);
      for (const index of indexes) index.table = n.newname;
      for (const partition of partitions) partition.partitionOf!.name = n.newname;
      return;
    }
    case "OBJECT_TABCONSTRAINT":
      if (fks.renameForeignKey(state, n.relation, n.subname, n.newname)) return;
    // falls through: a key constraint's rename is its index's
    case "OBJECT_INDEX": {
      // Renaming a key constraint renames its index, and renaming an index renames its constraint.
      const oldName = n.renameType === "OBJECT_INDEX" ? n.relation.relname : n.subname;
      const schema = n.renameType === "OBJECT_INDEX"
        ? resolveRelation(state, n.relation.schemaname, oldName, "index").schema
        : tableNamed(state, n.relation).schema;
      const index = state.indexes.get(indexKey(schema, oldName));
      if (!index) {
        if (n.renameType === "OBJECT_INDEX" && !n.missing_ok) ctx.warn(`index "${oldName}" is renamed, but the history does not create it.`);
        return;
      }
      state.indexes.delete(indexKey(schema, oldName));
      index.name = n.newname;
      addIndex(state, index);
      return;
    }
    default:
  }
}

function setSchema(state: AppliedState, n: Node, ctx: StatementContext) {
  const table = tableOf(state, n.relation, ctx);
  if (!table) return;
  const indexes = indexesOfTable(state, table.schema, table.name);
  const partitions = partitionsOf(state, table);
  state.tables.delete(tableKey(table.schema, table.name));
  for (const index of indexes) state.indexes.delete(indexKey(index.schema, index.name));
  fks.moveTableForeignKeys(state, table, { schema: n.newschema, name: table.name });
  table.schema = n.newschema;
  for (const partition of partitions) partition.partitionOf!.schema = n.newschema;
  state.tables.set(tableKey(table.schema, table.name), table);
  for (const index of indexes) addIndex(state, { ...index, schema: n.newschema });
}

function createIndex(state: AppliedState, n: Node, ctx: StatementContext) {
  const table = tableOf(state, n.relation, ctx);
  const { schema, name: tableName } = tableNamed(state, n.relation);
  if (!table) {
    ctx.warn(`an index is created on "${schema}"."${tableName}", which the history does not create.`);
    return;
  }
  const columns = indexElements(n.indexParams ?? []);
  const name = defaultIndexName(n, table.name);
  if (state.indexes.has(indexKey(table.schema, name))) {
    if (!n.if_not_exists) ctx.warn(`index "${name}" is created again; the history already has it.`);
    return;
  }
  addIndex(state, {
    schema: table.schema,
    table: table.name,
    name,
    unique: Boolean(n.unique),
    method: n.accessMethod ?? "btree",
    columns,
    include: includedColumns(n.indexIncludingParams),
    partial: Boolean(n.whereClause),
    nullsNotDistinct: Boolean(n.nulls_not_distinct),
    constraint: null,
    origin: ctx.migration,
  });
}
