// The database shape this tool reasons about: tables, their columns and their indexes. Both the
// applied state (replayed from the migration history) and the desired state (from the Prisma
// schema) are expressed in these terms so they can be compared.

export const DEFAULT_SCHEMA = "public";
/** The session's own schema, where temporary tables (and their indexes) live. */
export const TEMP_SCHEMA = "pg_temp";

/** PostgreSQL index access methods Prisma can write (`type:` BTree, Hash, Gist, Gin, SpGist, Brin). */
export type IndexMethod = "btree" | "hash" | "gist" | "gin" | "spgist" | "brin";
export const INDEX_METHODS: readonly IndexMethod[] = ["btree", "hash", "gist", "gin", "spgist", "brin"];

export interface IndexColumn {
  name: string;
  desc: boolean;
  /** SQL operator class name (`jsonb_path_ops`); null or absent: the column type's default. */
  opclass?: string | null;
  /** `ASC` written out (Prisma writes it for `sort: Asc`): the default order, kept only to spell SQL as Prisma does. */
  ascWritten?: boolean;
}

export interface AppliedIndex {
  schema: string;
  table: string;
  name: string;
  unique: boolean;
  /** Access method as PostgreSQL names it (`btree` when not written); may be one Prisma cannot write. */
  method: string;
  /** null when an element is an expression rather than a column. */
  columns: IndexColumn[] | null;
  /** INCLUDE columns (null entries cannot occur: INCLUDE takes column names only). */
  include: string[];
  partial: boolean;
  nullsNotDistinct: boolean;
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
  /** A partitioned table's key columns (`PARTITION BY RANGE (day)`), null when an element is an expression. */
  partitionKey?: string[] | null;
  /** Set while the table is a partition (PARTITION OF, ATTACH PARTITION; DETACH clears it). */
  partitionOf?: PartitionOf;
  /** Migration folder that created the table. */
  origin: string;
  /** Set for a temporary table: it lives in TEMP_SCHEMA and is gone when the migration's session ends. */
  temporary?: TemporaryLife;
  /** Columns declared NOT NULL (NOT NULL, PRIMARY KEY, SET NOT NULL); absent when nothing is known (hand-made models). */
  notNull?: Set<string>;
  /** CHECK (column IS NOT NULL) constraints by name: one that is valid lets SET NOT NULL skip its scan (PostgreSQL 12+). */
  notNullChecks?: Map<string, NotNullCheck>;
}

/** A `CHECK (column IS NOT NULL)` constraint; `valid` false while it is NOT VALID. */
export interface NotNullCheck {
  column: string;
  valid: boolean;
}

/** Whether a column is proven not null: declared NOT NULL, or a valid CHECK (column IS NOT NULL) holds. */
export function provenNotNull(table: AppliedTable, column: string): boolean {
  if (table.notNull?.has(column)) return true;
  return [...(table.notNullChecks?.values() ?? [])].some((c) => c.valid && c.column === column);
}

/** The parent a partition belongs to. */
export interface PartitionOf {
  schema: string;
  name: string;
  /** `PARTITION OF … DEFAULT`: it takes the rows no other partition's bounds take. */
  isDefault: boolean;
}

/** The partitions of a table, in the order the history made them partitions. */
export function partitionsOf(state: AppliedState, table: { schema: string; name: string }): AppliedTable[] {
  return [...state.tables.values()].filter((t) => t.partitionOf?.schema === table.schema && t.partitionOf.name === table.name);
}

/** How long a temporary table lives within its migration. */
export interface TemporaryLife {
  /** ON COMMIT DROP: gone when its transaction ends. */
  onCommitDrop: boolean;
  /** Created inside an explicit BEGIN … COMMIT of the file (else its transaction depends on the engine). */
  inTransactionBlock: boolean;
  /** Line of the CREATE, for messages. */
  line: number;
}

export interface AppliedState {
  schemas: Set<string>;
  tables: Map<string, AppliedTable>;
  /** Keyed by schema and index name: index names are unique within a schema. */
  indexes: Map<string, AppliedIndex>;
  /** Keyed by foreignKeyKey (schema, table, name): constraint names are unique within a table. */
  foreignKeys: Map<string, AppliedForeignKey>;
  /** Whether the migration being replayed is inside an explicit BEGIN … COMMIT right now. */
  inTransactionBlock: boolean;
  /** Statements whose effect the replay cannot follow (a DO block, EXECUTE …), in history order. */
  unfollowed: Unfollowed[];
}

/** A place the history cannot be followed through: what may have changed there is not in this model. */
export interface Unfollowed {
  migration: string;
  line: number;
  /** What the statement is, for messages: "a DO block". */
  what: string;
}

export const tableKey = (schema: string, table: string) => `${schema}\u0000${table}`;
export const indexKey = tableKey;
export const foreignKeyKey = (schema: string, table: string, name: string) => `${schema}\u0000${table}\u0000${name}`;

/** ON DELETE / ON UPDATE as SQL writes them. */
export type ForeignKeyAction = "NO ACTION" | "RESTRICT" | "CASCADE" | "SET NULL" | "SET DEFAULT";

