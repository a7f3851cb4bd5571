// The database the CLI talks to, found the way Prisma finds it: `--url`, else the datasource of
// prisma.config.ts, else DATABASE_URL (Prisma 6 projects without a config file). Passwords never
// appear in output: show a URL only through redactUrl (url-secrets.ts).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { readPrismaConfig } from "./prisma-project.js";
import { UserError } from "../messages/user-error.js";
import { TOOL } from "../messages/notices.js";

export interface DatabaseTarget {
  url: string;
  /** Where the URL came from, for messages: "--url", "prisma.config.ts", "DATABASE_URL". */
  source: string;
}

export { redactUrl } from "./url-secrets.js";

/** The environment as Prisma 6 sees it: it reads `.env` (beside the project or the schema) itself; variables already set win. */
export function projectEnvironment(cwd: string): Record<string, string | undefined> {
  const fromFiles = [join(cwd, "prisma", ".env"), join(cwd, ".env")]
    .filter((f) => existsSync(f))
    .map((f) => parseEnv(readFileSync(f, "utf8")));
  return Object.assign({}, ...fromFiles, process.env);
}

export async function resolveDatabaseUrl(opts: { url?: string; cwd?: string; config?: string; env?: Record<string, string | undefined> }): Promise<DatabaseTarget> {
  const env = opts.env ?? projectEnvironment(opts.cwd ?? process.cwd());
  if (opts.url) return { url: opts.url, source: "--url" };
  const config = await readPrismaConfig(opts.cwd ?? process.cwd(), opts.config).catch(() => null);
  if (config?.datasourceUrl) return { url: config.datasourceUrl, source: config.configFile?.split("/").pop() ?? "prisma.config.ts" };
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, source: "DATABASE_URL" };
  throw new UserError(
    `${TOOL}: no database URL. Pass --url postgresql://…, set datasource.url in prisma.config.ts, or set DATABASE_URL.`,
  );
}
