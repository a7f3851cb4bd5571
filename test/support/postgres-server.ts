// Starts a throw-away PostgreSQL server for a test run: the embedded one shipped on npm
// (PostgreSQL 18, the newest major), or Debian's installed PostgreSQL (15, the oldest supported)
// so two major versions are covered. Both start through scripts/local-postgres.mjs (shared with
// the demo), which also handles running as root.
import { execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { embeddedBindir, startPostgres } from "../../scripts/local-postgres.mjs";

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

export async function startServer(kind: ServerKind): Promise<RunningServer> {
  const bindir = kind === "debian" ? execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim() : embeddedBindir();
  return startPostgres({ bindir, port: await freePort(), flags: ["-c", "max_connections=300", "-c", "fsync=off"] });
}
