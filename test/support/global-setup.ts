// One PostgreSQL server per test run (each test makes its own database on it), and the Prisma
// offline engine's variables when the shell did not provide a schema engine.
import type { TestProject } from "vitest/node";
import { prismaEngineEnv } from "../../scripts/prisma-engine-env.mjs";
import { startServer, type ServerKind } from "./postgres-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
    serverVersion: string;
    engineEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  const engineEnv = prismaEngineEnv();
  project.provide("engineEnv", engineEnv);
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide("adminUrl", given);
    project.provide("serverVersion", "given");
    return;
  }
  const kind = (process.env.TEST_POSTGRES ?? "embedded") as ServerKind;
  const server = await startServer(kind).catch((error: unknown) => {
    if (!(error instanceof Error && error.name === "PostgresStartError")) throw error;
    process.stderr.write(`${error.message}\n`); // why, and what to do: no stack trace
    process.exit(1);
  });
  process.stdout.write(`PostgreSQL ${server.version} (${kind}) for this run\n`);
  project.provide("adminUrl", server.adminUrl);
  project.provide("serverVersion", server.version);
  return async () => server.stop();
}
