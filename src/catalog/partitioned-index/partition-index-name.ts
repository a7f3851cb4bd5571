// The name of the index built on one partition (or on a sub-partitioned partition) for a parent's
// index. It must fit PostgreSQL's 63 bytes, be the same on every re-plan (written folders must not
// change), never clash with a name a user or PostgreSQL picks (PostgreSQL's own partition indexes
// end in _idx/_key), and be recognisable by watch and doctor. The hash covers the partition, the
// parent index and its definition, so two partitions (or two changes) never share a name.
import { createHash } from "node:crypto";
import { truncateUtf8 } from "../../core/prisma-names.js";
import { methodAndColumnsSql, type IndexDefinition } from "../index-definition.js";

const MARK = "_pcp_";
const HASH_LENGTH = 8;
/** 50 + `_pcp_` (5) + 8 hex = 63 bytes, PostgreSQL's identifier limit. */
const PREFIX_BYTES = 50;

/** `${first 50 bytes of "<partition>_<parent index>"}_pcp_${8 hex of sha256(…)}`. */
export function partitionIndexName(partition: { schema: string; name: string }, parentIndex: string, definition: IndexDefinition): string {
  const text = `${partition.schema}.${partition.name}\0${parentIndex}\0${definition.unique ? "UNIQUE " : ""}${methodAndColumnsSql(definition)}`;
  const hash = createHash("sha256").update(text, "utf8").digest("hex").slice(0, HASH_LENGTH);
  return `${truncateUtf8(`${partition.name}_${parentIndex}`, PREFIX_BYTES)}${MARK}${hash}`;
}

const PARTITION_INDEX = new RegExp(`${MARK}[0-9a-f]{${HASH_LENGTH}}$`);

/** Whether a name is one partitionIndexName writes. */
export const isPartitionIndexName = (name: string) => PARTITION_INDEX.test(name);
