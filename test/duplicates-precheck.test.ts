// Issue 4, "duplicates present, pre-check on", end to end through the real Prisma CLI: the deploy
// stops at the pre-check with its report and creates no index; `duplicates` reports the same
// groups with their primary keys and the next steps; its --sql dedupe (with --sum counter, so
// totals are preserved) is applied; after `migrate resolve --rolled-back` the deploy completes and
// Prisma sees no difference between history and schema. Also: the dedupe statement works as the
// only statement of a migration folder, in both script modes.
import { addAdDateUnique, seedImpressions, AD_DATE_UNIQUE as UNIQUE } from "./support/ads.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { indexesOf } from "./support/database.js";
import { makeProject, one, pairs, type PrismaMajor, type Project, type ScriptMode } from "./support/project.js";
import { duplicatesCli } from "./support/cli.js";

const NOW = "2026-03-01T10:00:00Z";
const PRECHECK = "20260301100000_concurrently_precheck_unique_impression_counter_ad_id_impression_date";


const duplicates = duplicatesCli;

/** 20,000 distinct keys, then 50 keys with one extra row each and key (1, 2026-01-01) with 3 more: 50 groups, 53 surplus rows. */
async function seedWithDuplicates(project: Project) {
  await seedImpressions(project, 20_000);
  await project.sql(`INSERT INTO impression_counter (ad_id, impression_date, counter) SELECT ad_id, impression_date, 10 FROM impression_counter WHERE id <= 50 ORDER BY id`);
  await project.sql(`INSERT INTO impression_counter (ad_id, impression_date, counter) SELECT ad_id, impression_date, 100 FROM impression_counter, generate_series(1, 3) WHERE id = 1`);
}

/** The ads project, deployed, seeded with duplicates, the unique added and `prisma generate` run (the folders written). */
async function adsWithDuplicates(prisma: PrismaMajor, mode: ScriptMode): Promise<Project> {
  const project = await makeProject("ads", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: NOW } });
  expect((await project.deploy()).code).toBe(0);
  await seedWithDuplicates(project);
  project.editSchema(addAdDateUnique);
  const generate = await project.generate();
  expect(generate.code, generate.output).toBe(0);
  expect(project.migrations()).toContain(PRECHECK);
  return project;
}

async function totals(project: Project) {
  const [row] = await project.sql<{ rows: string; keys: string; total: string }>(
    `SELECT count(*) AS rows, count(DISTINCT (ad_id, impression_date)) AS keys, sum(counter) AS total FROM impression_counter`,
  );
  return { rows: Number(row!.rows), keys: Number(row!.keys), total: Number(row!.total) };
}

