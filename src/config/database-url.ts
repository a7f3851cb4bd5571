// The database the CLI talks to, found the way Prisma finds it: `--url`, else the datasource of
// the project context (the Prisma config's datasource.url, or in Prisma 6 the schema's directUrl
// or url), else DATABASE_URL. Passwords never appear in output: show a URL only through redactUrl
// (url-secrets.ts).
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseEnv } from "node:util";
import { findPrismaCli } from "../project/prisma-package.js";
import { loadProjectContext, type ProjectContext } from "../project/project-context.js";
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

export async function resolveDatabaseUrl(opts: { url?: string; cwd?: string; config?: string; schema?: string; env?: Record<string, string | undefined> }): Promise<DatabaseTarget> {
  if (opts.url) return { url: opts.url, source: "--url" };
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? projectEnvironment(cwd);
  let project: ProjectContext | null = null;
  try {
    project = await loadProjectContext({ cwd, config: opts.config, schema: opts.schema, env });
  } catch (error) {
    // No Prisma installed here: DATABASE_URL may still say. A config Prisma cannot load is reported.
    if (!(error instanceof UserError) || findPrismaCli(cwd) !== null) throw error;
  }
  if (project?.datasourceUrl) return project.datasourceUrl;
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, source: "DATABASE_URL" };
  throw new UserError(
    `${TOOL}: no database URL. Pass --url postgresql://…, set datasource.url in ${project?.config.file ? basename(project.config.file) : "the Prisma config (prisma.config.ts)"}, or set DATABASE_URL.`,
  );
}
