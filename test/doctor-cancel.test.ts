// Issue 4, a build stopped mid-way: CREATE UNIQUE INDEX CONCURRENTLY waits for transactions with an
// older snapshot before it marks the index valid. A second session holds such a snapshot
// (REPEATABLE READ), so the build is reliably caught in that wait, with its index already in the
// catalog: then it is cancelled with pg_cancel_backend, or hits the statement_timeout set on the
// deploy's role. Either way an INVALID index is left; `doctor` says why, `doctor --fix` cleans up,
// and the next deploy completes.
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, inject, it } from "vitest";
import type pg from "pg";
import { query, withDatabase } from "./support/database.js";
import type { Project } from "./support/project.js";
import {
  INDEX, doctor, doctorJson, expectDeployCompletes, expectDoctorReports, folderOf, indexState, makeAdsProject, migrationRows, openSession,
  prepareUnique, scenarioHooks, waitFor,
} from "./support/doctor.js";

const ROWS = 50_000;

/** A REPEATABLE READ transaction whose snapshot a concurrent build must wait out. */
async function holdSnapshot(url: string): Promise<pg.Client> {
  const session = await openSession(url);
  await session.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
  await session.query('SELECT count(*) FROM "Ad"');
  return session;
}

/** The backend running the CREATE UNIQUE INDEX CONCURRENTLY, once it waits for the old snapshot. */
function waitingBuild(project: Project) {
  return waitFor("the concurrent build to wait for old snapshots", async () => {
    const rows = await project.sql<{ pid: number }>(
      `SELECT a.pid FROM pg_stat_activity a JOIN pg_stat_progress_create_index p ON p.pid = a.pid
        WHERE a.datname = current_database() AND a.query LIKE '%CREATE UNIQUE INDEX CONCURRENTLY%' AND p.phase = 'waiting for old snapshots'`,
    );
    return rows[0];
  });
}

describe("doctor, build cancelled with pg_cancel_backend: Prisma 7, script mode whole", () => {
  const scenario = scenarioHooks();

  it("doctor reports the running build during the deploy, then the cancelled one; --fix drops the INVALID index; deploy completes", async () => {
    const project = (scenario.project = await makeAdsProject(7, "whole"));
    await prepareUnique(project, ROWS);
    const build = folderOf(project, "index");

    const blocker = await holdSnapshot(project.databaseUrl);
    const deploying = project.deploy();
    const { pid } = await waitingBuild(project);

    // While the deploy runs, doctor sees it and --fix keeps its hands off.
    const during = await doctor(project, ["--fix"]);
    expect(during.code, during.output).toBe(0);
    expect(during.stdout).toContain("a Prisma Migrate command holds its lock");
    expect(during.stdout).toContain(`${build} is running now`);
    expect(during.stdout).toMatch(new RegExp(`pid ${pid} is working on the index "public"."${INDEX}" right now \\(waiting for old snapshots\\)`));
    expect(await indexState(project)).toEqual({ valid: false, constraint: null });

    await project.sql("SELECT pg_cancel_backend($1)", [pid]);
    const deploy = await deploying;
    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toContain("57014");
    expect(deploy.output).toContain("canceling statement due to user request");
    await blocker.query("COMMIT");
    expect(await indexState(project)).toEqual({ valid: false, constraint: null });

    await expectDoctorReports(project, [
      `${build} failed: cancelled.`,
      'on table "impression_counter", key (ad_id, impression_date)',
      `It left the INVALID index "public"."${INDEX}" behind`,
      "npx prisma-concurrently doctor --fix",
    ]);

    const fix = await doctor(project, ["--fix"]);
    expect(fix.code, fix.output).toBe(0); // nothing else stands in the way of the next deploy
    expect(fix.stdout).toContain(`${build} is pending: it was rolled back after failing (cancelled)`);
    expect(await indexState(project)).toBeNull();
    expect((await migrationRows(project, build))[0]!.rolled_back_at).not.toBeNull();

    await expectDeployCompletes(project);
  });
});

describe("doctor, build stopped by the deploy role's statement_timeout: Prisma 6, script mode split", () => {
  let project: Project | undefined;
  let role: string | undefined;
  afterEach(async () => {
    if (project && role) {
      // Hand the role's database and objects back to the admin so that the role can go.
      const database = new URL(project.databaseUrl).pathname.slice(1);
      await query(project.databaseUrl, `ALTER DATABASE "${database}" OWNER TO CURRENT_USER; REASSIGN OWNED BY "${role}" TO CURRENT_USER; DROP OWNED BY "${role}"`).catch(() => {});
      await query(inject("adminUrl"), `DROP ROLE IF EXISTS "${role}"`).catch(() => {});
    }
    project = role = undefined;
  });
  const scenario = scenarioHooks(); // registered last, so it runs first: the sessions close before the role goes

  it("doctor names the timeout and the role; --fix cleans up; once the timeout is lifted deploy completes; the password is never printed", async () => {
    project = scenario.project = await makeAdsProject(6, "split");
    const suffix = randomBytes(4).toString("hex");
    role = `deployer_${suffix}`;
    const password = `Secret-${suffix}-pw`;
    const database = new URL(project.databaseUrl).pathname.slice(1);
    await project.sql(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
    await project.sql(`ALTER DATABASE "${database}" OWNER TO "${role}"`);
    await project.sql(`ALTER SCHEMA public OWNER TO "${role}"`);
    const deployerUrl = (() => {
      const u = new URL(withDatabase(project.databaseUrl, database));
      u.username = role;
      u.password = password;
      return u.toString();
    })();
    project.env.DATABASE_URL = deployerUrl; // every Prisma command (and doctor) now connects as the deploy role

    await prepareUnique(project, ROWS);
    const build = folderOf(project, "index");
    await project.sql(`ALTER ROLE "${role}" SET statement_timeout = '1s'`);

    const blocker = await holdSnapshot(project.databaseUrl);
    const deploy = await project.deploy();
    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toContain("canceling statement due to statement timeout");
    await blocker.query("COMMIT");
    expect(await indexState(project)).toEqual({ valid: false, constraint: null });

    const out = await expectDoctorReports(project, [
      `${build} failed: statement timeout.`,
      "on this connection statement_timeout is 1s",
      `ALTER ROLE "${role}" SET statement_timeout = 0;`,
      'table "impression_counter", key (ad_id, impression_date)',
      `postgresql://${role}:****@`,
    ]);
    expect(out).not.toContain(password);

    // --fix with the URL given on the command line: the DROP and the resolve go to that database.
    const fix = await doctorJson(project, ["--fix", "--url", deployerUrl]);
    expect(fix.output).not.toContain(password);
    expect(fix.code).toBe(1); // the role's statement_timeout would stop the next build again
    expect(fix.report.fixed).toEqual([
      { kind: "drop-index", schema: "public", index: INDEX, table: "impression_counter" },
      { kind: "resolve-rolled-back", migration: build },
    ]);
    expect(fix.report.findings).toMatchObject([{ code: "retry-pending", migration: build, attention: true }]);
    expect(await indexState(project)).toBeNull();

    await project.sql(`ALTER ROLE "${role}" RESET statement_timeout`);
    const ready = await doctor(project);
    expect(ready.code, ready.output).toBe(0);
    await expectDeployCompletes(project);
  });
});
