// The database shape this tool reasons about: tables, their columns and their indexes. Both the
// applied state (replayed from the migration history) and the desired state (from the Prisma
// schema) are expressed in these terms so they can be compared.

export const DEFAULT_SCHEMA = "public";

export interface IndexColumn {
  name: string;
  desc: boolean;
}

export interface AppliedIndex {
  schema: string;
  table: string;
  name: string;
  unique: boolean;
  /** null when an element is an expression rather than a column. */
  columns: IndexColumn[] | null;
  partial: boolean;
  /** The constraint that owns the index, if any: its kind (the name equals the index name). */
  constraint: "unique" | "primary" | null;
  /** Migration folder that created the index (or attached its constraint, for a constraint). */
  origin: string;
}

export interface AppliedTable {
  schema: string;
  name: string;
  columns: string[];
  partitioned: boolean;
  /** Migration folder that created the table. */
  origin: string;
}

export interface AppliedState {
  schemas: Set<string>;
  tables: Map<string, AppliedTable>;
  /** Keyed by schema and index name: index names are unique within a schema. */
  indexes: Map<string, AppliedIndex>;
}

export const tableKey = (schema: string, table: string) => `${schema}\u0000${table}`;
export const indexKey = tableKey;

export function emptyState(): AppliedState {
  return { schemas: new Set([DEFAULT_SCHEMA]), tables: new Map(), indexes: new Map() };
}

export function indexesOfTable(state: AppliedState, schema: string, table: string): AppliedIndex[] {
  const found: AppliedIndex[] = [];
  for (const index of state.indexes.values()) if (index.schema === schema && index.table === table) found.push(index);
  return found;
}

/** Every table's indexes (keyed by tableKey), in one pass: for callers that ask for many tables. */
export function indexesByTable(state: AppliedState): Map<string, AppliedIndex[]> {
  const byTable = new Map<string, AppliedIndex[]>();
  for (const index of state.indexes.values()) {
    const key = tableKey(index.schema, index.table);
    const list = byTable.get(key);
    if (list) list.push(index);
    else byTable.set(key, [index]);
  }
  return byTable;
}

export function sameColumns(a: readonly IndexColumn[] | null, b: readonly IndexColumn[] | null): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return a.every((c, i) => c.name === b[i]!.name && c.desc === b[i]!.desc);
}

/** The declaration a user wrote, e.g. `ImpressionCounter @@unique([adId, impressionDate])`. */
export interface UniqueSource {
  model: string;
  fields: Array<{ name: string; desc: boolean }>;
  onField: boolean;
  map: string | null;
}

export interface DesiredUnique {
  schema: string;
  table: string;
  /** Whether the model lives outside the default schema (`@@schema`): then Prisma qualifies names in SQL. */
  qualified: boolean;
  name: string;
  columns: IndexColumn[];
  source: UniqueSource;
}

export interface DesiredTable {
  schema: string;
  name: string;
  model: string;
  qualified: boolean;
  /** Column db names by Prisma field name. */
  columns: Map<string, string>;
}

export interface DesiredState {
  tables: Map<string, DesiredTable>;
  uniques: DesiredUnique[];
}

export function describeSource(source: UniqueSource): string {
  const fields = source.fields.map((f) => (f.desc ? `${f.name}(sort: Desc)` : f.name));
  const map = source.map ? `, map: "${source.map}"` : "";
  if (source.onField) return `${source.model}.${fields[0]} @unique${source.map ? `(map: "${source.map}")` : ""}`;
  return `${source.model} @@unique([${fields.join(", ")}]${map})`;
}
