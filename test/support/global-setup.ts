// One PostgreSQL server per test run (each test makes its own database on it), and the Prisma
// offline engine's variables when the shell did not provide a schema engine.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { startServer, type ServerKind } from "./postgres-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    serverVersion: string;
    engineEnv: Record<string, string>;
  }
}

function offlineEngineEnv(): Record<string, string> {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY) return {};
  const envSh = resolve(import.meta.dirname, "../../../shared/prisma-offline/env.sh");
  if (!existsSync(envSh)) {
    throw new Error(
      `PRISMA_SCHEMA_ENGINE_BINARY is not set and ${envSh} does not exist: install Prisma's native schema engine or put shared/ beside the project.`,
    );
  }
  const out = execFileSync("bash", ["-c", `source "${envSh}" >&2 && env -0`], { encoding: "utf8" });
  const env: Record<string, string> = {};
  for (const entry of out.split("\0")) {
    const eq = entry.indexOf("=");
    const key = entry.slice(0, eq);
    if (/^(PRISMA_|CHECKPOINT_DISABLE)/.test(key)) env[key] = entry.slice(eq + 1);
  }
  return env;
}

export default async function setup(project: TestProject) {
  const engineEnv = offlineEngineEnv();
  project.provide("engineEnv", engineEnv);
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide("adminUrl", given);
    project.provide("serverVersion", "given");
    return;
  }
  const kind = (process.env.TEST_POSTGRES ?? "embedded") as ServerKind;
  const server = await startServer(kind);
  process.stdout.write(`PostgreSQL ${server.version} (${kind}) for this run\n`);
  project.provide("adminUrl", server.adminUrl);
  project.provide("serverVersion", server.version);
  return async () => server.stop();
}
