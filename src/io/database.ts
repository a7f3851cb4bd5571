// A short-lived connection for the CLI's reads and repairs. Connection failures become a message
// that names the server (password hidden) and the next step.
import pg from "pg";
import { redactUrl, type DatabaseTarget } from "../config/database-url.js";
import { UserError } from "../messages/user-error.js";
import { TOOL } from "../messages/notices.js";

/** Prisma's `?schema=` parameter is not a libpq option: turn it into the search_path. */
function clientConfig(url: string): pg.ClientConfig {
  const u = new URL(url);
  const schema = u.searchParams.get("schema");
  u.searchParams.delete("schema");
  return { connectionString: u.toString(), options: schema ? `-c search_path="${schema}"` : undefined, application_name: TOOL };
}

export async function withClient<T>(target: DatabaseTarget, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  let config: pg.ClientConfig;
  try {
    config = clientConfig(target.url);
  } catch {
    throw new UserError(`${TOOL}: the database URL from ${target.source} is not a valid URL (a password with @, # or / must be percent-encoded). Fix it, or pass another one with --url.`);
  }
  const client = new pg.Client(config);
  // A connection lost between queries is an 'error' event (without a listener: a crash); the next query fails with it.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new UserError(
      `${TOOL}: cannot connect to ${redactUrl(target.url)} (from ${target.source}): ${(error as Error).message}.\n` +
      "Check that the server is running and the URL is right, or pass another one with --url.",
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}
