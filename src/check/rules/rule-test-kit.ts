// For the rules' tests: run one rule over the last migration of a small history, and SQL exactly
// as Prisma's `migrate diff --script` writes it (captured from Prisma 7.10 on the ads fixture).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Finding, Rule } from "../rule.js";
import { checkHistory } from "../run-check.js";

/** Findings of `rule` on the last of the given migration.sql texts; the ones before are replayed. */
export function findingsOf(rule: Rule, ...sqls: string[]): Finding[] {
  const history = sqls.map((sql, i) => ({ name: `2026010100000${i}_m${i}`, sql }));
  return checkHistory(history, { rules: [rule], only: new Set([history.at(-1)!.name]) }).findings;
}

/** The ads fixture's first migration, written by Prisma (`CREATE TABLE "Ad"`, `"impression_counter"`, `"Click"`). */
export const prismaInit = (): string =>
  readFileSync(fileURLToPath(new URL("../../../fixtures/ads/migrations/20250101000000_init/migration.sql", import.meta.url)), "utf8");

/** Prisma's SQL for a new column with @unique, a new model with @unique, @@index and @@unique on existing models. */
export const prismaAddUniques = `-- AlterTable
ALTER TABLE "Click" ADD COLUMN     "code" TEXT;

-- CreateTable
CREATE TABLE "Campaign" (
    "id" INTEGER NOT NULL,
    "slug" TEXT NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_slug_key" ON "Campaign"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Ad_title_key" ON "Ad"("title");

-- CreateIndex
CREATE UNIQUE INDEX "Click_code_key" ON "Click"("code");

-- CreateIndex
CREATE INDEX "Click_clicked_at_idx" ON "Click"("clicked_at");

-- CreateIndex
CREATE UNIQUE INDEX "impression_counter_ad_id_impression_date_key" ON "impression_counter"("ad_id", "impression_date");
`;

/** What this tool's generator writes to build and attach a unique (header comments left out). */
export const generatorBuild = `CREATE UNIQUE INDEX CONCURRENTLY "impression_counter_ad_id_impression_date_key" ON "impression_counter"("ad_id", "impression_date");\n`;
export const generatorAttach = `SET lock_timeout = '5s';
ALTER TABLE "impression_counter" ADD CONSTRAINT "impression_counter_ad_id_impression_date_key" UNIQUE USING INDEX "impression_counter_ad_id_impression_date_key";
RESET lock_timeout;
`;
