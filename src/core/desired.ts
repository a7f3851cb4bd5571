// Desired state: what the Prisma schema (as DMMF) asks the database to have: tables, their columns,
// and every unique and `@@index` with Prisma's own names (`map:` or the default name rule).
import type { DMMF } from "@prisma/generator-helper";
import { prismaOpclassSql, prismaOpsArgument } from "../catalog/prisma-opclasses.js";
import { prismaIndexName } from "./prisma-names.js";
import { DEFAULT_SCHEMA, INDEX_METHODS, tableKey, type DesiredIndex, type DesiredState, type DesiredTable, type IndexMethod } from "./state.js";
import { desiredForeignKeys } from "./desired-foreign-keys.js";

type Datamodel = DMMF.Datamodel;

export function desiredFromDatamodel(datamodel: Datamodel): DesiredState {
  const tables = new Map<string, DesiredTable>();
  const byModel = new Map<string, DesiredTable>();
  for (const model of datamodel.models) {
    const schema = model.schema ?? DEFAULT_SCHEMA;
    const table: DesiredTable = {
      schema,
      name: model.dbName ?? model.name,
      model: model.name,
      // Prisma qualifies names outside the default schema only.
      qualified: model.schema != null && model.schema !== DEFAULT_SCHEMA,
      columns: new Map(
        model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum").map((f) => [f.name, f.dbName ?? f.name]),
      ),
      // Prisma writes a list (`String[]`) as a nullable array column, whatever DMMF's isRequired says.
      required: new Set(
        model.fields.filter((f) => (f.kind === "scalar" || f.kind === "enum") && f.isRequired && !f.isList).map((f) => f.dbName ?? f.name),
      ),
    };
    tables.set(tableKey(schema, table.name), table);
    byModel.set(model.name, table);
  }

  const indexes: DesiredIndex[] = [];
  for (const index of datamodel.indexes) {
    // `id` is the primary key, `fulltext` is MySQL's: neither is an index this tool plans.
    if (index.type !== "unique" && index.type !== "normal") continue;
    const table = byModel.get(index.model);
    if (!table) continue;
    const unique = index.type === "unique";
    const method = methodOf(index.algorithm);
    if (!method) continue; // a type Prisma does not write on PostgreSQL: leave it to Prisma
    const columns = index.fields.map((f) => ({
      name: table.columns.get(f.name) ?? f.name,
      desc: f.sortOrder === "desc",
      // Only what the schema writes, so a plain unique's columns stay `{ name, desc }`.
      ...(f.sortOrder === "asc" ? { ascWritten: true } : {}),
      ...(f.operatorClass ? { opclass: prismaOpclassSql(f.operatorClass) } : {}),
    }));
    indexes.push({
      schema: table.schema,
      table: table.name,
      qualified: table.qualified,
      name: index.dbName ?? prismaIndexName(table.name, columns.map((c) => c.name), unique ? "key" : "idx"),
      unique,
      method,
      columns,
      source: {
        model: index.model,
        attribute: !unique ? "@@index" : index.isDefinedOnField ? "@unique" : "@@unique",
        fields: index.fields.map((f) => ({
          name: f.name,
          desc: f.sortOrder === "desc",
          ...(f.sortOrder === "asc" ? { ascWritten: true } : {}),
          ...(f.operatorClass ? { ops: prismaOpsArgument(f.operatorClass) } : {}),
        })),
        onField: index.isDefinedOnField,
        map: index.dbName ?? null,
        type: index.algorithm ?? null,
      },
    });
  }
  return { tables, uniques: indexes.filter((i) => i.unique), indexes, foreignKeys: desiredForeignKeys(datamodel, byModel) };
}

/** The access method of a DMMF `algorithm` (`Gin`, `SpGist`; absent = BTree). */
function methodOf(algorithm: string | undefined): IndexMethod | null {
  const method = (algorithm ?? "BTree").toLowerCase();
  return (INDEX_METHODS as readonly string[]).includes(method) ? (method as IndexMethod) : null;
}
