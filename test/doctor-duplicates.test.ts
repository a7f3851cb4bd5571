// Issue 4, duplicates: a unique added to a filled table that holds rows sharing the key, deployed
// through the real Prisma CLI on real PostgreSQL. With the pre-check, deploy stops before any index
// exists; without it, the concurrent build fails and leaves an INVALID index. `doctor` explains both,
// `doctor --fix` drops the leftover and marks the migration rolled back, and after a dedupe the
// deploy completes with no drift.
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  INDEX, dedupe, doctor, doctorJson, expectDeployCompletes, expectDoctorReports, folderOf, indexState, makeAdsProject, migrationRows, prepareUnique,
  doctorMatrix, scenarioHooks,
} from "./support/doctor.js";

const ROWS = 50_000;
const DUPLICATES = 25;

describe.each(doctorMatrix)("doctor, duplicates, pre-check off: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  const scenario = scenarioHooks();

  it("the build fails and leaves an INVALID index; doctor explains; --fix drops it and resolves; after a dedupe deploy completes", async () => {
    const project = (scenario.project = await makeAdsProject(prisma, mode));
    await prepareUnique(project, ROWS, { duplicates: DUPLICATES, options: { precheck: "false" } });
    const build = folderOf(project, "index");
    expect(project.migrations().some((m) => m.includes("precheck"))).toBe(false);

    const deploy = await project.deploy();
    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toContain("P3018");
    expect(deploy.output).toContain(`could not create unique index "${INDEX}"`);
    expect(await indexState(project)).toEqual({ valid: false, constraint: null });

    const out = await expectDoctorReports(project, [
      `${build} failed: duplicate keys.`,
      'table "impression_counter", key (ad_id, impression_date)',
      /Key \(ad_id, impression_date\)=\(\d+, [\d-]+\) is duplicated\./,
      `It left the INVALID index "public"."${INDEX}" behind`,
      "npx prisma-concurrently doctor --fix",
      `DROP INDEX CONCURRENTLY "public"."${INDEX}";`,
      `npx prisma migrate resolve --rolled-back ${build}`,
      "npx prisma-concurrently duplicates",
      "npx prisma migrate deploy",
      "1 problem needs attention.",
    ]);
    expect(out).not.toContain("no migration of prisma-concurrently creates it");

    // The application's open transaction holds light locks on every index of the table, the INVALID
    // one too: that is not someone building it.
    const reader = new pg.Client({ connectionString: project.databaseUrl, application_name: "app-reader" });
    await reader.connect();
    await reader.query("BEGIN");
    await reader.query("SELECT count(*) FROM impression_counter WHERE ad_id = 1");
    const json = await doctorJson(project);
    await reader.query("COMMIT");
    await reader.end();
    expect(json.code).toBe(1);
    expect(json.report.findings).toHaveLength(1);
    expect(json.report.findings[0]).toMatchObject({
      code: "failed", migration: build, attention: true,
      fix: [{ kind: "drop-index", schema: "public", index: INDEX, table: "impression_counter" }, { kind: "resolve-rolled-back", migration: build }],
    });
    expect(json.report.migrations.find((m: { name: string }) => m.name === build)).toMatchObject({
      kind: "build", status: "failed", cause: { kind: "duplicates", by: "build" },
    });

    // --fix: the safe part. The duplicates are still there, so the exit code stays non-zero.
    const fix = await doctor(project, ["--fix"]);
    expect(fix.code, fix.output).toBe(1);
    expect(fix.stdout).toContain(`DROP INDEX CONCURRENTLY "public"."${INDEX}";`);
    expect(fix.stdout).toContain(`npx prisma migrate resolve --rolled-back ${build}`);
    expect(fix.stdout).toContain(`${build} is pending: it was rolled back after failing (duplicate keys)`);
    expect(fix.stdout).toContain('Remove the rows of table "impression_counter" that share a key (ad_id, impression_date)');
    expect(await indexState(project)).toBeNull();
    const rows = await migrationRows(project, build);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.rolled_back_at).not.toBeNull();
    expect(rows[0]!.finished_at).toBeNull();

    // A second --fix has nothing left to do automatically.
    const again = await doctor(project, ["--fix"]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain("nothing to fix automatically");

    await dedupe(project);
    await expectDeployCompletes(project);
    // Two rows now: the rolled-back attempt and the applied one.
    const history = await migrationRows(project, build);
    expect(history.map((r) => [r.rolled_back_at !== null, r.finished_at !== null])).toEqual([[true, false], [false, true]]);
  });
});

describe("doctor, duplicates, pre-check on: Prisma 7, script mode whole", () => {
  const scenario = scenarioHooks();

  it("deploy stops at the pre-check with its message, no index is created, doctor explains; --fix resolves; after a dedupe deploy completes", async () => {
    const project = (scenario.project = await makeAdsProject(7, "whole"));
    await prepareUnique(project, ROWS, { duplicates: DUPLICATES });
    const precheck = folderOf(project, "precheck");

    const deploy = await project.deploy();
    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toContain(`Migration name: ${precheck}`);
    expect(deploy.output).toContain(
      `prisma-concurrently: cannot add ImpressionCounter @@unique([adId, impressionDate]): table "impression_counter" has ${DUPLICATES} duplicate key groups on (ad_id, impression_date)`,
    );
    expect(await indexState(project)).toBeNull();

    const out = await expectDoctorReports(project, [
      `${precheck} failed: duplicate keys.`,
      'the duplicate pre-check of table "impression_counter", key (ad_id, impression_date)',
      `${DUPLICATES} duplicate key groups on (ad_id, impression_date) (${DUPLICATES} surplus rows)`,
      "The pre-check only reads: nothing was changed.",
      `npx prisma migrate resolve --rolled-back ${precheck}`,
    ]);
    expect(out).not.toContain("DROP INDEX");
    expect(out).toMatch(/pending +\S+_concurrently_index_unique_/);

    // The duplicates are removed before anyone resolves: the logs still hold the report, but doctor
    // counts again and says what is left: the resolve and the deploy.
    await dedupe(project);
    const gone = await doctor(project);
    expect(gone.code, gone.output).toBe(1);
    expect(gone.stdout).toContain(`${precheck} failed: duplicate keys.`);
    expect(gone.stdout).toContain('That was when the migration ran. Counted again just now: no two rows of table "impression_counter" share the key (ad_id, impression_date) any more.');
    expect(gone.stdout).not.toContain("Remove the rows");
    expect(gone.stdout).toContain(`npx prisma migrate resolve --rolled-back ${precheck}`);
    expect(gone.stdout).toContain("npx prisma migrate deploy");

    const fix = await doctor(project, ["--fix"]);
    expect(fix.code, fix.output).toBe(0);
    expect((await migrationRows(project, precheck))[0]!.rolled_back_at).not.toBeNull();
    expect(fix.stdout).toContain(`${precheck} is pending: it was rolled back after failing (duplicate keys)`);
    expect(fix.stdout).toContain("Nothing seen in the database stands in its way now.");
    expect(fix.stdout).not.toContain("Remove the rows");

    await expectDeployCompletes(project);
  });
});
