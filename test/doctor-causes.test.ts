// How a concurrent build can stop besides duplicates present from the start, on the real Prisma CLI
// and PostgreSQL, and what `doctor` says about each:
// - a row with an existing key written while the index is being built: the build's last pass
//   refuses it (23505 "… already exists"); the INVALID index it leaves is ready for writes, so
//   PostgreSQL refuses duplicate writes through it until it is dropped (proven here, as doctor says);
// - the deploy's session ended by the server (pg_terminate_backend): interrupted, run it again;
// - a resolve by hand that leaves the INVALID index: the next deploy stops with 42P07, and doctor
//   says that this is what happened.
import { describe, expect, it } from "vitest";
import type pg from "pg";
import type { Project } from "./support/project.js";
import {
  INDEX, dedupe, doctor, expectDeployCompletes, expectDoctorReports, folderOf, indexState, makeAdsProject, migrationRows, openSession,
  prepareUnique, scenarioHooks, waitFor,
} from "./support/doctor.js";

/** Polls closely for the build's table scan and writes a row with an existing key meanwhile. */
async function insertDuringScan(project: Project): Promise<string> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const [row] = await project.sql<{ phase: string }>("SELECT phase FROM pg_stat_progress_create_index");
    if (row?.phase === "building index: scanning table") {
      await project.sql("INSERT INTO impression_counter (ad_id, impression_date) SELECT ad_id, impression_date FROM impression_counter WHERE id = 1");
      return row.phase;
    }
  }
  throw new Error("the build's table scan was never seen");
}

describe("doctor, a duplicate written during the build: Prisma 6, script mode split", () => {
  const scenario = scenarioHooks();

  it("names the key and says it arrived during the build; the INVALID index refuses duplicate writes until --fix drops it", async () => {
    const project = (scenario.project = await makeAdsProject(6, "split"));
    await prepareUnique(project, 400_000);
    const build = folderOf(project, "index");
    const deploying = project.deploy();
    await insertDuringScan(project);
    const deploy = await deploying;
    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toContain("already exists");
    expect(await project.sql(`SELECT indisvalid AS valid, indisready AS ready FROM pg_index WHERE indexrelid = '"${INDEX}"'::regclass`)).toEqual([{ valid: false, ready: true }]);

    await expectDoctorReports(project, [
      `${build} failed: duplicate keys.`,
      /A row was written to table "impression_counter" during the build with the key of a row already there: Key \(ad_id, impression_date\)=\(1, 2026-01-01\) already exists\./,
      `It left the INVALID index "public"."${INDEX}" behind.`,
      "refuses any INSERT or UPDATE that would duplicate its key (error 23505 in the application) until it is dropped",
      "Remove the rows",
    ]);
    // What doctor says of the INVALID index holds: a write duplicating another key is refused.
    await expect(project.sql("INSERT INTO impression_counter (ad_id, impression_date) SELECT ad_id, impression_date FROM impression_counter WHERE id = 2"))
      .rejects.toMatchObject({ code: "23505", message: `duplicate key value violates unique constraint "${INDEX}"` });

    await dedupe(project);
    const fix = await doctor(project, ["--fix"]);
    expect(fix.code, fix.output).toBe(0);
    await project.sql("INSERT INTO impression_counter (ad_id, impression_date) SELECT ad_id, impression_date FROM impression_counter WHERE id = 2");
    await dedupe(project);
    await expectDeployCompletes(project);
  });
});

describe("doctor, a build whose session the server ended, then a resolve by hand: Prisma 7, script mode whole", () => {
  const scenario = scenarioHooks();

  it("reads as interrupted; after a resolve that kept the INVALID index, the 42P07 is explained; --fix and deploy complete", async () => {
    const project = (scenario.project = await makeAdsProject(7, "whole"));
    await prepareUnique(project, 50_000);
    const build = folderOf(project, "index");

    // An old snapshot keeps the build waiting, with its index in the catalog, until it is terminated.
    const blocker: pg.Client = await openSession(project.databaseUrl);
    await blocker.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    await blocker.query('SELECT count(*) FROM "Ad"');
    const deploying = project.deploy();
    const { pid } = await waitFor("the build to wait for old snapshots", async () =>
      (await project.sql<{ pid: number }>("SELECT pid FROM pg_stat_progress_create_index WHERE phase = 'waiting for old snapshots'"))[0]);
    await project.sql("SELECT pg_terminate_backend($1)", [pid]);
    const deploy = await deploying;
    await blocker.query("COMMIT");
    expect(deploy.code).not.toBe(0);
    expect(await indexState(project)).toEqual({ valid: false, constraint: null });

    const interrupted = await expectDoctorReports(project, [`${build} failed: interrupted, the server ended the session (57P01).`, "the migration was interrupted, nothing refused it. Run it again.", "npx prisma-concurrently doctor --fix", "npx prisma migrate deploy"]);
    expect(interrupted).not.toContain("Remove the rows");

    // The user resolves by hand, without dropping the index: the next deploy stops at once.
    expect((await project.resolve("--rolled-back", build)).code).toBe(0);
    const again = await project.deploy();
    expect(again.code).not.toBe(0);
    expect(again.output).toContain("42P07");
    const out = await expectDoctorReports(project, [
      `${build} failed: "${INDEX}" already existed (42P07).`,
      `It stopped at once: "${INDEX}" already existed (42P07), so this run changed nothing.`,
      `An earlier attempt failed and was marked rolled back (\`prisma migrate resolve --rolled-back\`) while the INVALID index "public"."${INDEX}" it left was still there.`,
      `DROP INDEX CONCURRENTLY "public"."${INDEX}";`,
      `npx prisma migrate resolve --rolled-back ${build}`,
    ]);
    expect(out).not.toContain("It left the INVALID index");
    expect(await migrationRows(project, build)).toHaveLength(2);

    const fix = await doctor(project, ["--fix"]);
    expect(fix.code, fix.output).toBe(0);
    await expectDeployCompletes(project);
  });
});
