// Which keys `duplicates` checks: the schema's uniques (those the live database does not enforce
// yet are pending), or the one key named with `--model M --fields a,b`. Pure: model and field
// names are resolved against the desired state the project's own Prisma produced.
import type { DesiredStateJson, DesiredTableJson } from "../core/desired-json.js";
import { describeSource, type DesiredUnique } from "../core/state.js";
import { UserError } from "../messages/user-error.js";
import { duplicatesMessages } from "../messages/duplicates.js";

export interface KeyTarget {
  /** How the user wrote it: `ImpressionCounter @@unique([adId, impressionDate])`. */
  label: string;
  model: string;
  /** Prisma field names of the key. */
  fields: string[];
  schema: string;
  table: string;
  /** The model names its schema (`@@schema`): Prisma qualifies the table in SQL. */
  qualified: boolean;
  /** Column db names of the key. */
  columns: string[];
  /** Column db names by Prisma field name (all scalar fields of the model). */
  fieldColumns: Record<string, string>;
  /** Named on the command line (`--model/--fields`) rather than taken from the schema's uniques. */
  explicit: boolean;
  /** The schema's unique on these columns, if it declares one (its migration folders carry its name). */
  unique: DesiredUnique | null;
}

function tableOf(desired: DesiredStateJson, unique: DesiredUnique): DesiredTableJson | undefined {
  return desired.tables.find((t) => t.schema === unique.schema && t.name === unique.table);
}

/** Every unique the schema declares, as a key to check (deduplicated by table and columns). */
export function targetsFromSchema(desired: DesiredStateJson): KeyTarget[] {
  const seen = new Set<string>();
  const targets: KeyTarget[] = [];
  for (const unique of desired.uniques) {
    const id = JSON.stringify([unique.schema, unique.table, unique.columns.map((c) => c.name).sort()]);
    if (seen.has(id)) continue;
    seen.add(id);
    targets.push({
      label: describeSource(unique.source),
      model: unique.source.model,
      fields: unique.source.fields.map((f) => f.name),
      schema: unique.schema,
      table: unique.table,
      qualified: unique.qualified,
      columns: unique.columns.map((c) => c.name),
      fieldColumns: tableOf(desired, unique)?.columns ?? {},
      explicit: false,
      unique,
    });
  }
  return targets;
}

const sameKey = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");

const splitList = (text: string) => text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);

/** A field given by its Prisma name or by its column's db name. */
export function columnOf(fieldColumns: Record<string, string>, name: string): string | null {
  if (Object.hasOwn(fieldColumns, name)) return fieldColumns[name]!;
  return Object.values(fieldColumns).includes(name) ? name : null;
}

/** The key named by `--model M --fields a,b`. */
export function targetFromOptions(desired: DesiredStateJson, model: string, fieldList: string, schemaFile: string): KeyTarget {
  const table = desired.tables.find((t) => t.model === model);
  if (!table) {
    const models = desired.tables.map((t) => t.model);
    throw new UserError(duplicatesMessages.unknownModel(model, schemaFile, models));
  }
  const fields = splitList(fieldList);
  if (fields.length === 0) throw new UserError(duplicatesMessages.noFields(model));
  const columns = fields.map((f) => {
    const column = columnOf(table.columns, f);
    if (!column) throw new UserError(duplicatesMessages.unknownField(model, f, Object.keys(table.columns)));
    return column;
  });
  const fieldNames = columns.map((c) => Object.keys(table.columns).find((f) => table.columns[f] === c)!);
  if (new Set(columns).size !== columns.length) throw new UserError(duplicatesMessages.repeatedField(model, fieldList));
  return {
    label: `${model} (${fieldNames.join(", ")})`,
    model,
    fields: fieldNames,
    schema: table.schema,
    table: table.name,
    qualified: table.qualified,
    columns,
    fieldColumns: table.columns,
    explicit: true,
    unique:
      desired.uniques.find((u) => u.schema === table.schema && u.table === table.name && sameKey(u.columns.map((c) => c.name), columns)) ?? null,
  };
}

/** `--sum a,b`: column db names of the target's table, each checked. */
export function sumColumns(target: KeyTarget, list: string | undefined): string[] {
  if (!list) return [];
  return splitList(list).map((name) => {
    const column = columnOf(target.fieldColumns, name);
    if (!column) throw new UserError(duplicatesMessages.unknownField(target.model, name, Object.keys(target.fieldColumns)));
    if (target.columns.includes(column)) throw new UserError(duplicatesMessages.sumOnKey(target, name));
    return column;
  });
}
