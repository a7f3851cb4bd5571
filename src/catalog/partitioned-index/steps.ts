// partitioned-index: the steps of PostgreSQL's recipe for an index on a partitioned table, which
// refuses CREATE INDEX CONCURRENTLY (0A000):
// - index-on-only: `CREATE [UNIQUE] INDEX … ON ONLY <table>`: the table's own index, INVALID, no
//   build (the root's under Prisma's name; a sub-partitioned partition's under a partition name);
// - partition-build: `CREATE [UNIQUE] INDEX CONCURRENTLY` on one leaf partition, alone in its folder;
// - partition-attach: `ALTER INDEX <parent's> ATTACH PARTITION <partition's>`: a catalog change;
//   the parent's index turns valid once every partition has one attached;
// - drop-partitioned-index: `DROP INDEX` (PostgreSQL refuses CONCURRENTLY there), brief.
import { CONCURRENT_BUILD, type LockTaken } from "../locks.js";
import type { StepSpec, StepTarget } from "../operation.js";
import { doBlock, quoteIdent, quoteLiteral } from "../../sql/quote.js";
import { lockStep } from "../sql-shapes.js";
import { definitionSql, methodAndColumnsSql, type IndexDefinition } from "../index-definition.js";
import { partitionedIndexMessages as text } from "../../messages/operations/partitioned-index.js";
import { attachPartitionRead, concurrentBuildRead, dropIndexRead, indexOnOnlyRead, verifyRead } from "../read-back.js";

/** What the whole change builds: Prisma's index on the root table of the tree. */
export interface PartitionedIndex {
  schema: string;
  table: string;
  qualified: boolean;
  name: string;
  definition: IndexDefinition;
  /** What declares it, for messages: `Event @@index([kind])`, or the statement's table and name. */
  source: string;
}

/** An index on one table of the tree: the root's (Prisma's name) or a partition's. */
export interface TreeIndex {
  schema: string;
  table: string;
  name: string;
}

export type IndexOnOnlyStep = { kind: "index-on-only"; index: PartitionedIndex; on: TreeIndex };
/** `position` of `total`: the leaf builds of one change, for the headers and `watch`. */
export type PartitionBuildStep = { kind: "partition-build"; index: PartitionedIndex; on: TreeIndex; position: number; total: number };
export type PartitionAttachStep = { kind: "partition-attach"; index: PartitionedIndex; parent: TreeIndex; on: TreeIndex };
export type DropPartitionedIndexStep = { kind: "drop-partitioned-index"; index: StepTarget };
/** Last: fails the deploy, naming them, when partitions the history does not know (made by the application) leave the index INVALID. */
export type PartitionVerifyStep = { kind: "partition-verify"; index: PartitionedIndex };

/** Outside the root's schema a partition's names are always qualified. */
const qualified = (index: PartitionedIndex, at: TreeIndex) => index.qualified || at.schema !== index.schema;
const nameSql = (index: PartitionedIndex, at: TreeIndex, name: string) => `${qualified(index, at) ? `${quoteIdent(at.schema)}.` : ""}${quoteIdent(name)}`;
const target = (index: PartitionedIndex, at: TreeIndex): StepTarget => ({ schema: at.schema, table: at.table, name: at.name, qualified: qualified(index, at) });
const shownTable = (index: PartitionedIndex, at: { schema: string; table: string }) => (index.qualified || at.schema !== index.schema ? `${at.schema}.${at.table}` : at.table);

/** CREATE INDEX … ON ONLY: SHARE on the table itself (not its partitions) for a catalog change. */
const ON_ONLY_LOCKS: readonly LockTaken[] = [{ on: "table", mode: "SHARE", held: "brief", waitsForOlderTransactions: false }];
/**
 * ALTER INDEX … ATTACH PARTITION (verified in pg_locks, PostgreSQL 15 and 18): ACCESS EXCLUSIVE on
 * the partition's index, SHARE UPDATE EXCLUSIVE on the parent's index, ACCESS SHARE on both tables.
 */
const ATTACH_LOCKS: readonly LockTaken[] = [{ on: "index", mode: "ACCESS EXCLUSIVE", held: "brief", waitsForOlderTransactions: false }];
/** DROP INDEX of a partitioned index: ACCESS EXCLUSIVE on the table, every partition and every index of the tree; no scan. */
const DROP_LOCKS: readonly LockTaken[] = [{ on: "table", mode: "ACCESS EXCLUSIVE", held: "brief", waitsForOlderTransactions: false }];

