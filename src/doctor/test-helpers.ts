// Samples for the doctor's unit tests: the folders the generator writes for a unique (rendered by
// the real renderer) and `_prisma_migrations.logs` text in the shape Prisma records a P3018.
import { renderPlan } from "../core/render.js";
import type { Step } from "../core/plan.js";
import type { DesiredUnique } from "../core/state.js";
import type { MigrationFile } from "../core/replay.js";

export const adDate: DesiredUnique = {
  schema: "public",
  table: "impression_counter",
  qualified: false,
  name: "impression_counter_ad_id_impression_date_key",
  columns: [{ name: "ad_id", desc: false }, { name: "impression_date", desc: false }],
  source: { model: "ImpressionCounter", fields: [{ name: "adId", desc: false }, { name: "impressionDate", desc: false }], onField: false, map: null },
};

/** Pre-check, build and attach folders for `unique`, as `prisma generate` writes them. */
export function toolFiles(unique: DesiredUnique, now = new Date("2026-03-01T10:00:00Z"), existing: string[] = ["20250101000000_init"]): MigrationFile[] {
  const steps: Step[] = [
    { kind: "precheck", unique },
    { kind: "build", unique, attach: true, indexOnlyReason: null },
    { kind: "attach", unique },
  ];
  return renderPlan({ steps, skipped: [] }, { now, existing }).map((f) => ({ name: f.name, sql: f.sql }));
}

/** `_prisma_migrations.logs` of a failed migration, as Prisma records a P3018 (from a real failed deploy). */
export function p3018Logs(migration: string, code: string, message: string): string {
  const [first, ...rest] = message.split("\n");
  return `A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve

Migration name: ${migration}

Database error code: ${code}

Database error:
ERROR: ${first}${rest.length ? `\n${rest.join("\n")}` : ""}

DbError { severity: "ERROR", parsed_severity: Some(Error), code: SqlState(E${code}), message: ${JSON.stringify(first)}, detail: None, hint: None }
   0: sql_schema_connector::apply_migration::apply_script
           with migration_name="${migration}"`;
}
