// Applied state: replay every migration.sql of the history, in folder order, over an empty
// database model. Each statement is read from PostgreSQL's own parse tree. Statements that
// cannot change tables, columns or indexes are ignored; one that might (a DO block, an ALTER this
// model does not know on a tracked table) becomes a warning naming the file and statement.
import { parseStatements, relationName, SqlParseError, stringList, type Node, type Statement } from "../sql/parse.js";
import { defaultIndexName, postgresObjectName } from "./pg-names.js";
import {
  DEFAULT_SCHEMA,
  emptyState,
  indexKey,
  indexesOfTable,
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

export interface ReplayOptions {
  /**
   * Also keep a copy of the state as it was before the last `snapshotBeforeLast` migrations: the
   * generator's notices look at the newest migrations against it, without a second replay.
   */
  snapshotBeforeLast?: number;
}

export function replayHistory(migrations: readonly MigrationFile[], options: ReplayOptions = {}): ReplayResult {
  const state = emptyState();
  const warnings: ReplayWarning[] = [];
  const snapshotAt = options.snapshotBeforeLast === undefined ? -1 : Math.max(0, migrations.length - options.snapshotBeforeLast);
  let before: AppliedState | undefined;
  for (const [i, migration] of migrations.entries()) {
    if (i === snapshotAt) before = structuredClone(state);
    let statements: Statement[];
    try {
      statements = parseStatements(migration.sql);
    } catch (error) {
      if (error instanceof SqlParseError) throw new HistoryParseError(migration.name, error);
      throw error;
    }
    for (const statement of statements) {
      applyStatement(state, statement, {
        migration: migration.name,
        warn: (message) =>
          warnings.push({ migration: migration.name, line: statement.line, statement: abbreviate(statement.text), message }),
      });
    }
  }
  if (snapshotAt === migrations.length) before = structuredClone(state);
  return { state, warnings, ...(before ? { stateBeforeLast: before } : {}) };
}

function abbreviate(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 100 ? `${oneLine.slice(0, 97)}...` : oneLine;
}

const IGNORED_ALTER_SUBTYPES = new Set([
  "AT_AlterColumnType", "AT_SetNotNull", "AT_DropNotNull", "AT_ColumnDefault", "AT_CookedColumnDefault",
  "AT_SetStatistics", "AT_SetStorage", "AT_SetCompression", "AT_SetOptions", "AT_ResetOptions",
  "AT_AddIdentity", "AT_SetIdentity", "AT_DropIdentity", "AT_EnableTrig", "AT_DisableTrig",
  "AT_EnableTrigAll", "AT_DisableTrigAll", "AT_EnableTrigUser", "AT_DisableTrigUser", "AT_EnableRowSecurity",
  "AT_DisableRowSecurity", "AT_ForceRowSecurity", "AT_NoForceRowSecurity", "AT_ChangeOwner", "AT_SetRelOptions",
  "AT_ResetRelOptions", "AT_ValidateConstraint", "AT_AlterConstraint", "AT_ClusterOn", "AT_DropCluster",
  "AT_SetLogged", "AT_SetUnLogged", "AT_ReplicaIdentity", "AT_AddInherit", "AT_DropInherit", "AT_GenericOptions",
  "AT_SetAccessMethod", "AT_SetTableSpace", "AT_DropExpression", "AT_SetExpression",
]);

/** Statement kinds that may hide changes to tables or indexes this model cannot follow. */
const OPAQUE_STATEMENTS = new Set(["DoStmt", "CreateTableAsStmt", "ExecuteStmt", "CallStmt", "CreateTrigStmt"]);

export function applyStatement(state: AppliedState, statement: Statement, ctx: StatementContext): void {
  const n = statement.node;
  switch (statement.kind) {
    case "CreateSchemaStmt":
      state.schemas.add(n.schemaname);
      return;
    case "CreateStmt":
      return createTable(state, n, ctx);
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
      if (statement.kind === "DoStmt" && isOwnPrecheck(statement)) return;
      if (OPAQUE_STATEMENTS.has(statement.kind)) {
        ctx.warn(`${statement.kind === "DoStmt" ? "a DO block" : statement.kind} may change tables or indexes; its effect is not replayed. Check that the computed plan is right for it.`);
      }
  }
}

/** This tool's duplicate pre-check only reads; its header says what it is. */
export const PRECHECK_MARKER = "prisma-concurrently: duplicate pre-check";
function isOwnPrecheck(statement: Statement): boolean {
  return statement.leadingComments.some((c) => c.includes(PRECHECK_MARKER));
}

function tableOf(state: AppliedState, rangeVar: Node): AppliedTable | undefined {
  const { schema, name } = relationName(rangeVar, DEFAULT_SCHEMA);
  return state.tables.get(tableKey(schema, name));
}

function addIndex(state: AppliedState, index: AppliedIndex) {
  state.indexes.set(indexKey(index.schema, index.name), index);
}

function indexElements(params: Node[]): IndexColumn[] | null {
  const columns: IndexColumn[] = [];
  for (const param of params) {
    const elem = param.IndexElem;
    if (!elem?.name) return null; // an expression
    columns.push({ name: elem.name, desc: elem.ordering === "SORTBY_DESC" });
  }
  return columns;
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
    columns: columns.map((c) => ({ name: c, desc: false })),
    partial: false,
    constraint: primary ? "primary" : "unique",
    origin: ctx.migration,
  });
}

