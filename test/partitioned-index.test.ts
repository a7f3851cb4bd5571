// Indexes and uniques on a partitioned table (issue 13), end to end on the real Prisma CLI: the
// fixture's "event" is partitioned by day (three months attached two ways, a DEFAULT partition,
// a month detached). A new @@index and @@unique become CREATE INDEX … ON ONLY the parent, a
// concurrent build per partition and the attaches; writers insert through the parent throughout
// and none of them waits on a lock while a build runs; the parent's indexes end valid; `migrate
// diff --exit-code` is 0; a second generate writes nothing; `check` passes the folders. A unique
// without the partition key is refused with the reason; a removed index is dropped in the retrying lock step.
import { afterEach, describe, expect, it } from "vitest";
import { makeProject, pairs, type Project } from "./support/project.js";
import { addToModel, removeFromModel } from "./support/schema-edit.js";
import { ownCli } from "./support/cli.js";
import { attachedTo, indexValidity, seedEvents, startEventWriters } from "./support/events.js";

const PARTITIONS = ["event_2025_01", "event_2025_02", "event_2025_03", "event_default"];

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

describe.each(pairs)("indexes on a partitioned table: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  it("builds a new @@index and @@unique partition by partition while writers insert; diff 0; nothing more to generate; a removed one is dropped in the retrying lock step", async () => {
    project = await makeProject("events", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
    expect((await project.deploy()).code).toBe(0);
    await seedEvents(project);

    // A unique without the partition key: nothing is written, and the reason is given.
    project.editSchema((s) => addToModel(s, "Event", "@@unique([accountId])"));
    const refused = await project.generate();
    expect(refused.code, refused.output).toBe(0);
    expect(refused.output).toContain('skipped Event @@unique([accountId]): a unique on the partitioned table "event" must contain every partition-key column');
    expect(refused.output).toContain('it lacks "day" (the partition key of "event")');
    expect(project.migrations()).toEqual(["20250101000000_init"]);
    project.editSchema((s) => removeFromModel(s, "Event", "@@unique([accountId])"));

    project.editSchema((s) => addToModel(addToModel(s, "Event", "@@index([kind])"), "Event", "@@unique([accountId, day])"));
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    const written = project.migrations().slice(1);
    // The unique: pre-check, ON ONLY, 4 builds, 4 attaches, the check; the index: the same without pre-check.
    expect(written).toHaveLength(1 + 10 + 10);
    expect(written.filter((f) => f.includes("_concurrently_index_partition_"))).toHaveLength(8);
    expect(written.filter((f) => f.includes("_concurrently_attach_partition_index_"))).toHaveLength(8);
    const onOnly = written.find((f) => f.endsWith("_concurrently_index_on_only_event_account_id_day"))!;
    expect(project.readMigration(onOnly)).toContain('CREATE UNIQUE INDEX "event_account_id_day_key" ON ONLY "event"("account_id", "day");');
    expect(project.readMigration(onOnly)).toContain("It stays a unique index, not a constraint");
    for (const f of written.filter((f) => f.includes("_index_partition_"))) {
      expect(project.readMigration(f).split("\n").filter((l) => l && !l.startsWith("--"))).toHaveLength(1); // alone in its file
    }
    const check = await ownCli(project, ["check"]);
    expect(check.code, check.output).toBe(0);

    const writers = startEventWriters(project.databaseUrl);
    await new Promise((r) => setTimeout(r, 300));
    const deploy = await project.deploy();
    const tally = await writers.stop();
    expect(deploy.code, deploy.output).toBe(0);
    expect(tally.errors).toEqual([]);
    expect(tally.duringBuild).toBeGreaterThan(0);
    expect(tally.waitsDuringBuild).toEqual([]);

    expect(await indexValidity(project, ["event_kind_idx", "event_account_id_day_key"])).toEqual({ event_account_id_day_key: true, event_kind_idx: true });
    const attached = await attachedTo(project, "event_account_id_day_key");
    expect(attached.map((a) => a.partition)).toEqual(PARTITIONS);
    expect(attached.every((a) => a.valid && /_pcp_[0-9a-f]{8}$/.test(a.index))).toBe(true);
    // The unique holds across partitions' own rows.
    await expect(project.sql(`INSERT INTO "event" (account_id, day, kind) VALUES (1, (SELECT day FROM "event" WHERE account_id = 1), 'x')`)).rejects.toThrow(/event_2025_\d\d_event_account_id_day_key_pcp_|duplicate key/);

    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
    const again = await project.generate();
    expect(again.code, again.output).toBe(0);
    expect(project.migrations().slice(1)).toEqual(written);

    // Removed: DROP INDEX (PostgreSQL refuses CONCURRENTLY on a partitioned index) in the retrying lock step.
    project.editSchema((s) => removeFromModel(s, "Event", "@@index([kind])"));
    expect((await project.generate()).code).toBe(0);
    const drop = project.migrations().at(-1)!;
    expect(drop).toMatch(/_concurrently_drop_partitioned_index_event_kind_idx$/);
    expect(project.readMigration(drop)).toContain(`\n      DROP INDEX "event_kind_idx";\n`); // inside the retrying lock step
    expect((await ownCli(project, ["check"])).code).toBe(0);
    expect((await project.deploy()).code).toBe(0);
    expect(await indexValidity(project, ["event_kind_idx"])).toEqual({});
    expect((await project.diff()).code).toBe(0);
  }, 420_000); // 19 folders deployed with writers, five generates, two diffs
});