/** What a foreign key is apart from its name and validity: both sides and the actions. */
export interface ForeignKeyDefinition {
  schema: string;
  table: string;
  columns: string[];
  referenced: { schema: string; table: string; columns: string[] };
  onDelete: ForeignKeyAction;
  onUpdate: ForeignKeyAction;
}

export interface AppliedForeignKey extends ForeignKeyDefinition {
  name: string;
  /** False for a NOT VALID constraint that no VALIDATE CONSTRAINT has checked yet. */
  valid: boolean;
  /** Migration folder that added the constraint. */
  origin: string;
}

/** Same columns on both sides and same actions (names aside): what Prisma's diff compares. */
export function sameForeignKey(a: ForeignKeyDefinition, b: ForeignKeyDefinition): boolean {
  const same = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((c, i) => c === y[i]);
  return a.schema === b.schema && a.table === b.table && same(a.columns, b.columns) &&
    a.referenced.schema === b.referenced.schema && a.referenced.table === b.referenced.table && same(a.referenced.columns, b.referenced.columns) &&
    a.onDelete === b.onDelete && a.onUpdate === b.onUpdate;
}

export function foreignKeysOfTable(state: AppliedState, schema: string, table: string): AppliedForeignKey[] {
  return [...state.foreignKeys.values()].filter((f) => f.schema === schema && f.table === table);
}

export function emptyState(): AppliedState {
  return { schemas: new Set([DEFAULT_SCHEMA]), tables: new Map(), indexes: new Map(), foreignKeys: new Map(), inTransactionBlock: false, unfollowed: [] };
}

/**
 * Where a name written in a statement points, as PostgreSQL resolves it: a temporary table (or
 * index) shadows a permanent one of the same name for an unqualified name, because the session's
 * temporary schema is searched first. `pg_temp.x` names the temporary one explicitly.
 */
export function resolveRelation(state: AppliedState, schema: string | undefined, name: string, kind: "table" | "index"): { schema: string; name: string } {
  if (schema === TEMP_SCHEMA || schema?.startsWith("pg_temp_")) return { schema: TEMP_SCHEMA, name };
  if (schema) return { schema, name };
  const temporary = kind === "table" ? state.tables.has(tableKey(TEMP_SCHEMA, name)) : state.indexes.has(indexKey(TEMP_SCHEMA, name));
  return { schema: temporary ? TEMP_SCHEMA : DEFAULT_SCHEMA, name };
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
  /** Column db names of required scalar fields (`String`, not `String?`, not a list): NOT NULL in the database. */
  required?: Set<string>;
}

/** The declaration of any index: `@@index`, `@@unique` or `@unique`, with `type:`, `ops:` and `sort:`. */
export interface IndexSource extends UniqueSource {
  attribute: "@@index" | "@@unique" | "@unique";
  fields: Array<{ name: string; desc: boolean; ascWritten?: boolean; ops?: string | null }>;
  /** `type:` as written (Prisma's algorithm name, `Gin`), null when absent (BTree). */
  type: string | null;
}

/** A unique or a plain index the schema declares, with its full definition. */
export interface DesiredIndex extends DesiredUnique {
  unique: boolean;
  method: IndexMethod;
  source: IndexSource;
}

/** A relation's foreign key the schema declares (`@relation(fields: …, references: …)`), with Prisma's name and actions. */
export interface DesiredForeignKey extends ForeignKeyDefinition {
  name: string;
  qualified: boolean;
  referencedQualified: boolean;
  /** `Click.sourceAd @relation(fields: [sourceAdId], references: [id])`, for messages. */
  source: string;
}

export interface DesiredState {
  tables: Map<string, DesiredTable>;
  /** Every relation's foreign key (on the side that holds `fields:`); absent when the caller built the state without them. */
  foreignKeys?: DesiredForeignKey[];
  /** The schema's uniques (also in `indexes`), for callers that handle uniques only. */
  uniques: DesiredUnique[];
  /** Every `@@index`, `@@unique` and `@unique` (not `@id`, not `@@fulltext`), in schema order. */
  indexes: DesiredIndex[];
}

export function describeSource(source: UniqueSource | IndexSource): string {
  const fields = source.fields.map((f) => describeField(f));
  const map = source.map ? `, map: "${source.map}"` : "";
  if (source.onField) return `${source.model}.${fields[0]} @unique${source.map ? `(map: "${source.map}")` : ""}`;
  const attribute = "attribute" in source ? source.attribute : "@@unique";
  const type = "type" in source && source.type ? `, type: ${source.type}` : "";
  return `${source.model} ${attribute}([${fields.join(", ")}]${type}${map})`;
}

function describeField(f: IndexSource["fields"][number]): string {
  const args = [f.desc ? "sort: Desc" : f.ascWritten ? "sort: Asc" : null, f.ops ? `ops: ${f.ops}` : null].filter(Boolean);
  return args.length ? `${f.name}(${args.join(", ")})` : f.name;
}
