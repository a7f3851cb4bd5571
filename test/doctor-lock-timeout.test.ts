// Issue 12, the lock step's budget runs out: a second session keeps a transaction open that read
// the table (ACCESS SHARE held until it ends) for longer than lockRetryBudget. The concurrent build
// does not need to wait for it; the attach retries its brief ACCESS EXCLUSIVE lock in short attempts
// (writers are held up for one attempt at most), then gives up with its own 55P03 error naming the
// session that held the table. `doctor` reads that error back and explains it; once the transaction
// ends, `doctor --fix` marks the attach rolled back (it changed nothing) and the next deploy completes.
import { describe, expect, it } from "vitest";
import {
  INDEX, doctor, expectDeployCompletes, expectDoctorReports, folderOf, indexState, makeAdsProject, migrationRows, openSession, prepareUnique,
  doctorMatrix, scenarioHooks,
} from "./support/doctor.js";
import { startWriters } from "./support/stall-writers.js";

const ROWS = 20_000;
/** Generous against one 200 ms attempt on a loaded machine; the budget (3 s) is what a single long wait would show. */
const STALL_BOUND_MS = 2_000;

describe.each(doctorMatrix)("doctor, the lock step's budget runs out behind a long transaction: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  const scenario = scenarioHooks();

  it("the attach gives up naming the holder while writes go on; doctor explains; after it ends, --fix and deploy complete", async () => {
    const project = (scenario.project = await makeAdsProject(prisma, mode));
    await prepareUnique(project, ROWS, { options: { lockAttemptTimeout: "200ms", lockRetryBudget: "3s" } });
    const attach = folderOf(project, "attach");

    const blocker = await openSession(project.databaseUrl);
    await blocker.query("BEGIN");
    await blocker.query("SELECT 1 FROM impression_counter LIMIT 1");
    const blockerPid = (await blocker.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;

    const writers = await startWriters(project.databaseUrl, 4, ROWS);
    const deploy = await project.deploy();
    const writes = await writers.stop();

    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toContain(`Migration name: ${attach}`);
    expect(deploy.output).toContain("55P03");
    expect(deploy.output).toMatch(/prisma-concurrently: gave up waiting for its lock after \d+ attempts \(lock_timeout 200ms each\) in 3 s: another transaction kept impression_counter locked/);
    expect(deploy.output).toMatch(new RegExp(`DETAIL: pid ${blockerPid} holds AccessShareLock on impression_counter, transaction open \\d+ s \\(idle in transaction\\): SELECT pg_backend_pid\\(\\) AS pid`));
    expect(deploy.output).toContain(`SELECT pg_terminate_backend(${blockerPid});`);
    expect(deploy.output).not.toContain("holds RowExclusiveLock"); // the writers came and went: they held nothing through an attempt
    expect(deploy.output).toContain(`npx prisma migrate resolve --rolled-back ${attach}`);
    expect(writes.errors).toEqual([]);
    expect(writes.longestStallMs).toBeLessThan(STALL_BOUND_MS);
    // The build went through; the attach changed nothing.
    expect(await indexState(project)).toEqual({ valid: true, constraint: null });

    await expectDoctorReports(project, [
      `${attach} failed: lock wait budget ran out.`,
      `attaching "${INDEX}" as a UNIQUE constraint of table "impression_counter", key (ad_id, impression_date)`,
      /It tried \d+ times in 3 s to get its brief ACCESS EXCLUSIVE lock on table "impression_counter", each attempt waiting at most 200ms \(lockAttemptTimeout\)/,
      new RegExp(`When it gave up, another transaction held the table:\\n\\s+pid ${blockerPid} holds AccessShareLock on impression_counter`),
      `Nothing was changed: "${INDEX}" is still a plain unique index, not a constraint.`,
      new RegExp(`pid ${blockerPid} \\(idle in transaction, transaction open \\d+ s, user "[^"]+", application "doctor-test-blocker"\\) holds AccessShareLock on table "impression_counter"`),
      `SELECT pg_terminate_backend(${blockerPid});`,
      `npx prisma migrate resolve --rolled-back ${attach}`,
    ]);

    await blocker.query("COMMIT");
    const fix = await doctor(project, ["--fix"]);
    expect(fix.code, fix.output).toBe(0);
    expect(fix.stdout).not.toContain("DROP INDEX");
    expect(fix.stdout).toContain(`${attach} is pending: it was rolled back after failing (lock wait budget ran out)`);
    expect((await migrationRows(project, attach))[0]!.rolled_back_at).not.toBeNull();
    expect(await indexState(project)).toEqual({ valid: true, constraint: null });

    await expectDeployCompletes(project);
  });
});
