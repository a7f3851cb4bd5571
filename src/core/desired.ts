// Desired state: what the Prisma schema (as DMMF) asks the database to have.
import type { DMMF } from "@prisma/generator-helper";
import { defaultUniqueName } from "./prisma-names.js";
import { DEFAULT_SCHEMA, tableKey, type DesiredState, type DesiredTable, type DesiredUnique } from "./state.js";

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
    };
    tables.set(tableKey(schema, table.name), table);
    byModel.set(model.name, table);
  }

  const uniques: DesiredUnique[] = [];
  for (const index of datamodel.indexes) {
    if (index.type !== "unique") continue;
    const table = byModel.get(index.model);
    if (!table) continue;
    const columns = index.fields.map((f) => ({
      name: table.columns.get(f.name) ?? f.name,
      desc: f.sortOrder === "desc",
    }));
    uniques.push({
      schema: table.schema,
      table: table.name,
      qualified: table.qualified,
      name: index.dbName ?? defaultUniqueName(table.name, columns.map((c) => c.name)),
      columns,
      source: {
        model: index.model,
        fields: index.fields.map((f) => ({ name: f.name, desc: f.sortOrder === "desc" })),
        onField: index.isDefinedOnField,
        map: index.dbName ?? null,
      },
    });
  }
  return { tables, uniques };
}