function createTable(state: AppliedState, n: Node, ctx: StatementContext) {
  const { schema, name } = relationName(n.relation, DEFAULT_SCHEMA);
  const key = tableKey(schema, name);
  if (state.tables.has(key)) {
    if (!n.if_not_exists) ctx.warn(`table "${schema}"."${name}" is created again; the history already has it.`);
    return;
  }
  const table: AppliedTable = { schema, name, columns: [], partitioned: Boolean(n.partspec), origin: ctx.migration };
  state.tables.set(key, table);
  const keyConstraints: Array<{ constraint: Node; columns: string[] }> = [];
  for (const element of n.tableElts ?? []) {
    if (element.ColumnDef) {
      const column = element.ColumnDef;
      table.columns.push(column.colname);
      for (const c of column.constraints ?? []) {
        if (c.Constraint?.contype === "CONSTR_PRIMARY" || c.Constraint?.contype === "CONSTR_UNIQUE") {
          keyConstraints.push({ constraint: c.Constraint, columns: [column.colname] });
        }
      }
    } else if (element.Constraint) {
      const c = element.Constraint;
      if (c.contype === "CONSTR_PRIMARY" || c.contype === "CONSTR_UNIQUE") {
        keyConstraints.push({ constraint: c, columns: stringList(c.keys ?? []) });
      }
    }
  }
  for (const { constraint, columns } of keyConstraints) addKeyConstraint(state, table, constraint, columns, ctx);
}

function dropTable(state: AppliedState, table: AppliedTable) {
  state.tables.delete(tableKey(table.schema, table.name));
  for (const index of indexesOfTable(state, table.schema, table.name)) state.indexes.delete(indexKey(index.schema, index.name));
}

function qualifiedName(names: string[]): { schema: string; name: string } {
  return names.length > 1 ? { schema: names[names.length - 2]!, name: names[names.length - 1]! } : { schema: DEFAULT_SCHEMA, name: names[0]! };
}

function drop(state: AppliedState, n: Node, ctx: StatementContext) {
  for (const object of n.objects ?? []) {
    if (n.removeType === "OBJECT_TABLE") {
      const { schema, name } = qualifiedName(stringList(object));
      const table = state.tables.get(tableKey(schema, name));
      if (table) dropTable(state, table);
      else if (!n.missing_ok) ctx.warn(`table "${schema}"."${name}" is dropped, but the history does not create it.`);
    } else if (n.removeType === "OBJECT_INDEX") {
      const { schema, name } = qualifiedName(stringList(object));
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
  const table = tableOf(state, n.relation);
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
        for (const c of column.constraints ?? []) {
          if (c.Constraint?.contype === "CONSTR_PRIMARY" || c.Constraint?.contype === "CONSTR_UNIQUE") {
            addKeyConstraint(state, table, c.Constraint, [column.colname], ctx);
          }
        }
        break;
      }
      case "AT_DropColumn": {
        table.columns = table.columns.filter((c) => c !== cmd.name);
        // PostgreSQL drops every index (and key constraint) that uses the column.
        for (const index of indexesOfTable(state, table.schema, table.name)) {
          if (index.columns?.some((c) => c.name === cmd.name)) state.indexes.delete(indexKey(index.schema, index.name));
        }
        break;
      }
      case "AT_AddConstraint": {
        const c = cmd.def?.Constraint;
        if (c?.contype === "CONSTR_PRIMARY" || c?.contype === "CONSTR_UNIQUE") addKeyConstraint(state, table, c, stringList(c.keys ?? []), ctx);
        break;
      }
      case "AT_DropConstraint": {
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
      const table = tableOf(state, n.relation);
      if (!table) return;
      table.columns = table.columns.map((c) => (c === n.subname ? n.newname : c));
      for (const index of indexesOfTable(state, table.schema, table.name)) {
        index.columns = index.columns?.map((c) => (c.name === n.subname ? { ...c, name: n.newname } : c)) ?? null;
      }
      return;
    }
    case "OBJECT_TABLE": {
      const table = tableOf(state, n.relation);
      if (!table) return;
      const indexes = indexesOfTable(state, table.schema, table.name);
      state.tables.delete(tableKey(table.schema, table.name));
      table.name = n.newname;
      state.tables.set(tableKey(table.schema, table.name), table);
      for (const index of indexes) index.table = n.newname;
      return;
    }
    case "OBJECT_TABCONSTRAINT":
    case "OBJECT_INDEX": {
      // Renaming a key constraint renames its index, and renaming an index renames its constraint.
      const { schema } = relationName(n.relation, DEFAULT_SCHEMA);
      const oldName = n.renameType === "OBJECT_INDEX" ? n.relation.relname : n.subname;
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

function setSchema(state: AppliedState, n: Node, _ctx: StatementContext) {
  const table = tableOf(state, n.relation);
  if (!table) return;
  const indexes = indexesOfTable(state, table.schema, table.name);
  state.tables.delete(tableKey(table.schema, table.name));
  for (const index of indexes) state.indexes.delete(indexKey(index.schema, index.name));
  table.schema = n.newschema;
  state.tables.set(tableKey(table.schema, table.name), table);
  for (const index of indexes) addIndex(state, { ...index, schema: n.newschema });
}

function createIndex(state: AppliedState, n: Node, ctx: StatementContext) {
  const table = tableOf(state, n.relation);
  const { schema, name: tableName } = relationName(n.relation, DEFAULT_SCHEMA);
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
    columns,
    partial: Boolean(n.whereClause),
    constraint: null,
    origin: ctx.migration,
  });
}
