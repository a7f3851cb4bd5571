// What `duplicates` found for each key, and how it is shown: lines for people, JSON for tools.
// Pure: the command fills these in from the database.
import { stepLabel, uniqueBuildLabels } from "../catalog/folder-convention.js";
import { duplicatesMessages as m } from "../messages/duplicates.js";
import type { DuplicateReport } from "./report-sql.js";
import type { KeyTarget } from "./targets.js";

export type TargetStatus = "checked" | "enforced" | "table-missing" | "columns-missing";

export interface TargetResult {
  target: KeyTarget;
  status: TargetStatus;
  /** The valid unique index that already keeps duplicates out (status "enforced"). */
  enforcedBy: string | null;
  missingColumns: string[];
  primaryKey: string[];
  /** An INVALID unique index on the key, left by a failed concurrent build. */
  invalidLeftover: string | null;
  /** A migration of this unique recorded as failed (e.g. the pre-check stopped the deploy). */
  failedMigration: string | null;
  report: DuplicateReport | null;
  elapsedMs: number | null;
  sql: string | null;
}

/** Labels (folder names without their timestamp) of the migrations this tool writes for the key before its index is valid. */
export function migrationLabels(target: KeyTarget): string[] {
  const unique = target.unique;
  if (!unique) return [];
  return [stepLabel({ kind: "precheck", unique }), ...uniqueBuildLabels(unique)];
}

const seconds = (ms: number | null) => ((ms ?? 0) / 1000).toFixed(2);

export function formatResult(r: TargetResult): string[] {
  const t = r.target;
  switch (r.status) {
    case "table-missing":
      return [m.skippedNotDeployed(t, `table "${t.table}"`)];
    case "columns-missing":
      return [m.skippedNotDeployed(t, `column ${r.missingColumns.map((c) => `"${c}"`).join(", ")} of "${t.table}"`)];
    case "enforced":
      return [m.enforcedAlready(t, r.enforcedBy!)];
    case "checked":
      break;
  }
  const report = r.report!;
  const lines = [m.heading(t, r.primaryKey)];
  if (r.failedMigration) lines.push(m.failedMigration(r.failedMigration));
  if (report.duplicateGroups === 0) {
    lines.push(m.noDuplicates(seconds(r.elapsedMs)));
  } else {
    lines.push(m.totals(report.duplicateGroups, report.surplusRows, report.rowsInGroups, seconds(r.elapsedMs)));
    lines.push(m.largestHeading(report.largestGroups.length));
    for (const g of report.largestGroups) lines.push(m.group(t, g, r.primaryKey));
    const more = report.duplicateGroups - report.largestGroups.length;
    if (more > 0) lines.push(m.moreGroups(more));
  }
  if (r.invalidLeftover) lines.push(m.invalidLeftover(r.invalidLeftover));
  if (report.duplicateGroups > 0 && r.sql === null) lines.push(m.next(t, r.failedMigration));
  return lines;
}

export function resultJson(r: TargetResult) {
  const t = r.target;
  return {
    unique: t.label,
    model: t.model,
    fields: t.fields,
    schema: t.schema,
    table: t.table,
    columns: t.columns,
    status: r.status,
    enforcedBy: r.enforcedBy,
    missingColumns: r.missingColumns,
    primaryKey: r.primaryKey,
    invalidIndex: r.invalidLeftover,
    failedMigration: r.failedMigration,
    duplicateGroups: r.report?.duplicateGroups ?? null,
    surplusRows: r.report?.surplusRows ?? null,
    rowsInGroups: r.report?.rowsInGroups ?? null,
    largestGroups: (r.report?.largestGroups ?? []).map((g) => ({
      key: Object.fromEntries(t.columns.map((c, i) => [c, g.key[i] ?? null])),
      rows: g.rows,
      primaryKeys: g.primaryKeys,
    })),
    elapsedMs: r.elapsedMs,
    ...(r.sql !== null ? { sql: r.sql } : {}),
  };
}
