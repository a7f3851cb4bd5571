// `doctor`'s re-count of the keys a migration failed on: were the duplicates removed since? The
// duplicate report's own query, counts only, in a READ ONLY transaction (plain SELECT: ACCESS
// SHARE, no row locks) with a short lock_timeout and a statement_timeout, so a diagnosis never
// waits behind a lock queue nor scans without end.
import type pg from "pg";
import type { DuplicatesNow, UniqueTarget } from "../doctor/model.js";
import { reportFromRows, reportQuery, type ReportRow } from "../duplicates/report-sql.js";

/** How long the re-count of one table may take; `duplicates` checks without this limit. */
export const RECOUNT_TIMEOUT = "60s";

export async function recountDuplicates(client: pg.Client, targets: readonly UniqueTarget[]): Promise<DuplicatesNow[]> {
  const counted: DuplicatesNow[] = [];
  for (const t of targets) {
    if (!t.columns) continue;
    const entry: DuplicatesNow = { schema: t.schema, table: t.table, columns: t.columns, groups: null, error: null };
    try {
      await client.query("BEGIN READ ONLY");
      await client.query("SELECT set_config('statement_timeout', $1, true), set_config('lock_timeout', '2s', true)", [RECOUNT_TIMEOUT]);
      const { rows } = await client.query<ReportRow>(reportQuery({ schema: t.schema, table: t.table, keyColumns: t.columns, primaryKey: [], limit: 0, samples: 0 }), [0, 0]);
      await client.query("COMMIT");
      entry.groups = reportFromRows(rows).duplicateGroups;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      const code = (error as { code?: string }).code;
      entry.error = code === "57014" ? `it took longer than ${RECOUNT_TIMEOUT}` : code === "55P03" ? "the table is locked" : (error as Error).message;
    }
    counted.push(entry);
  }
  return counted;
}
