// Issue 4, the attach behind a long transaction: a second session keeps a transaction open that
// read the table (ACCESS SHARE held until it ends). The concurrent build does not need to wait for
// it, but the attach needs a brief ACCESS EXCLUSIVE lock: with lockTimeout = "1s" it gives up after
// a second instead of queueing, so a writer running all along is never held up for long. `doctor`
// names the blocking session; once it ends, `doctor --fix` marks the attach rolled back (it changed
// nothing: the constraint does not exist) and the next deploy completes.
import { describe, expect, it } from "vitest";
import {
  INDEX, doctor, expectDeployCompletes, expectDoctorReports, folderOf, indexState, makeAdsProject, migrationRows, openSession, prepareUnique,
  doctorMatrix, scenarioHooks,
} from "./support/doctor.js";

const ROWS = 50_000;

/** Inserts a row every 50 ms until stopped; reports the slowest insert. */
function startWriter(url: string) {
  let stop = false;
  let slowestMs = 0;
  let inserted = 0;
  const done = (async () => {
    const session = await openSession(url);
    try {
      while (!stop) {
        const started = Date.now();
        await session.query(
          `INSERT INTO impression_counter (ad_id, impression_date, counter) VALUES (1 + $1::int % 100, DATE '2030-01-01' + $1::int / 100, 1)`,
          [inserted],
        );
        slowestMs = Math.max(slowestMs, Date.now() - started);
        inserted++;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await session.end();
    }
  })();
  return { async stop() { stop = true; await done; return { slowestMs, inserted }; } };
}

describe.each(doctorMatrix)("doctor, attach behind a long transaction: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  const scenario = scenarioHooks();

  it("the attach fails fast on its lock_timeout while writes go on; doctor names the blocker; after it ends, --fix and deploy complete", async () => {
    const project = (scenario.project = await makeAdsProject(prisma, mode));
    await prepareUnique(project, ROWS, { options: { lockTimeout: "1s" } });
    const attach = folderOf(project, "attach");

    const blocker = await openSession(project.databaseUrl);
    await blocker.query("BEGIN");
    await blocker.query("SELECT id FROM impression_counter LIMIT 1");
    const blockerPid = (await blocker.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;

    const writer = startWriter(project.databaseUrl);
    const started = Date.now();
    const deploy = await project.deploy();
    const seconds = (Date.now() - started) / 1000;
    const writes = await writer.stop();

    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toContain(`Migration name: ${attach}`);
    expect(deploy.output).toContain("55P03");
    expect(deploy.output).toContain("canceling statement due to lock timeout");
    expect(seconds).toBeLessThan(30); // it gave up; it did not wait for the open transaction
    expect(writes.inserted).toBeGreaterThan(10);
    expect(writes.slowestMs).toBeLessThan(3_000); // writers waited behind the attach for lock_timeout at most
    // The build went through; the attach changed nothing.
    expect(await indexState(project)).toEqual({ valid: true, constraint: null });

    await expectDoctorReports(project, [
      `${attach} failed: lock timeout.`,
      `attaching "${INDEX}" as a UNIQUE constraint of table "impression_counter", key (ad_id, impression_date)`,
      "It waited longer than lock_timeout for its brief ACCESS EXCLUSIVE lock",
      `Nothing was changed: "${INDEX}" is still a plain unique index, not a constraint.`,
      new RegExp(`pid ${blockerPid} \\(idle in transaction, transaction open \\d+ s, user "[^"]+", application "doctor-test-blocker"\\) holds AccessShareLock on table "impression_counter"`),
      `SELECT pg_terminate_backend(${blockerPid});`,
      `npx prisma migrate resolve --rolled-back ${attach}`,
    ]);

    await blocker.query("COMMIT");
    const fix = await doctor(project, ["--fix"]);
    expect(fix.code, fix.output).toBe(0);
    expect(fix.stdout).not.toContain("DROP INDEX");
    expect(fix.stdout).toContain(`${attach} is pending: it was rolled back after failing (lock timeout)`);
    expect((await migrationRows(project, attach))[0]!.rolled_back_at).not.toBeNull();
    expect(await indexState(project)).toEqual({ valid: true, constraint: null });

    await expectDeployCompletes(project);
  });
});
