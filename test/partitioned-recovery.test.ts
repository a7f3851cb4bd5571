// A deploy of a partitioned table's unique that stops halfway (issue 13): a duplicate key in the
// second partition (no pre-check) fails that partition's build and leaves its INVALID index. `doctor`
// says which partitions are built and which are not attached, `doctor --fix` drops only that INVALID
// index and marks the migration rolled back, and the next deploy goes on from that partition:
// the first partition's index is not built again (same OID), the parent's index ends valid, diff 0.
import { afterEach, describe, expect, it } from "vitest";
import { makeProject, one, type Project } from "./support/project.js";
import { addToModel, setGeneratorOption } from "./support/schema-edit.js";
import { doctor } from "./support/doctor.js";
import { attachedTo, indexValidity, seedEvents } from "./support/events.js";

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

const oidOf = async (p: Project, pattern: string) =>
  (await p.sql<{ oid: number; name: string }>(`SELECT c.oid::int AS oid, c.relname AS name FROM pg_class c WHERE c.relname LIKE $1`, [pattern]))[0];

describe.each(one)("a partitioned unique's deploy stopped halfway: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  it("doctor says which partitions are built, --fix drops only the INVALID leftover, the redeploy resumes without rebuilding", async () => {
    project = await makeProject("events", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
    expect((await project.deploy()).code).toBe(0);
    await seedEvents(project, 2_000);
    // Account 1's row is in event_2025_02, the second partition built.
    await project.sql(`INSERT INTO "event" (account_id, day, kind) SELECT account_id, day, 'dup' FROM "event" WHERE account_id = 1`);

    project.editSchema((s) => setGeneratorOption(addToModel(s, "Event", "@@unique([accountId, day])"), "precheck", "false"));
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    const written = project.migrations().slice(1);
    expect(written[0]).toMatch(/_concurrently_index_on_only_event_account_id_day$/);
    const failing = written.find((f) => f.includes("_index_partition_event_2025_02_"))!;

    const deploy = await project.deploy();
    expect(deploy.code).not.toBe(0);
    const first = await oidOf(project, "event_2025_01_event_account_id_day_key_pcp_%");
    expect(first).toBeDefined();
    expect(await indexValidity(project, [first!.name, "event_account_id_day_key"])).toEqual({ [first!.name]: true, event_account_id_day_key: false });

    const report = await doctor(project);
    expect(report.code, report.output).toBe(1);
    expect(report.output).toContain(`${failing} failed: duplicate keys.`);
    expect(report.output).toMatch(/It left the INVALID index "public"\."event_2025_02_event_account_id_day_key_pcp_[0-9a-f]{8}" behind/);
    expect(report.output).toContain('The index "public"."event_account_id_day_key" of the partitioned table "event" is INVALID: 4 partitions have no index attached to it yet.');
    expect(report.output).toContain('Not attached yet: "event_2025_01", "event_2025_02", "event_2025_03", "event_default".');

    const fix = await doctor(project, ["--fix"]);
    expect(fix.output).toMatch(/DROP INDEX CONCURRENTLY "public"\."event_2025_02_event_account_id_day_key_pcp_[0-9a-f]{8}";/);
    expect(await oidOf(project, "event_2025_02_event_account_id_day_key_pcp_%")).toBeUndefined();
    expect(await oidOf(project, "event_2025_01_event_account_id_day_key_pcp_%")).toEqual(first); // the valid one stays
    expect(await oidOf(project, "event_account_id_day_key")).toBeDefined(); // the parent's, INVALID until attached, stays

    await project.sql(`DELETE FROM "event" WHERE kind = 'dup'`);
    const redeploy = await project.deploy();
    expect(redeploy.code, redeploy.output).toBe(0);
    expect(await oidOf(project, "event_2025_01_event_account_id_day_key_pcp_%")).toEqual(first); // not built again
    expect(await indexValidity(project, ["event_account_id_day_key"])).toEqual({ event_account_id_day_key: true });
    expect((await attachedTo(project, "event_account_id_day_key")).every((a) => a.valid)).toBe(true);
    expect((await doctor(project)).code).toBe(0);
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
  }, 420_000); // a dozen Prisma CLI runs and three deploys

  it("a partition made outside the migrations: the last folder fails the deploy naming it, and doctor lists it", async () => {
    project = await makeProject("events", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
    expect((await project.deploy()).code).toBe(0);
    await project.sql(`CREATE TABLE "event_2027" PARTITION OF "event" FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')`); // as an application does
    await seedEvents(project, 500);
    project.editSchema((s) => addToModel(s, "Event", "@@index([kind])"));
    expect((await project.generate()).code).toBe(0);
    const verify = project.migrations().at(-1)!;
    expect(verify).toMatch(/_concurrently_verify_partitioned_index_event_kind_idx$/);
    const deploy = await project.deploy();
    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toContain('the index "event_kind_idx" of "event" is still INVALID: the partitions public.event_2027 have no valid index attached');
    const report = await doctor(project);
    expect(report.output).toContain('Not attached yet: "event_2027".');
  }, 420_000);
});
