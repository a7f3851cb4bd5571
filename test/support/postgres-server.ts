// Starts a throw-away PostgreSQL server for a test run: the embedded one shipped on npm
// (PostgreSQL 18, the newest major), or Debian's installed PostgreSQL (15, the oldest supported)
// so two major versions are covered. Both start through scripts/local-postgres.mjs (shared with
// the demo), which also handles running as root.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

export type ServerKind = "embedded" | "debian";

export interface RunningServer {
  /** URL of the server's `postgres` database, as superuser. */
  adminUrl: string;
  version: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** The starter module, found from this checkout's root: this file also runs compiled, from the benchmark's build folder. */
async function localPostgres(): Promise<typeof import("../../scripts/local-postgres.mjs")> {
  let dir = import.meta.dirname;
  while (!(existsSync(join(dir, "package.json")) && JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name === "prisma-concurrently")) {
    if (dir === dirname(dir)) throw new Error(`no prisma-concurrently checkout above ${import.meta.dirname}`);
    dir = dirname(dir);
  }
  return import(pathToFileURL(join(dir, "scripts", "local-postgres.mjs")).href);
}

export async function startServer(kind: ServerKind): Promise<RunningServer> {
  const { embeddedBindir, startPostgres } = await localPostgres();
  const bindir = kind === "debian" ? execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim() : embeddedBindir();
  return startPostgres({ bindir, port: await freePort(), flags: ["-c", "max_connections=300", "-c", "fsync=off"] });
}
