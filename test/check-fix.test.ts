// `check` and `fix` end to end: Prisma's own SQL for a new @@unique (what `prisma migrate dev`
// writes) is caught by `check` and named by the generator; `fix` rewrites it into the generator's
// concurrent folders, which pass `check`, deploy through the real Prisma CLI, and leave
// `migrate diff --exit-code` at 0. And `fix` refuses a migration the database already applied.
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { indexesOf } from "./support/database.js";
import { makeProject, one, repoRoot, type Project } from "./support/project.js";
import { startProcess } from "./support/process.js";
import { AD_DATE_UNIQUE as UNIQUE } from "./support/ads.js";
import { addAdDateUnique, jsonCheck, ownCli, prismaScript } from "./support/cli.js";
import { appliedStatus } from "../src/fix/applied.js";
import { withClient } from "../src/io/database.js";

const MIGRATION = "20260301090000_add_unique";
const addClickIndex = (schema: string) => schema.replace('@map("clicked_at")', '@map("clicked_at")\n\n  @@index([clickedAt])');

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

// Both majors and both script modes, in two runs (the folders themselves are the generator's,
// which the ads scenario deploys under the whole matrix).

describe.each(one)("fix on a migration Prisma wrote: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  const full = prisma === 7; // the slower extra steps, once

  it("check fails on it, fix moves the build into concurrent folders, deploy applies them, diff is 0", async () => {
    project = await makeProject("ads", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
    expect((await project.deploy()).code).toBe(0);
    await project.sql(`INSERT INTO "Ad" (title) SELECT 'ad ' || g FROM generate_series(1, 50) g`);
    await project.sql(`INSERT INTO impression_counter (ad_id, impression_date) SELECT 1 + g % 50, DATE '2026-01-01' + g / 50 FROM generate_series(0, 4999) g`);
    project.editSchema((s) => addClickIndex(addAdDateUnique(s)));
    const prismaSql = await prismaScript(project);
    expect(prismaSql).toContain(`CREATE UNIQUE INDEX "${UNIQUE}" ON "impression_counter"("ad_id", "impression_date");`);
    project.addMigration(MIGRATION, prismaSql);

    const before = await jsonCheck(project);
    expect(before.code, before.output).toBe(1);
    expect(before.report.findings.map((f: { rule: string; migration: string }) => [f.rule, f.migration])).toEqual([
      ["blocking-index", MIGRATION], ["blocking-unique-index", MIGRATION],
    ]);
    expect(before.report.findings[1].fix).toContain(`npx prisma-concurrently fix ${MIGRATION}`);

    if (full) {
      const generate = await project.generate();
      expect(generate.code, generate.output).toBe(0);
      // One line per migration, naming its first blocking statement: here Prisma's CREATE INDEX.
      expect(generate.stdout).toContain(`prisma/migrations/${MIGRATION}/migration.sql line ${before.report.findings[0].line}: CREATE INDEX "Click_clicked_at_idx" on "Click", a table that existed before this migration, blocks every INSERT`);
      expect(generate.stdout).toContain(`If it is not deployed anywhere yet: npx prisma-concurrently fix ${MIGRATION}`);
      expect(generate.stdout).not.toContain("wrote");
    }

    const fix = await ownCli(project, ["fix", MIGRATION]);
    expect(fix.code, fix.output).toBe(0);
    // Prisma writes the @@index's CREATE INDEX first: it becomes a CREATE INDEX CONCURRENTLY folder.
    const folders = [
      "20260301090001_concurrently_create_index_click_clicked_at_idx",
      `20260301090002_concurrently_precheck_unique_impression_counter_ad_id_impression_date`,
      `20260301090003_concurrently_index_unique_impression_counter_ad_id_impression_date`,
      `20260301090004_concurrently_attach_unique_impression_counter_ad_id_impression_date`,
    ];
    expect(project.migrations()).toEqual(["20250101000000_init", MIGRATION, ...folders]);
    expect(fix.stdout).toContain(`rewrote prisma/migrations/${MIGRATION}/migration.sql  (moved the blocking statements of "Click_clicked_at_idx", "${UNIQUE}")`);
    for (const folder of folders) expect(fix.stdout).toContain(`wrote prisma/migrations/${folder}`);
    expect(fix.stdout).toMatch(/only postgresql:\/\/\S+ \(from (prisma\.config\.ts|DATABASE_URL)\) was checked/);
    expect(project.readMigration(MIGRATION)).not.toContain('CREATE INDEX "Click_clicked_at_idx" ON');
    // The project's Prisma read the schema, so the headers name the model, as the generator's do.
    expect(project.readMigration(folders[2]!)).toContain(`-- prisma-concurrently: build the unique index "${UNIQUE}" for ImpressionCounter @@unique([adId, impressionDate])`);

    const after = await jsonCheck(project);
    expect(after.code, after.output).toBe(0);
    expect(after.report.findings).toEqual([]);

    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    expect((await indexesOf(project.databaseUrl, "impression_counter")).find((i) => i.name === UNIQUE)).toMatchObject({ valid: true, unique: true, constraint: UNIQUE });
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
    if (full) {
      const again = await project.generate();
      expect(again.code, again.output).toBe(0);
      expect(again.stdout).not.toContain("prisma-concurrently:");
    }
  });
});

