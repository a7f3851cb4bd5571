// Desired foreign keys: each relation field with `fields:` and `references:` (the side that holds
// the key), with Prisma's default name `{table}_{columns}_fkey` and its default actions: ON DELETE
// SET NULL when a key column is optional, else RESTRICT; ON UPDATE CASCADE. The DMMF has no
// `@relation(map: …)`: a mapped name is not visible to a generator (see foreign-key/plan.ts).
import type { DMMF } from "@prisma/generator-helper";
import { prismaIndexName } from "./prisma-names.js";
import type { DesiredForeignKey, DesiredTable, ForeignKeyAction } from "./state.js";

/** Prisma's referential actions (DMMF `relationOnDelete`) in SQL. */
const ACTIONS: Record<string, ForeignKeyAction> = {
  Cascade: "CASCADE", Restrict: "RESTRICT", NoAction: "NO ACTION", SetNull: "SET NULL", SetDefault: "SET DEFAULT",
};

export function desiredForeignKeys(datamodel: DMMF.Datamodel, byModel: ReadonlyMap<string, DesiredTable>): DesiredForeignKey[] {
  const found: DesiredForeignKey[] = [];
  for (const model of datamodel.models) {
    const table = byModel.get(model.name);
    if (!table) continue;
    for (const field of model.fields) {
      const from = field.relationFromFields ?? [];
      const to = field.relationToFields ?? [];
      const referenced = byModel.get(field.type);
      if (field.kind !== "object" || from.length === 0 || from.length !== to.length || !referenced) continue;
      const keyFields = from.map((name) => model.fields.find((f) => f.name === name));
      const optional = keyFields.some((f) => f && !f.isRequired);
      const columns = from.map((name) => table.columns.get(name) ?? name);
      found.push({
        schema: table.schema,
        table: table.name,
        qualified: table.qualified,
        name: prismaIndexName(table.name, columns, "fkey"),
        columns,
        referenced: { schema: referenced.schema, table: referenced.name, columns: to.map((name) => referenced.columns.get(name) ?? name) },
        referencedQualified: referenced.qualified,
        onDelete: (field.relationOnDelete && ACTIONS[field.relationOnDelete]) || (optional ? "SET NULL" : "RESTRICT"),
        onUpdate: (field.relationOnUpdate && ACTIONS[field.relationOnUpdate]) || "CASCADE",
        source: `${model.name}.${field.name} @relation(fields: [${from.join(", ")}], references: [${to.join(", ")}])`,
      });
    }
  }
  return found;
}
