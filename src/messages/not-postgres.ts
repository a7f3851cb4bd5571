// What every command says on a project that is not on PostgreSQL: one line, like the generator's
// notice, instead of a parse error on another dialect's SQL or a connection attempt.
import { TOOL } from "./notices.js";

export const notPostgresMessages = {
  url: (provider: string, source: string) =>
    `${TOOL}: the database URL from ${source} is for ${provider}, not PostgreSQL; this tool only works on PostgreSQL databases, so there is nothing to do here. ` +
    "If this project does use PostgreSQL, pass its URL with --url postgresql://….",
  history: (provider: string, shown: string) =>
    `${TOOL}: the migrations in ${shown} are for ${provider} (migration_lock.toml), not PostgreSQL; this tool only checks PostgreSQL migrations, so there is nothing to do here.`,
};