describe("fix refuses a migration the database already applied (Prisma 7)", () => {
  it("refuses when _prisma_migrations has it, and when it cannot tell; --force skips the look-up", async () => {
    project = await makeProject("ads", { prisma: 7 });
    project.editSchema(addAdDateUnique);
    project.addMigration(MIGRATION, await prismaScript(project));
    expect((await project.deploy()).code).toBe(0); // as `prisma migrate dev` would have applied it
    const original = project.readMigration(MIGRATION);
    const unchanged = () => {
      expect(project!.readMigration(MIGRATION)).toBe(original);
      expect(project!.migrations()).toEqual(["20250101000000_init", MIGRATION]);
    };

    const applied = await ownCli(project, ["fix", `prisma/migrations/${MIGRATION}`]);
    expect(applied.code, applied.output).toBe(1);
    expect(applied.stderr).toContain(`prisma-concurrently fix: ${MIGRATION} is already applied to postgresql://`);
    expect(applied.stderr).toContain("then `npx prisma migrate dev`,\n  which sees the edited migration and asks to reset that database");
    unchanged();

    const noUrl = await ownCli(project, ["fix", MIGRATION], { DATABASE_URL: "" });
    expect(noUrl.code, noUrl.output).toBe(1);
    expect(noUrl.stderr).toContain(`cannot tell whether ${MIGRATION} is already applied, so nothing was changed: no database URL (none in --url`);
    expect(noUrl.stderr).toContain("--force if you know it was never deployed anywhere");
    const unreachable = await ownCli(project, ["fix", MIGRATION, "--url", "postgresql://nobody:secret@127.0.0.1:9/none"]);
    expect(unreachable.code, unreachable.output).toBe(1);
    expect(unreachable.stderr).toContain("cannot connect to postgresql://nobody:****@127.0.0.1:9/none (from --url)");
    unchanged();

    // What the look-up reads: applied, failed (finished_at NULL), and rolled back (not counted).
    const status = () => withClient({ url: project!.databaseUrl, source: "test" }, (client) => appliedStatus(client, MIGRATION));
    expect(await status()).toBe("applied");
    await project.sql(`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = $1`, [MIGRATION]);
    expect(await status()).toBe("failed");
    await project.sql(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1`, [MIGRATION]);
    expect(await status()).toBe("absent");

    const forced = await ownCli(project, ["fix", MIGRATION, "--force"], { DATABASE_URL: "" });
    expect(forced.code, forced.output).toBe(0);
    expect(forced.stdout).toContain("--force: did not check whether the migration is already applied anywhere.");
    expect(project.migrations()).toHaveLength(5);
  });
});

describe("fix killed while it moves the new folders in (Prisma 7)", () => {
  it("has rewritten the original first: no index built twice; generate completes the set and deploy applies it", async () => {
    project = await makeProject("ads", { prisma: 7, mode: "whole", env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
    expect((await project.deploy()).code).toBe(0);
    project.editSchema(addAdDateUnique);
    project.addMigration(MIGRATION, await prismaScript(project));
    const p = project;
    // Held after the pre-check and the build have moved in, before the attach: then killed outright.
    const fix = startProcess(process.execPath, [join(repoRoot, "dist", "bin.js"), "fix", MIGRATION, "--force"], {
      cwd: p.dir, env: { ...process.env, PRISMA_CONCURRENTLY_TEST_PAUSE: "moved:2:60000" }, detached: true,
    });
    try {
      const deadline = Date.now() + 90_000;
      while (p.migrations().filter((m) => m.includes("_concurrently_")).length < 2) {
        if (Date.now() > deadline) throw new Error(`fix never reached its pause: ${(await Promise.race([fix.result, sleep(10, null)]))?.output}`);
        await sleep(50);
      }
    } finally {
      fix.killGroup("SIGKILL");
    }
    await fix.result;
    expect(project.readMigration(MIGRATION)).toMatch(/^-- prisma-concurrently fix:/m);
    expect(project.readMigration(MIGRATION)).not.toMatch(new RegExp(`^CREATE UNIQUE INDEX "${UNIQUE}"`, "m"));
    const check = await jsonCheck(project);
    expect(check.report.findings.map((f: { rule: string }) => f.rule)).not.toContain("index-built-twice");

    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    expect(generate.stdout).toMatch(/completes it/);
    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    expect((await indexesOf(project.databaseUrl, "impression_counter")).find((i) => i.name === UNIQUE)).toMatchObject({ valid: true, constraint: UNIQUE });
  });
});