describe.each(pairs)("duplicates with the pre-check on: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it("deploy stops at the pre-check; duplicates reports; --sql --sum dedupes keeping totals; resolve; deploy completes", async () => {
    project = await adsWithDuplicates(prisma, mode);
    const before = await totals(project);
    expect(before).toEqual({ rows: 20053, keys: 20000, total: expect.any(Number) });

    // 1. The deploy stops at the pre-check with its report, and no index was created.
    const stopped = await project.deploy();
    expect(stopped.code, stopped.output).not.toBe(0);
    expect(stopped.output).toContain("P3018");
    expect(stopped.output).toContain(PRECHECK);
    expect(stopped.output).toMatch(/table "impression_counter" has 50 duplicate key groups on \(ad_id, impression_date\) \(53 surplus rows\)/);
    expect(stopped.output).toContain("('1', '2026-01-01') x 5");
    expect((await indexesOf(project.databaseUrl, "impression_counter")).map((i) => i.name)).not.toContain(UNIQUE);

    // 2. `duplicates` reports the same, with primary keys and the exact next steps.
    const report = await duplicates(project, []);
    expect(report.code, report.output).toBe(0);
    expect(report.stdout).toContain("ImpressionCounter @@unique([adId, impressionDate])");
    expect(report.stdout).toContain('table "impression_counter", key (ad_id, impression_date), primary key (id)');
    expect(report.stdout).toContain("50 duplicate groups, 53 surplus rows (103 rows share a key;");
    expect(report.stdout).toMatch(/\(ad_id, impression_date\)=\(1, 2026-01-01\) {2}5 rows {2}id: 1, 20001, 20051, 20052, 20053\n/);
    expect(report.stdout).toMatch(/\(ad_id, impression_date\)=\(2, 2026-01-01\) {2}2 rows {2}id: 2, 20002\n/);
    expect(report.stdout).toContain("(+40 more groups; --limit <n> lists more)");
    expect(report.stdout).toContain(`the deploy stopped at ${PRECHECK}`);
    expect(report.stdout).toContain("--model ImpressionCounter --fields adId,impressionDate --sql --keep first > dedupe.sql");
    expect(report.stdout).toContain(`npx prisma migrate resolve --rolled-back ${PRECHECK}`);
    const password = decodeURIComponent(new URL(project.databaseUrl).password);
    expect(password.length).toBeGreaterThan(0);
    expect(report.output).not.toContain(`:${password}@`); // the password is never shown
    expect(report.stdout).toMatch(/postgres(ql)?:\/\/[^:]+:\*\*\*\*@/);

    const json = await duplicates(project, ["--json", "--limit", "2", "--exit-code"]);
    expect(json.code, json.output).toBe(2);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.uniques).toHaveLength(1);
    expect(parsed.uniques[0]).toMatchObject({
      model: "ImpressionCounter", table: "impression_counter", columns: ["ad_id", "impression_date"], status: "checked",
      primaryKey: ["id"], duplicateGroups: 50, surplusRows: 53, failedMigration: PRECHECK,
      largestGroups: [
        { key: { ad_id: "1", impression_date: "2026-01-01" }, rows: 5, primaryKeys: ["1", "20001", "20051", "20052", "20053"] },
        { key: { ad_id: "2", impression_date: "2026-01-01" }, rows: 2, primaryKeys: ["2", "20002"] },
      ],
    });

    // 3. The dedupe statement, printed (stdout: SQL only), reviewed, applied with Prisma's own `db execute`.
    const sql = await duplicates(project, ["--model", "ImpressionCounter", "--fields", "adId,impressionDate", "--sql", "--keep", "first", "--sum", "counter"]);
    expect(sql.code, sql.output).toBe(0);
    expect(sql.stdout).toMatch(/^-- prisma-concurrently: remove the duplicate keys \(ad_id, impression_date\) of "impression_counter"/);
    expect(sql.stdout).toContain("DO $prisma_concurrently_dedupe$");
    expect(sql.stderr).toContain("50 duplicate groups, 53 surplus rows");
    expect(sql.stderr).toContain("1 dedupe statement printed to stdout (nothing was changed)");
    expect(await totals(project)).toEqual(before); // printing it changed nothing
    writeFileSync(join(project.dir, "dedupe.sql"), sql.stdout);
    const execute = await project.prisma(["db", "execute", "--file", "dedupe.sql", ...(prisma === 6 ? ["--url", project.databaseUrl] : [])]);
    expect(execute.code, execute.output).toBe(0);
    expect(await totals(project)).toEqual({ rows: 20000, keys: 20000, total: before.total });
    expect((await project.sql(`SELECT id, counter FROM impression_counter WHERE id IN (1, 2, 20001)`)).sort((a, b) => Number(a.id) - Number(b.id)))
      .toEqual([{ id: 1, counter: 0 + 10 + 300 }, { id: 2, counter: 1 + 10 }]);

    const clean = await duplicates(project, []);
    expect(clean.code, clean.output).toBe(0);
    expect(clean.stdout).toContain("no duplicates: the unique index can be built.");

    // 4. Resolve the failed pre-check, deploy again: it completes, and Prisma sees no drift.
    expect((await project.resolve("--rolled-back", PRECHECK)).code).toBe(0);
    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    expect((await indexesOf(project.databaseUrl, "impression_counter")).find((i) => i.name === UNIQUE))
      .toMatchObject({ valid: true, unique: true, constraint: UNIQUE });
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);

    const done = await duplicates(project, []);
    expect(done.code, done.output).toBe(0);
    expect(done.stdout).toMatch(/no pending uniques: the schema's unique is already enforced by a valid unique index/);
  });
});

describe.each(one)(
  "the dedupe statement as a migration: Prisma $prisma, script mode $mode",
  ({ prisma, mode }) => {
    let project: Project | undefined;
    afterEach(() => project?.remove());

    it("--keep last, as the only statement of a migration folder before the pre-check: one deploy does it all", async () => {
      project = await adsWithDuplicates(prisma, mode);
      const sql = await duplicates(project, ["--sql", "--keep", "last"]);
      expect(sql.code, sql.output).toBe(0);
      project.addMigration("20260301095959_dedupe_impression_counter", sql.stdout);
      const deploy = await project.deploy();
      expect(deploy.code, deploy.output).toBe(0);
      expect(await totals(project)).toMatchObject({ rows: 20000, keys: 20000 });
      // --keep last: the highest id of each group stayed
      expect(await project.sql(`SELECT id FROM impression_counter WHERE ad_id = 1 AND impression_date = DATE '2026-01-01'`)).toEqual([{ id: 20053 }]);
      expect((await indexesOf(project.databaseUrl, "impression_counter")).find((i) => i.name === UNIQUE)).toMatchObject({ valid: true, constraint: UNIQUE });
      expect((await project.diff()).code).toBe(0);
    });
  },
);
