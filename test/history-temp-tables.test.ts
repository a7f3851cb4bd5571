// A data backfill through a temporary table, as a user writes it into a migration: the temporary
// table, its index and its DROP are not the permanent tables of the history. `check` passes it,
// `prisma generate` names no `fix` for it, `fix` leaves it alone, and a unique added afterwards on
// the permanent table whose name the temporary table shadowed is still planned and deploys.
// ON COMMIT DROP depends on how the engine sends the file, so that part runs in both script modes.
import { afterEach, describe, expect, it } from "vitest";
import { indexesOf } from "./support/database.js";
import { makeProject, one, scriptModesSimulated, type Project } from "./support/project.js";
import { AD_DATE_UNIQUE as UNIQUE, addAdDateUnique, seedImpressions } from "./support/ads.js";
import { jsonCheck, ownCli } from "./support/cli.js";

const BACKFILL = "20260301090000_backfill";
const NOW = { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" };

/** Upper-cases the ad titles through an ON COMMIT DROP table, and rebuilds the counters through a temporary table named like them. */
const backfillSql = `BEGIN;
CREATE TEMP TABLE ad_titles ON COMMIT DROP AS SELECT id, upper(title) AS title FROM "Ad";
CREATE UNIQUE INDEX ad_titles_id ON ad_titles (id);
UPDATE "Ad" a SET title = t.title FROM ad_titles t WHERE t.id = a.id;
COMMIT;

CREATE TEMP TABLE "impression_counter" AS SELECT * FROM public."impression_counter";
CREATE UNIQUE INDEX "${UNIQUE}" ON "impression_counter"("ad_id", "impression_date");
UPDATE public."impression_counter" c SET counter = t.counter + 1 FROM "impression_counter" t WHERE t.id = c.id;
DROP TABLE "impression_counter";
`;

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

describe.each(one)("a backfill through temporary tables: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  it("is not a build on an existing table for check, the generator or fix, and a later unique on the shadowed table still deploys", async () => {
    project = await makeProject("ads", { prisma, mode, env: NOW });
    expect((await project.deploy()).code).toBe(0);
    await seedImpressions(project, 500);
    project.addMigration(BACKFILL, backfillSql);

    const check = await jsonCheck(project);
    expect(check.code, check.output).toBe(0);
    expect(check.report.findings).toEqual([]);
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    expect(generate.stdout).not.toContain("prisma-concurrently:");
    const fix = await ownCli(project, ["fix", BACKFILL]);
    expect(fix.output).toContain(`nothing to do: ${BACKFILL} has no CREATE INDEX, CREATE UNIQUE INDEX or DROP INDEX without CONCURRENTLY, no ADD CONSTRAINT … FOREIGN KEY without NOT VALID, and no SET NOT NULL, on an existing table`);

    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    expect((await project.sql(`SELECT count(*)::int AS n FROM "Ad" WHERE title LIKE 'AD %'`))[0]!.n).toBe(100);
    expect((await indexesOf(project.databaseUrl, "impression_counter")).map((i) => i.name)).not.toContain(UNIQUE);

    project.editSchema(addAdDateUnique);
    const planned = await project.generate();
    expect(planned.code, planned.output).toBe(0);
    expect(planned.stdout).toContain(`concurrent build of "${UNIQUE}"`);
    // While the build waits for older transactions the deploy is silent: both say how to see why.
    expect(planned.stdout).toContain("`npx prisma-concurrently watch` in another terminal shows its progress and what it waits for.");
    const buildFolder = project.migrations().find((m) => m.includes("_concurrently_index_unique_"))!;
    expect(project.readMigration(buildFolder)).toContain("While it waits for old transactions deploy is silent: `npx prisma-concurrently watch` shows why.");
    const after = await project.deploy();
    expect(after.code, after.output).toBe(0);
    expect((await indexesOf(project.databaseUrl, "impression_counter")).find((i) => i.name === UNIQUE)).toMatchObject({ valid: true, constraint: UNIQUE });
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
  });
});

