// What every command says on a project that is not on PostgreSQL: one line, like the generator's
// notice, instead of a parse error on another dialect's SQL or a connection attempt.
import { TOOL } from "./notices.js";

export const notPostgresMessages = {
  url: (provider: string, source: string) =>
    `${TOOL}: the database URL from ${source} is for ${provider}, not PostgreSQL; this tool only works on PostgreSQL databases, so it stopped. ` +
    "If this project does use PostgreSQL, pass its URL with --url postgresql://….",
  /** `prisma+postgres://` (what Prisma 7's `prisma init` writes) and `prisma://`: a proxy only Prisma Client speaks. */
  accelerate: (service: string, source: string) =>
    `${TOOL}: the database URL from ${source} is a ${service} URL, which only Prisma Client can use; this tool needs a direct PostgreSQL connection. ` +
    "Pass the database's direct connection string with --url postgres://… (Prisma Postgres shows it in its console as the direct connection).",
  history: (provider: string, shown: string) =>
    `${TOOL}: the migrations in ${shown} are for ${provider} (migration_lock.toml), not PostgreSQL; this tool only checks PostgreSQL migrations, so it stopped.`,
};
