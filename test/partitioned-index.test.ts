// Indexes and uniques on a partitioned table (issue 13), end to end on the real Prisma CLI: the
// fixture's "event" is partitioned by day (three months attached two ways, a DEFAULT partition,
// a month detached). A new @@index and @@unique become CREATE INDEX … ON ONLY the parent, a
// concurrent build per partition and the attaches; writers insert through the parent throughout
// and none of them waits on a lock while a build runs; the parent's indexes end valid; `migrate
// diff --exit-code` is 0; a second generate writes nothing; `check` passes the folders. A unique
// without the partition key is refused with the reason; a removed index is dropped under lock_timeout.
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { makeProject, pairs, type Project } from "./support/project.js";
import { addToModel, removeFromModel } from "./support/schema-edit.js";
import { ownCli } from "./support/cli.js";

const PER_PARTITION = 40_000;
const PARTITIONS = ["event_2025_01", "event_2025_02", "event_2025_03", "event_default"];

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

/** Rows in every partition: account_id unique, so (account_id, day) is. */
export async function seedEvents(p: Project, perPartition = PER_PARTITION) {
  await p.sql(`INSERT INTO "event" (account_id, day, kind)
    SELECT g, (ARRAY['2025-01-15', '2025-02-15', '2025-03-15', '2026-06-01'])[1 + g % 4]::date, 'k' || (g % 7)
      FROM generate_series(1, ${perPartition * 4}) g`);
}

/**
 * Two clients inserting through the parent into every partition until stopped; a poller notes each
 * time a writer waits on a lock while an index build runs (pg_stat_progress_create_index).
 */
export function startEventWriters(url: string) {
  let stopped = false;
  const tally = { inserts: 0, duringBuild: 0, waitsDuringBuild: [] as string[], errors: [] as string[], maxLatencyMs: 0 };
  let building = false;
  const poll = (async () => {
    const client = new pg.Client({ connectionString: url, application_name: "poller" });
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query(`SELECT (SELECT count(*)::int FROM pg_stat_progress_create_index) AS builds,
        (SELECT string_agg(query, ' | ') FROM pg_stat_activity WHERE application_name = 'writer' AND wait_event_type = 'Lock') AS waiting`);
      building = rows[0].builds > 0;
      if (building && rows[0].waiting) tally.waitsDuringBuild.push(rows[0].waiting);
      await new Promise((r) => setTimeout(r, 20));
    }
    await client.end();
  })();
  const writers = [1, 2].map(async (w) => {
    const client = new pg.Client({ connectionString: url, application_name: "writer" });
    await client.connect();
    for (let n = 0; !stopped; n++) {
      const wasBuilding = building;
      const started = performance.now();
      try {
        await client.query(`INSERT INTO "event" (account_id, day, kind) VALUES ($1, $2, 'w')`, [w * 10_000_000 + n, ["2025-01-20", "2025-02-20", "2025-03-20", "2027-01-01"][n % 4]]);
        tally.inserts++;
        if (wasBuilding && building) tally.duringBuild++;
      } catch (error) {
        tally.errors.push((error as Error).message);
      }
      tally.maxLatencyMs = Math.max(tally.maxLatencyMs, performance.now() - started);
    }
    await client.end();
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all([poll, ...writers]);
      return tally;
    },
  };
}

export async function indexValidity(p: Project, names: string[]) {
  const rows = await p.sql<{ name: string; valid: boolean }>(
    `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ANY($1) ORDER BY 1`, [names]);
  return Object.fromEntries(rows.map((r) => [r.name, r.valid]));
}

/** Each partition's index attached to `parent` (pg_inherits), with its validity. */
export async function attachedTo(p: Project, parent: string) {
  return p.sql<{ partition: string; index: string; valid: boolean }>(`
    SELECT t.relname AS partition, c.relname AS index, i.indisvalid AS valid
      FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid JOIN pg_index i ON i.indexrelid = c.oid JOIN pg_class t ON t.oid = i.indrelid
     WHERE h.inhparent = $1::regclass ORDER BY 1`, [parent]);
}

describe.each(pairs)("indexes on a partitioned table: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  it("builds a new @@index and @@unique partition by partition while writers insert; diff 0; nothing more to generate; a removed one is dropped under lock_timeout", async () => {
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
    // The unique: pre-check, ON ONLY, 4 builds, 4 attaches; the index: ON ONLY, 4 builds, 4 attaches.
    expect(written).toHaveLength(1 + 9 + 9);
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

    // Removed: DROP INDEX (PostgreSQL refuses CONCURRENTLY on a partitioned index) under lock_timeout.
    project.editSchema((s) => removeFromModel(s, "Event", "@@index([kind])"));
    expect((await project.generate()).code).toBe(0);
    const drop = project.migrations().at(-1)!;
    expect(drop).toMatch(/_concurrently_drop_partitioned_index_event_kind_idx$/);
    expect(project.readMigration(drop)).toContain(`SET lock_timeout = '5s';\nDROP INDEX "event_kind_idx";\nRESET lock_timeout;`);
    expect((await ownCli(project, ["check"])).code).toBe(0);
    expect((await project.deploy()).code).toBe(0);
    expect(await indexValidity(project, ["event_kind_idx"])).toEqual({});
    expect((await project.diff()).code).toBe(0);
  });
});
