// This tool works on PostgreSQL only. A project on another database (SQLite, MySQL, SQL Server…)
// is recognised from what Prisma itself records and reads, before anything is parsed or dialled:
// the history's `migration_lock.toml` (Prisma refuses a history whose provider differs from the
// schema's, P3019) and the database URL's scheme (Prisma picks the driver from it).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DatabaseTarget } from "./database-url.js";
import { notPostgresMessages } from "../messages/not-postgres.js";
import { UserError } from "../messages/user-error.js";

const ACCELERATE = "Prisma Accelerate (prisma://)";
const PRISMA_POSTGRES = "Prisma Postgres / Accelerate (prisma+postgres://)";

/** URL schemes Prisma accepts for each datasource provider it supports. */
const SCHEMES: Record<string, string> = {
  "postgresql:": "postgresql",
  "postgres:": "postgresql",
  "file:": "sqlite",
  "mysql:": "mysql",
  "sqlserver:": "sqlserver",
  "mongodb:": "mongodb",
  "mongodb+srv:": "mongodb",
  "prisma:": ACCELERATE,
  "prisma+postgres:": PRISMA_POSTGRES,
};

/** How providers are named in messages. */
const NAMES: Record<string, string> = {
  sqlite: "SQLite",
  mysql: "MySQL",
  sqlserver: "SQL Server",
  mongodb: "MongoDB",
  cockroachdb: "CockroachDB",
};
const shownName = (provider: string) => NAMES[provider] ?? provider;

/** The database a URL points to, by its scheme: "postgresql", another provider, or the scheme itself. Never any other part of the URL (it may hold a password). */
export function urlProvider(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(url.trim())?.[1]?.toLowerCase() ?? "";
  return SCHEMES[scheme] ?? (scheme ? `${scheme}//` : "no scheme");
}

/** The `provider` recorded in the migrations folder's migration_lock.toml, or null without one. */
export function historyProvider(migrationsDir: string): string | null {
  const file = join(migrationsDir, "migration_lock.toml");
  if (!existsSync(file)) return null;
  // The file is Prisma's own two-line TOML: `provider = "<name>"` is its only key.
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const [key, ...rest] = line.split("=");
    if (key?.trim() === "provider") return rest.join("=").trim().replace(/^"(.*)"$/, "$1");
  }
  return null;
}

export function assertPostgresUrl(target: DatabaseTarget): void {
  const provider = urlProvider(target.url);
  if (provider === ACCELERATE || provider === PRISMA_POSTGRES) throw new UserError(notPostgresMessages.accelerate(provider, target.source));
  if (provider !== "postgresql") throw new UserError(notPostgresMessages.url(shownName(provider), target.source));
}

export function assertPostgresHistory(migrationsDir: string, shown: string): void {
  const provider = historyProvider(migrationsDir);
  if (provider !== null && provider !== "postgresql") throw new UserError(notPostgresMessages.history(shownName(provider), shown));
}
