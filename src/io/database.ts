// A short-lived connection for the CLI's reads and repairs. Connection failures become a message
// that names the server (secrets hidden) and the next step.
import { accessSync, constants } from "node:fs";
import pg from "pg";
import type { DatabaseTarget } from "../config/database-url.js";
import { assertPostgresUrl } from "../config/postgres-only.js";
import { redactUrl, secretScrubber } from "../config/url-secrets.js";
import { databaseMessages } from "../messages/database.js";
import { UserError } from "../messages/user-error.js";
import { TOOL } from "../messages/notices.js";

/** Prisma's `?schema=` parameter is not a libpq option: turn it into the search_path. */
function clientConfig(url: string): pg.ClientConfig {
  const u = new URL(url);
  const schema = u.searchParams.get("schema");
  u.searchParams.delete("schema");
  return { connectionString: u.toString(), options: schema ? `-c search_path="${schema}"` : undefined, application_name: TOOL };
}

/** Files the URL names (node-postgres reads them while it builds the client): each must be readable, else a one-line message. */
const SSL_FILES = ["sslcert", "sslkey", "sslrootcert"] as const;

function checkSslFiles(url: string, source: string): void {
  const params = new URL(url).searchParams;
  for (const name of SSL_FILES) {
    const path = params.get(name);
    if (!path) continue;
    try {
      accessSync(path, constants.R_OK);
    } catch (error) {
      throw new UserError(databaseMessages.sslFileUnreadable(name, path, source, (error as NodeJS.ErrnoException).code ?? "unreadable"));
    }
  }
}

export async function withClient<T>(target: DatabaseTarget, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  assertPostgresUrl(target);
  const scrub = secretScrubber(target.url);
  let config: pg.ClientConfig;
  try {
    config = clientConfig(target.url);
  } catch {
    throw new UserError(databaseMessages.invalidUrl(target.source));
  }
  checkSslFiles(target.url, target.source);
  let client: pg.Client;
  try {
    client = new pg.Client(config);
  } catch (error) {
    throw new UserError(scrub(databaseMessages.badConnectionSettings(target.source, (error as Error).message)));
  }
  // A connection lost between queries is an 'error' event (without a listener: a crash); the next query fails with it.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new UserError(scrub(databaseMessages.cannotConnect(redactUrl(target.url), target.source, (error as Error).message)));
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}
