// The ads story's moves, shared by the scenarios: fill the counter table, add its unique.
import type { Project } from "./project.js";
import { addToModel } from "./schema-edit.js";

/** The name Prisma gives ImpressionCounter @@unique([adId, impressionDate]). */
export const AD_DATE_UNIQUE = "impression_counter_ad_id_impression_date_key";

export const addAdDateUnique = (schema: string) => addToModel(schema, "ImpressionCounter", "@@unique([adId, impressionDate])");

/** 100 ads and `count` distinct (ad_id, impression_date) counters, days from `firstDay` on. */
export async function seedImpressions(project: Project, count: number, opts: { firstDay?: string; zeroCounters?: boolean } = {}) {
  await project.sql(`INSERT INTO "Ad" (title) SELECT 'ad ' || g FROM generate_series(1, 100) g`);
  await project.sql(
    `INSERT INTO impression_counter (ad_id, impression_date, counter)
     SELECT 1 + (g % 100), $2::date + (g / 100), ${opts.zeroCounters ? "0" : "g % 7"} FROM generate_series(0, $1::int - 1) g`,
    [count, opts.firstDay ?? "2026-01-01"],
  );
}

/** 50 ads and `count` clicks, one second apart (the table the index scenarios build on while writers insert). */
export async function seedClicks(project: Project, count: number) {
  await project.sql(`INSERT INTO "Ad" (title) SELECT 'ad ' || g FROM generate_series(1, 50) g`);
  await project.sql(`INSERT INTO "Click" (ad_id, clicked_at) SELECT 1 + g % 50, now() - g * interval '1 second' FROM generate_series(1, $1::int) g`, [count]);
}
