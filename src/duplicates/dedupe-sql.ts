// The dedupe statement `duplicates --sql` prints: one DO block, reviewable, that removes the
// duplicate keys of one table while the application keeps writing to it. Pure text; the tool
// never runs it. How it stays safe on a live table is written into the statement's own comments.
import { doBlock, quoteIdent, quoteLiteral, tableRef } from "../sql/quote.js";
import type { ColumnInfo, ReferenceInfo } from "./catalog.js";
import { notNullFilter } from "./report-sql.js";

export type KeepPolicy = "first" | "last";

export interface DedupeInput {
  /** How the unique was declared, for the header. */
  label: string;
  schema: string;
  table: string;
  qualified: boolean;
  keyColumns: readonly string[];
  primaryKey: readonly ColumnInfo[];
  keep: KeepPolicy;
  /** Columns whose values of the removed rows are added into the kept row. */
  sum: readonly string[];
  /** Groups per transaction. */
  batchGroups: number;
  /** How long one group may wait for its rows' locks before it is skipped. */
  lockTimeout: string;
  referencedBy: readonly ReferenceInfo[];
  /** What the report found, for the header. */
  found?: { duplicateGroups: number; surplusRows: number };
}

/** Above 64 subtransactions a transaction overflows PostgreSQL's per-backend cache (slower snapshots for everyone). */
export const MAX_BATCH_GROUPS = 64;
export const DEFAULT_BATCH_GROUPS = 50;
export const DEFAULT_GROUP_LOCK_TIMEOUT = "2s";

const q = quoteIdent;
const pkVar = (i: number) => `pgc_locked_${i + 1}`;
const pkField = (i: number) => `pk_${i + 1}`;

/** Rows whose primary key is in the given arrays (one per primary key column, same order). */
function pkIn(primaryKey: readonly ColumnInfo[], arrays: string[], alias = ""): string {
  const col = (c: ColumnInfo) => `${alias}${q(c.name)}`;
  if (primaryKey.length === 1) return `${col(primaryKey[0]!)} = ANY (${arrays[0]})`;
  return `(${primaryKey.map(col).join(", ")}) IN (SELECT * FROM unnest(${arrays.join(", ")}))`;
}

const onDeleteWords: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

function referenceNotes(refs: readonly ReferenceInfo[]): string[] {
  if (refs.length === 0) return [];
  const lines = ["", "Foreign keys point at this table:"];
  for (const r of refs) {
    const action = onDeleteWords[r.onDelete] ?? r.onDelete;
    const effect =
      r.onDelete === "c" ? "removing a row DELETES the rows that reference it: repoint them to the kept row first"
        : r.onDelete === "n" || r.onDelete === "d" ? `removing a row sets their reference to ${r.onDelete === "n" ? "NULL" : "its default"}: repoint them first if that matters`
          : "a group whose removed rows are still referenced is skipped (and counted below); repoint them to the kept row first";
    lines.push(`  ${r.table} (${r.constraint}, ON DELETE ${action}): ${effect}.`);
  }
  return lines;
}

