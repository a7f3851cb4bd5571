// Issue 12, lock waits: a session keeps `BEGIN; SELECT 1 FROM impression_counter LIMIT 1;` open
// (ACCESS SHARE held until it ends) while `prisma migrate deploy` applies the generated folders and
// four writers run. The attach needs ACCESS EXCLUSIVE: each attempt waits at most
// lockAttemptTimeout, then lets go and backs off, so writers queue behind it for one attempt at
// most, never for the whole time the long transaction lasts; once it ends, the attach completes.
// Afterwards the history replay follows the lock step: a second `prisma generate` writes nothing
// and `check` passes the generated folders.
import { describe, expect, it } from "vitest";
import { INDEX, folderOf, indexState, makeAdsProject, openSession, prepareUnique, scenarioHooks } from "./support/doctor.js";
import { pairs } from "./support/project.js";
import { ownCli } from "./support/cli.js";
import { startWriters } from "./support/stall-writers.js";
import { sampleDeployWaits } from "./support/deploy-waits.js";

const ROWS = 20_000;
const ATTEMPT_MS = 200;
/** How long the long transaction stays open once the attach waits: far longer than the writers' bound below. */
const HOLD_MS = 8_000;
/** Generous against one attempt (a loaded test machine), and far below HOLD_MS: what a queue behind the whole wait would show. */
const STALL_BOUND_MS = 3_000;

describe.each(pairs)("the retrying lock step behind a long transaction: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  const scenario = scenarioHooks();

  it("retries short waits while writers go on, then attaches once the transaction ends; the history stays followed", async () => {
    const project = (scenario.project = await makeAdsProject(prisma, mode));
    await prepareUnique(project, ROWS, { options: { lockAttemptTimeout: `${ATTEMPT_MS}ms`, lockRetryBudget: "2min" } });
    const attach = folderOf(project, "attach");
    expect(project.readMigration(attach)).toContain("<<prisma_concurrently_lock_step>>");

    const blocker = await openSession(project.databaseUrl);
    await blocker.query("BEGIN");
    await blocker.query("SELECT 1 FROM impression_counter LIMIT 1");

    const writers = await startWriters(project.databaseUrl, 4, ROWS);
    const waits = await sampleDeployWaits(project.databaseUrl);
    const deploy = project.startPrisma(["migrate", "deploy"]);
    const waitingSince = await waits.lockWaitSeen();
    await new Promise((r) => setTimeout(r, HOLD_MS));
    const released = performance.now();
    await blocker.query("COMMIT");
    const result = await deploy.result;
    const done = performance.now();
    await waits.stop();
    const writes = await writers.stop();
    console.log(`lock step, Prisma ${prisma} ${mode}: ${waits.lockWaits()} lock waits seen, writers' longest stall ${Math.round(writes.longestStallMs)} ms ` +
      `(attempt ${ATTEMPT_MS} ms), ${writes.completedBetween(waitingSince, released)} writes while it retried, done ${Math.round(done - released)} ms after the transaction ended`);

    expect(result.code, result.output).toBe(0);
    expect(await indexState(project)).toEqual({ valid: true, constraint: INDEX });
    // It retried: separate lock waits, with its backoff between them (each a new attempt).
    expect(waits.lockWaits()).toBeGreaterThanOrEqual(3);
    expect(waits.samples.some((s) => s.wait === "Timeout:PgSleep")).toBe(true);
    // Writers were never stalled for the long transaction, only for about one attempt, and kept writing meanwhile.
    expect(writes.errors).toEqual([]);
    expect(writes.longestStallMs).toBeLessThan(STALL_BOUND_MS);
    expect(writes.completedBetween(waitingSince, released)).toBeGreaterThan(50);
    // It completed soon after the transaction ended (within a backoff pause and Prisma's own bookkeeping).
    expect(done - released).toBeLessThan(15_000);

    // The replay follows the lock step: nothing more to generate, check passes, Prisma sees no drift.
    const before = project.migrations();
    const again = await project.generate();
    expect(again.code, again.output).toBe(0);
    expect(project.migrations()).toEqual(before);
    const check = await ownCli(project, ["check"]);
    expect(check.code, check.output).toBe(0);
    expect(check.output).not.toContain("DO block");
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
  });
});