export const indexOnOnlyStep: StepSpec<IndexOnOnlyStep> = {
  kind: "index-on-only",
  word: "index_on_only",
  alone: false,
  locks: ON_ONLY_LOCKS,
  target: (s) => target(s.index, s.on),
  sql: (s, ctx) => {
    const table = `${qualified(s.index, s.on) ? `${quoteIdent(s.on.schema)}.` : ""}${quoteIdent(s.on.table)}`;
    const create = `CREATE ${s.index.definition.unique ? "UNIQUE " : ""}INDEX ${quoteIdent(s.on.name)} ON ONLY ${table}${methodAndColumnsSql(s.index.definition)};`;
    return lockStep(ctx, create);
  },
  header: (s, ctx) => text.onOnlyHeader({ ...names(s.index, s.on), root: s.on.name === s.index.name }, ON_ONLY_LOCKS, ctx),
  describe: (s) => text.describeOnOnly(s.on.name, shownTable(s.index, s.on), s.index.source),
  readBack: indexOnOnlyRead,
};

export const partitionBuildStep: StepSpec<PartitionBuildStep> = {
  kind: "partition-build",
  word: "index_partition",
  alone: true,
  locks: [CONCURRENT_BUILD],
  target: (s) => target(s.index, s.on),
  sql: (s) => `${definitionSql(s.index.definition, { concurrently: true, name: s.on.name, table: { schema: s.on.schema, name: s.on.table, qualified: qualified(s.index, s.on) } })}\n`,
  header: (s, ctx) => text.buildHeader({ ...names(s.index, s.on), position: s.position, total: s.total, indexSql: nameSql(s.index, s.on, s.on.name) }, partitionBuildStep.locks, ctx.folder),
  describe: (s) => text.describeBuild(s.on.name, shownTable(s.index, s.on), s.position, s.total),
  readBack: concurrentBuildRead,
};

export const partitionAttachStep: StepSpec<PartitionAttachStep> = {
  kind: "partition-attach",
  word: "attach_partition_index",
  alone: false,
  locks: ATTACH_LOCKS,
  target: (s) => target(s.index, s.on),
  sql: (s, ctx) => lockStep(ctx, `ALTER INDEX ${nameSql(s.index, s.parent, s.parent.name)} ATTACH PARTITION ${nameSql(s.index, s.on, s.on.name)};`),
  header: (s, ctx) => text.attachHeader({ ...names(s.index, s.on), parent: s.parent.name, root: s.parent.name === s.index.name }, ATTACH_LOCKS, ctx),
  describe: (s) => text.describeAttach(s.on.name, s.parent.name),
  readBack: attachPartitionRead,
};

const regclass = (schema: string, name: string) => quoteLiteral(`${quoteIdent(schema)}.${quoteIdent(name)}`);

export const partitionVerifyStep: StepSpec<PartitionVerifyStep> = {
  kind: "partition-verify",
  word: "verify_partitioned_index",
  alone: false,
  locks: [],
  target: (s) => target(s.index, { schema: s.index.schema, table: s.index.table, name: s.index.name }),
  sql: (s, ctx) => {
    const index = regclass(s.index.schema, s.index.name);
    const esc = (x: string) => x.replace(/%/g, "%%"); // format()'s only placeholder is the template's %s
    const message = text.verifyFailure(esc(s.index.name), esc(shownTable(s.index, s.index)), esc(ctx.folder));
    return doBlock(`DECLARE
  missing text;
BEGIN
  IF (SELECT indisvalid FROM pg_index WHERE indexrelid = ${index}::regclass) THEN
    RETURN;
  END IF;
  SELECT string_agg(format('%I.%I', n.nspname, c.relname), ', ' ORDER BY c.relname) INTO missing
    FROM pg_inherits h
    JOIN pg_class c ON c.oid = h.inhrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE h.inhparent = ${regclass(s.index.schema, s.index.table)}::regclass
     AND NOT EXISTS (SELECT FROM pg_inherits hi JOIN pg_index pi ON pi.indexrelid = hi.inhrelid
                      WHERE hi.inhparent = ${index}::regclass AND pi.indrelid = h.inhrelid AND pi.indisvalid);
  RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state', MESSAGE = format(${quoteLiteral(message)}, missing);
END`, "prisma_concurrently") + "\n";
  },
  header: (s) => text.verifyHeader(s.index.name, shownTable(s.index, s.index)),
  describe: (s) => text.describeVerify(s.index.name),
  readBack: verifyRead,
};

export const dropPartitionedIndexStep: StepSpec<DropPartitionedIndexStep> = {
  kind: "drop-partitioned-index",
  word: "drop_partitioned_index",
  alone: false,
  locks: DROP_LOCKS,
  target: (s) => s.index,
  sql: (s, ctx) => lockStep(ctx, `DROP INDEX ${s.index.qualified ? `${quoteIdent(s.index.schema)}.` : ""}${quoteIdent(s.index.name)};`),
  header: (s, ctx) => text.dropHeader({ name: s.index.name, table: s.index.qualified ? `${s.index.schema}.${s.index.table}` : s.index.table }, DROP_LOCKS, ctx),
  describe: (s) => text.describeDrop(s.index.name, s.index.table),
  readBack: dropIndexRead,
};

function names(index: PartitionedIndex, at: TreeIndex) {
  return { name: at.name, table: shownTable(index, at), rootName: index.name, rootTable: shownTable(index, index), source: index.source, unique: index.definition.unique };
}