// ON COMMIT DROP outside BEGIN … COMMIT: the table lives until the end of the file only when the
// file is one transaction. The warning says so, whatever the engine; deploy proves it in each mode.
describe.runIf(scriptModesSimulated()).each([
  { prisma: 7 as const, mode: "whole" as const },
  { prisma: 7 as const, mode: "split" as const },
])("an ON COMMIT DROP table used by the next statement: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  it("is warned about at generate, is no blocking build for check, and deploys only when the file is one transaction", async () => {
    project = await makeProject("ads", { prisma, mode, env: NOW });
    expect((await project.deploy()).code).toBe(0);
    await seedImpressions(project, 200);
    project.addMigration(BACKFILL, `CREATE TEMP TABLE ad_titles ON COMMIT DROP AS SELECT id, upper(title) AS title FROM "Ad";
CREATE UNIQUE INDEX ad_titles_id ON ad_titles (id);
UPDATE "Ad" a SET title = t.title FROM ad_titles t WHERE t.id = a.id;
`);
    const check = await jsonCheck(project);
    expect(check.code, check.output).toBe(0);
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    expect(generate.stdout).toContain(`warning: ${BACKFILL}/migration.sql line 2: CREATE UNIQUE INDEX ad_titles_id`);
    expect(generate.stdout).toMatch(/"ad_titles" \(line 1\) is ON COMMIT DROP outside BEGIN … COMMIT.*\(newer 7\.x engines\) has dropped it already, so this statement fails there \(42P01\)/);
    expect(generate.stdout).not.toContain("npx prisma-concurrently fix");

    const deploy = await project.deploy();
    if (mode === "whole") {
      expect(deploy.code, deploy.output).toBe(0);
    } else {
      expect(deploy.code).not.toBe(0);
      expect(deploy.output).toContain("42P01");
    }
  });
});

// `prisma migrate deploy` applies every pending migration over one connection: a temporary table
// that a backfill never drops shadows its name for every later migration of the same deploy.
const SHADOWING_BACKFILL = `CREATE TEMP TABLE "impression_counter" AS SELECT * FROM public."impression_counter";
UPDATE public."impression_counter" c SET counter = t.counter FROM "impression_counter" t WHERE t.id = c.id;
`;

describe.each(one)("a backfill whose temporary table is never dropped, deployed in one deploy: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  it("shadows the table for the later migrations of the deploy: an unqualified unique index lands on the temporary table and is gone", async () => {
    project = await makeProject("ads", { prisma, mode, env: NOW });
    project.addMigration(BACKFILL, SHADOWING_BACKFILL);
    project.addMigration("20260301093000_unique", `CREATE UNIQUE INDEX "${UNIQUE}" ON "impression_counter"("ad_id", "impression_date");\n`);
    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    expect((await indexesOf(project.databaseUrl, "impression_counter")).map((i) => i.name)).not.toContain(UNIQUE);
  });

  it("is an error for check, the generator refuses to plan on the shadowed table, and with the DROP added the set lands on the permanent table", async () => {
    project = await makeProject("ads", { prisma, mode, env: NOW });
    project.addMigration(BACKFILL, SHADOWING_BACKFILL);

    const check = await jsonCheck(project);
    expect(check.code, check.output).not.toBe(0);
    expect(check.report.findings).toEqual([expect.objectContaining({ migration: BACKFILL, line: 1, rule: "temp-table-outlives-migration" })]);
    expect(check.report.findings[0]!.fix).toContain('end this migration with DROP TABLE pg_temp."impression_counter";');

    project.editSchema(addAdDateUnique);
    const before = project.migrations();
    const refused = await project.generate();
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(`${BACKFILL}/migration.sql line 1 creates a temporary table "impression_counter" and never drops it.`);
    expect(refused.output).toContain('DROP TABLE IF EXISTS pg_temp."impression_counter";');
    expect(project.migrations()).toEqual(before);

    project.addMigration("20260301093000_drop_backfill_table", `DROP TABLE IF EXISTS pg_temp."impression_counter";\n`);
    const planned = await project.generate();
    expect(planned.code, planned.output).toBe(0);
    expect(planned.stdout).toContain(`concurrent build of "${UNIQUE}"`);
    // A fresh database: init, the backfill, the DROP and the generated set in ONE deploy.
    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    expect((await indexesOf(project.databaseUrl, "impression_counter")).find((i) => i.name === UNIQUE)).toMatchObject({ valid: true, constraint: UNIQUE });
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
  });
});
