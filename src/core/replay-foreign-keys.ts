// The replay's foreign keys: added inline (`REFERENCES` in CREATE TABLE / ADD COLUMN) or as a table
// constraint, NOT VALID until a VALIDATE CONSTRAINT, dropped with their constraint, column or
// table, and followed through renames. replay.ts calls these from its statement handlers; kept
// apart so the model of tables and indexes stays readable.
import { relationName, stringList, type Node } from "../sql/parse.js";
import { postgresObjectName } from "./pg-names.js";
import {
  DEFAULT_SCHEMA,
  foreignKeyKey,
  foreignKeysOfTable,
  resolveRelation,
  tableKey,
  type AppliedState,
  type AppliedTable,
  type ForeignKeyAction,
} from "./state.js";

/** PostgreSQL's one-letter action codes in the parse tree (`fk_del_action`). */
const ACTIONS: Record<string, ForeignKeyAction> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };
export const actionOf = (code: string | undefined): ForeignKeyAction => ACTIONS[code ?? "a"] ?? "NO ACTION";

/** The primary key columns of a table, for a REFERENCES that names no column. */
function primaryKeyColumns(state: AppliedState, schema: string, table: string): string[] {
  for (const index of state.indexes.values()) {
    if (index.schema === schema && index.table === table && index.constraint === "primary") return (index.columns ?? []).map((c) => c.name);
  }
  return [];
}

/**
 * A FOREIGN KEY constraint node of `table` (`columns`: the column it is written on, for an inline
 * REFERENCES). `valid`: false for NOT VALID (`skip_validation`).
 */
export function addForeignKey(state: AppliedState, table: AppliedTable, constraint: Node, migration: string, columns?: string[]): void {
  const fkColumns = columns ?? stringList(constraint.fk_attrs ?? []);
  const referenced = resolveRelation(state, constraint.pktable.schemaname, constraint.pktable.relname, "table");
  const pkColumns = stringList(constraint.pk_attrs ?? []);
  const name = constraint.conname ?? postgresObjectName(table.name, fkColumns, "fkey");
  state.foreignKeys.set(foreignKeyKey(table.schema, table.name, name), {
    schema: table.schema,
    table: table.name,
    name,
    columns: fkColumns,
    referenced: {
      schema: referenced.schema,
      table: referenced.name,
      columns: pkColumns.length ? pkColumns : primaryKeyColumns(state, referenced.schema, referenced.name),
    },
    onDelete: actionOf(constraint.fk_del_action),
    onUpdate: actionOf(constraint.fk_upd_action),
    valid: !constraint.skip_validation,
    origin: migration,
  });
}

export const isForeignKey = (c: Node | undefined) => c?.contype === "CONSTR_FOREIGN";

/** ALTER TABLE … VALIDATE CONSTRAINT: a NOT VALID foreign key becomes valid. */
export function validateForeignKey(state: AppliedState, table: AppliedTable, name: string): void {
  const fk = state.foreignKeys.get(foreignKeyKey(table.schema, table.name, name));
  if (fk) fk.valid = true;
}

export function dropForeignKey(state: AppliedState, table: AppliedTable, name: string): void {
  state.foreignKeys.delete(foreignKeyKey(table.schema, table.name, name));
}

/** A dropped column takes along the foreign keys on it, and (CASCADE) those that reference it. */
export function dropColumnForeignKeys(state: AppliedState, table: AppliedTable, column: string): void {
  for (const [key, fk] of state.foreignKeys) {
    const own = fk.schema === table.schema && fk.table === table.name && fk.columns.includes(column);
    const referencing = fk.referenced.schema === table.schema && fk.referenced.table === table.name && fk.referenced.columns.includes(column);
    if (own || referencing) state.foreignKeys.delete(key);
  }
}

/** A dropped table takes along its foreign keys and (CASCADE) those that reference it. */
export function dropTableForeignKeys(state: AppliedState, table: AppliedTable): void {
  for (const [key, fk] of state.foreignKeys) {
    const own = fk.schema === table.schema && fk.table === table.name;
    const referencing = fk.referenced.schema === table.schema && fk.referenced.table === table.name;
    if (own || referencing) state.foreignKeys.delete(key);
  }
}

export function renameColumnForeignKeys(state: AppliedState, table: AppliedTable, from: string, to: string): void {
  const rename = (cs: string[]) => cs.map((c) => (c === from ? to : c));
  for (const fk of state.foreignKeys.values()) {
    if (fk.schema === table.schema && fk.table === table.name) fk.columns = rename(fk.columns);
    if (fk.referenced.schema === table.schema && fk.referenced.table === table.name) fk.referenced.columns = rename(fk.referenced.columns);
  }
}

/** A table moves (RENAME TO, SET SCHEMA): its foreign keys and the references to it follow. */
export function moveTableForeignKeys(state: AppliedState, from: { schema: string; name: string }, to: { schema: string; name: string }): void {
  for (const [key, fk] of [...state.foreignKeys]) {
    if (fk.referenced.schema === from.schema && fk.referenced.table === from.name) fk.referenced = { ...fk.referenced, schema: to.schema, table: to.name };
    if (fk.schema !== from.schema || fk.table !== from.name) continue;
    state.foreignKeys.delete(key);
    fk.schema = to.schema;
    fk.table = to.name;
    state.foreignKeys.set(foreignKeyKey(fk.schema, fk.table, fk.name), fk);
  }
}

/** ALTER TABLE … RENAME CONSTRAINT of a foreign key; false when the constraint is not one. */
export function renameForeignKey(state: AppliedState, relation: Node, from: string, to: string): boolean {
  const { schema, name } = relation.schemaname ? relationName(relation, DEFAULT_SCHEMA) : resolveRelation(state, undefined, relation.relname, "table");
  if (!state.tables.has(tableKey(schema, name))) return false;
  const fk = foreignKeysOfTable(state, schema, name).find((f) => f.name === from);
  if (!fk) return false;
  state.foreignKeys.delete(foreignKeyKey(schema, name, from));
  fk.name = to;
  state.foreignKeys.set(foreignKeyKey(schema, name, to), fk);
  return true;
}