export function dedupeSql(input: DedupeInput): string {
  if (input.primaryKey.length === 0) throw new Error("dedupeSql needs a primary key");
  const table = tableRef({ schema: input.schema, name: input.table, qualified: input.qualified });
  const shown = input.qualified ? `${input.schema}.${input.table}` : input.table;
  const pk = input.primaryKey;
  const pkNames = pk.map((c) => q(c.name)).join(", ");
  const keyCols = input.keyColumns.map(q);
  const keyList = input.keyColumns.join(", ");
  const first = input.keep === "first";
  const removedSlice = first ? "[2:pgc_n]" : "[1:pgc_n - 1]";
  const keptIndex = first ? "1" : "pgc_n";
  const removedArrays = pk.map((_, i) => `${pkVar(i)}${removedSlice}`);
  const keptMatch = (alias: string) => pk.map((c, i) => `${alias}${q(c.name)} = ${pkVar(i)}[${keptIndex}]`).join(" AND ");
  const sumList = input.sum.map(q);

  const header = [
    `prisma-concurrently: remove the duplicate keys (${keyList}) of "${shown}"`,
    `before adding ${input.label}.`,
    ...(input.found ? [`When this was written: ${input.found.duplicateGroups} duplicate groups, ${input.found.surplusRows} surplus rows.`] : []),
    "",
    `Policy (--keep ${input.keep}): in each group keep the row with the ${first ? "lowest" : "highest"} primary key (${pk.map((c) => c.name).join(", ")})`,
    "and delete the others.",
    ...(input.sum.length > 0
      ? [`--sum ${input.sum.join(",")}: the removed rows' values of ${input.sum.join(", ")} are added into the kept row, so totals stay the same.`]
      : []),
    "Rows with a NULL in a key column never conflict in a unique index: they are left alone.",
    "",
    "Made to run on a live table:",
    "  * One plain read finds the groups and their primary keys (ACCESS SHARE: reads and writes go on).",
    "  * Each group is then handled on its own: its rows are locked by primary key (SELECT … FOR UPDATE,",
    "    only the rows of that group that still carry the key), " +
      (input.sum.length > 0 ? "the kept row gets the sum, and the others are" : "and the others are"),
    "    deleted. A writer touching one of those rows waits a few milliseconds; no one else waits.",
    ...(input.sum.length > 0
      ? ["    The values are read after the lock, so an increment committed before it is counted, and one",
         "    that comes after waits and then applies to the row it targets (0 rows if that row was removed)."]
      : []),
    `  * COMMIT after every ${input.batchGroups} groups releases the locks: short transactions, no long-held row`,
    `    locks, small WAL bursts. (At most ${MAX_BATCH_GROUPS} groups: each group is a subtransaction.)`,
    `  * A group whose rows stay locked by another transaction longer than ${input.lockTimeout} (lock_timeout),`,
    "    or that is caught in a deadlock, is skipped and counted; nothing of it changes.",
    "  * Re-running it is safe: it only finds what is still duplicated. Rows written after its read are",
    "    not seen; the migration's pre-check catches a duplicate that arrives before the index is built.",
    ...referenceNotes(input.referencedBy),
    "",
    "Run it as a statement of its own, outside a transaction block (COMMIT inside DO needs that):",
    "  psql:    paste it, or `psql -f dedupe.sql` (autocommit, the default; not with -1 or after BEGIN)",
    "  Prisma:  `npx prisma db execute --file dedupe.sql`, or as the ONLY statement of a migration.sql",
    "           (Prisma may send a migration file as one transaction: with a second statement it fails).",
    "Inside a transaction block it stops at its first line with \"invalid transaction termination\",",
    "having changed nothing.",
  ];

  const declarations = [
    `  pgc_batch_groups CONSTANT integer := ${input.batchGroups};  -- groups per transaction (at most ${MAX_BATCH_GROUPS})`,
    `  pgc_lock_timeout CONSTANT text := ${quoteLiteral(input.lockTimeout)};  -- how long one group may wait for its rows`,
    "  pgc_group record;",
    ...pk.map((c, i) => `  ${pkVar(i)} ${c.type}[];  -- ${c.name} of the group's locked rows, in primary key order`),
    "  pgc_n integer;",
    "  pgc_removed bigint;",
    "  pgc_in_batch integer := 0;",
    "  pgc_groups bigint := 0;",
    "  pgc_rows_removed bigint := 0;",
    "  pgc_skipped_locked bigint := 0;",
    "  pgc_skipped_referenced bigint := 0;",
  ];

  const groupSelect = [
    `    SELECT ${input.keyColumns.map((c, i) => `${q(c)} AS key_${i + 1}`).join(", ")},`,
    `           ${pk.map((c, i) => `array_agg(${q(c.name)} ORDER BY ${pkNames}) AS ${pkField(i)}`).join(",\n           ")}`,
    `      FROM ${table}`,
    `     WHERE ${notNullFilter(input.keyColumns)}`,
    `     GROUP BY ${keyCols.join(", ")}`,
    "    HAVING count(*) > 1",
  ];

  const lockRows = [
    "      -- Lock the group's rows that still carry the key, by primary key: no other row is touched.",
    `      SELECT ${pk.map((_, i) => `array_agg(pgc_rows.${pkField(i)} ORDER BY ${pk.map((__, j) => `pgc_rows.${pkField(j)}`).join(", ")})`).join(", ")}`,
    `        INTO ${pk.map((_, i) => pkVar(i)).join(", ")}`,
    `        FROM (SELECT ${pk.map((c, i) => `${q(c.name)} AS ${pkField(i)}`).join(", ")}`,
    `                FROM ${table}`,
    `               WHERE ${pkIn(pk, pk.map((_, i) => `pgc_group.${pkField(i)}`))}`,
    `                 AND ${input.keyColumns.map((c, i) => `${q(c)} = pgc_group.key_${i + 1}`).join(" AND ")}`,
    `               ORDER BY ${pkNames}`,
    "                 FOR UPDATE) AS pgc_rows;",
    `      pgc_n := coalesce(array_length(${pkVar(0)}, 1), 0);`,
  ];

  const sumUpdate = input.sum.length === 0 ? [] : [
    `        -- The kept row (${first ? "lowest" : "highest"} primary key) gets the removed rows' ${input.sum.join(", ")}.`,
    `        UPDATE ${table} AS pgc_kept`,
    `           SET ${sumList.map((c) => `${c} = coalesce(pgc_kept.${c} + pgc_sum.${c}, pgc_kept.${c}, pgc_sum.${c})`).join(",\n               ")}`,
    `          FROM (SELECT ${sumList.map((c) => `sum(${c}) AS ${c}`).join(", ")}`,
    `                  FROM ${table}`,
    `                 WHERE ${pkIn(pk, removedArrays)}) AS pgc_sum`,
    `         WHERE ${keptMatch("pgc_kept.")};`,
  ];

  const body = [
    "BEGIN",
    "  COMMIT;  -- fails here, having changed nothing, when run inside a transaction block (see above)",
    "  PERFORM set_config('lock_timeout', pgc_lock_timeout, true);",
    "  FOR pgc_group IN",
    ...groupSelect,
    "  LOOP",
    "    BEGIN",
    ...lockRows,
    "      IF pgc_n > 1 THEN",
    ...sumUpdate,
    `        DELETE FROM ${table} WHERE ${pkIn(pk, removedArrays)};`,
    "        GET DIAGNOSTICS pgc_removed = ROW_COUNT;",
    "        pgc_rows_removed := pgc_rows_removed + pgc_removed;",
    "        pgc_groups := pgc_groups + 1;",
    "      END IF;",
    "    EXCEPTION",
    "      WHEN lock_not_available OR deadlock_detected THEN pgc_skipped_locked := pgc_skipped_locked + 1;",
    // ON DELETE RESTRICT raises restrict_violation (23001) from PostgreSQL 18, foreign_key_violation (23503) before.
    "      WHEN foreign_key_violation OR restrict_violation THEN pgc_skipped_referenced := pgc_skipped_referenced + 1;",
    "    END;",
    "    pgc_in_batch := pgc_in_batch + 1;",
    "    IF pgc_in_batch >= pgc_batch_groups THEN",
    "      COMMIT;  -- releases this batch's row locks",
    "      PERFORM set_config('lock_timeout', pgc_lock_timeout, true);",
    "      pgc_in_batch := 0;",
    "    END IF;",
    "  END LOOP;",
    `  RAISE NOTICE 'prisma-concurrently: "%": % duplicate groups merged, % rows removed, % groups skipped (locked), % skipped (still referenced)',`,
    `    ${quoteLiteral(shown)}, pgc_groups, pgc_rows_removed, pgc_skipped_locked, pgc_skipped_referenced;`,
    "  IF pgc_skipped_locked + pgc_skipped_referenced > 0 THEN",
    `    RAISE WARNING 'prisma-concurrently: "%": % groups were skipped; run this statement again (and repoint references to the kept rows first, if any were skipped for that)',`,
    `      ${quoteLiteral(shown)}, pgc_skipped_locked + pgc_skipped_referenced;`,
    "  END IF;",
    "END",
  ];

  return [
    ...header.map((l) => (l ? `-- ${l}` : "--")),
    doBlock(["DECLARE", ...declarations, ...body].join("\n"), "prisma_concurrently_dedupe"),
    "",
  ].join("\n");
}
