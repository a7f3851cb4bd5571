// What `prisma-concurrently duplicates` says. Every message names the table and the key, says
// what is wrong, and gives the exact next step. Database URLs reach here already redacted.
import type { KeyTarget } from "../duplicates/targets.js";
import { TOOL } from "./notices.js";

const CMD = `${TOOL} duplicates`;

/** The key a message is about (a `KeyTarget`, or anything shaped like one). */
type Named = Pick<KeyTarget, "label" | "model" | "fields" | "schema" | "table" | "qualified" | "columns">;

const tableName = (t: Named) => `"${t.qualified ? `${t.schema}.${t.table}` : t.table}"`;
const keyOf = (t: Named) => `(${t.columns.join(", ")})`;
const list = (items: readonly string[]) => (items.length ? items.join(", ") : "(none)");
const closest = (wanted: string, names: readonly string[]) => names.find((n) => n.toLowerCase() === wanted.toLowerCase());
const didYouMean = (wanted: string, names: readonly string[]) => {
  const hit = closest(wanted, names);
  return hit ? ` Did you mean "${hit}"?` : "";
};

export interface GroupLine {
  key: string[];
  rows: number;
  primaryKeys: string[];
}

export const duplicatesMessages = {
  // --- arguments -------------------------------------------------------------------------------
  modelWithoutFields: () => `${CMD}: --model needs --fields (e.g. --model ImpressionCounter --fields adId,impressionDate), and --fields needs --model.`,
  noFields: (model: string) => `${CMD}: --fields is empty. Name the key's fields of ${model}, e.g. --fields adId,impressionDate.`,
  unknownModel: (model: string, schemaFile: string, models: readonly string[]) =>
    `${CMD}: ${schemaFile} has no model "${model}".${didYouMean(model, models)} Models: ${list(models)}.`,
  unknownField: (model: string, field: string, fields: readonly string[]) =>
    `${CMD}: model ${model} has no scalar field "${field}".${didYouMean(field, fields)} Its fields: ${list(fields)}.`,
  repeatedField: (model: string, fields: string) => `${CMD}: --fields ${fields} names a field of ${model} twice.`,
  badKeep: (value: string) => `${CMD}: --keep ${value} is not a policy. Use --keep first (lowest primary key) or --keep last (highest).`,
  needsSql: (option: string) => `${CMD}: ${option} shapes the dedupe statement: add --sql to print it.`,
  badNumber: (option: string, value: string, range: string) => `${CMD}: ${option} ${value} is not valid: ${range}.`,
  badDuration: (option: string, value: string) => `${CMD}: ${option} ${value} is not a duration. Write e.g. 500ms, 30s, 5min.`,
  noDesiredState: () =>
    `${CMD}: the generator's report has no schema model (the project's build of ${TOOL} is older than this CLI). ` +
    "Run the CLI of the version the schema's generator block uses.",

  // --- what is checked -------------------------------------------------------------------------
  noUniquesInSchema: (schemaFile: string) =>
    `${CMD}: ${schemaFile} declares no @unique or @@unique, so nothing is pending. ` +
    "To check any key: --model <Model> --fields <a,b>.",
  noPendingUniques: (database: string, enforced: number) =>
    `${CMD}: no pending uniques: ${enforced === 1 ? "the schema's unique is" : `all ${enforced} of the schema's uniques are`} already enforced by a valid unique index in ${database}, ` +
    "so no duplicate can exist. To check another key: --model <Model> --fields <a,b>.",
  tableMissing: (t: Named, database: string) =>
    `${CMD}: table ${tableName(t)} (model ${t.model}) is not in the database ${database}. ` +
    "Apply the migrations that create it first (`npx prisma migrate deploy`), or check --url and the URL's ?schema=.",
  columnsMissing: (t: Named, columns: readonly string[], database: string) =>
    `${CMD}: table ${tableName(t)} in ${database} has no column ${columns.map((c) => `"${c}"`).join(", ")} for ${t.label}. ` +
    "Apply the migrations that add it first (`npx prisma migrate deploy`).",
  skippedNotDeployed: (t: Named, what: string) =>
    `${t.label}: skipped: ${what} is not in the database yet; Prisma creates the index together with it, on no rows.`,
  enforcedAlready: (t: Named, index: string) =>
    `${t.label}: the unique index "${index}" on ${tableName(t)} already keeps duplicates of ${keyOf(t)} out: none can exist.`,
  notATable: (t: Named, kind: string) =>
    `${CMD}: ${tableName(t)} (model ${t.model}) is a ${kind === "v" ? "view" : kind === "m" ? "materialized view" : kind === "f" ? "foreign table" : `relation of kind ${kind}`}, not a table: a unique index cannot be built on it.`,

  // --- reading ---------------------------------------------------------------------------------
  timedOut: (t: Named, timeout: string) =>
    `${CMD}: reading ${tableName(t)} for duplicates of ${keyOf(t)} took longer than ${timeout} and was cancelled (nothing was changed). ` +
    "Pass a longer --timeout (e.g. --timeout 30min), or run it at a quieter time.",
  locked: (t: Named) =>
    `${CMD}: ${tableName(t)} is locked by another session (an ALTER TABLE or other exclusive lock), so it was not read; nothing was changed. ` +
    "Run this again when that statement is done.",
  readFailed: (t: Named, message: string) =>
    `${CMD}: reading ${tableName(t)} for duplicates of ${keyOf(t)} failed: ${message}. Nothing was changed.`,

  // --- the dedupe statement --------------------------------------------------------------------
  noPrimaryKey: (t: Named) =>
    `${CMD}: table ${tableName(t)} has no primary key, and the dedupe statement keeps and deletes rows by primary key. ` +
    "Add one (e.g. an @id field with a migration), or remove the duplicates by hand: the report above lists them.",
  sumOnKey: (t: Named, field: string) =>
    `${CMD}: --sum ${field} is part of the key ${keyOf(t)} of ${tableName(t)}: only other columns can be added up.`,
  sumOnPrimaryKey: (t: Named, column: string) =>
    `${CMD}: --sum ${column} is the primary key of ${tableName(t)}: only other columns can be added up.`,
  sumNotNumeric: (t: Named, column: string, type: string) =>
    `${CMD}: --sum ${column}: column "${column}" of ${tableName(t)} is ${type}, which cannot be added up. Name numeric columns only.`,
  nothingToDedupe: (t: Named) => `-- ${TOOL}: ${t.label}: no duplicates in ${tableName(t)}: nothing to remove.`,
  sqlWritten: (count: number) =>
    count === 1
      ? `${TOOL}: 1 dedupe statement printed to stdout (nothing was changed). Review, then run it on its own: ` +
        "`npx prisma db execute --file dedupe.sql`, psql, or as the only statement of a migration.sql."
      : `${TOOL}: ${count} dedupe statements printed to stdout (nothing was changed). Review, then run each on its own: ` +
        "`psql -f dedupe.sql` runs them one after another; `prisma db execute` sends a file as one transaction, where their " +
        "batches cannot commit, so give it one statement per file (--model and --fields select one key).",

  // --- the report ------------------------------------------------------------------------------
  header: (database: string, source: string) => `${TOOL} duplicates: ${database} (from ${source})`,
  heading: (t: Named, primaryKey: readonly string[]) =>
    `${t.label}\n  table ${tableName(t)}, key ${keyOf(t)}, ${primaryKey.length ? `primary key (${primaryKey.join(", ")})` : "no primary key (rows shown by ctid)"}`,
  noDuplicates: (seconds: string) => `  no duplicates: the unique index can be built. (read in ${seconds} s, without locking writes)`,
  totals: (groups: number, surplus: number, inGroups: number, seconds: string) =>
    `  ${groups} duplicate group${groups === 1 ? "" : "s"}, ${surplus} surplus row${surplus === 1 ? "" : "s"} (${inGroups} rows share a key; rows with a NULL in a key column never conflict and are not counted)\n` +
    `  read in ${seconds} s, without locking writes`,
  largestHeading: (shown: number) => `  largest group${shown === 1 ? "" : "s"}:`,
  group: (t: Named, g: GroupLine, primaryKey: readonly string[]) => {
    const pkName = primaryKey.length === 0 ? "ctid" : primaryKey.length === 1 ? primaryKey[0]! : `(${primaryKey.join(", ")})`;
    const more = g.rows > g.primaryKeys.length ? `, … (+${g.rows - g.primaryKeys.length})` : "";
    return `    ${keyOf(t)}=(${g.key.join(", ")})  ${g.rows} rows  ${pkName}: ${g.primaryKeys.join(", ")}${more}`;
  },
  moreGroups: (more: number) => `    (+${more} more group${more === 1 ? "" : "s"}; --limit <n> lists more)`,
  invalidLeftover: (index: string) =>
    `  note: the INVALID index "${index}" is left from a failed concurrent build; it must be dropped (DROP INDEX CONCURRENTLY) before a retry: \`npx ${TOOL} doctor\` explains.`,
  failedMigration: (folder: string) => `  the deploy stopped at ${folder} (recorded as failed in _prisma_migrations).`,
  next(t: Named, failed: string | null): string {
    const lines = [
      "  next: write the dedupe statement, review it, run it (it never runs by itself):",
      `    npx ${CMD} --model ${t.model} --fields ${t.fields.join(",")} --sql --keep first > dedupe.sql   (--keep last; --sum <counter> to add up counters)`,
      "    npx prisma db execute --file dedupe.sql",
    ];
    if (failed) lines.push(`    npx prisma migrate resolve --rolled-back ${failed}`);
    lines.push("    npx prisma migrate deploy");
    return lines.join("\n");
  },
};
