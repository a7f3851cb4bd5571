// A migration whose DO block adds a column: the history cannot be followed through it. `plan` and
// `prisma generate` say so, with the file and line, instead of "create the column first", and the
// closing line does not contradict them. The way out the message gives works: Prisma's own
// `migrate dev --create-only` writes only the blocking build, and `fix` turns it into folders that deploy.
import { afterEach, describe, expect, it } from "vitest";
import { indexesOf } from "./support/database.js";
import { makeProject, one, type Project } from "./support/project.js";
import { seedImpressions } from "./support/ads.js";
import { ownCli, prismaScript } from "./support/cli.js";
import { addToModel } from "./support/schema-edit.js";

const DO_MIGRATION = "20260201000000_campaign_column";
const UNIQUE = "impression_counter_ad_id_campaign_key";

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

describe.each(one)("a column made by a DO block: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  it("is reported as a place the history cannot be followed, and the step it names works", async () => {
    project = await makeProject("ads", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
    project.addMigration(DO_MIGRATION, `-- add the column only where it is missing\nDO $$ BEGIN\n  IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'impression_counter' AND column_name = 'campaign') THEN\n    ALTER TABLE impression_counter ADD COLUMN campaign INTEGER;\n  END IF;\nEND $$;\n`);
    expect((await project.deploy()).code).toBe(0);
    await seedImpressions(project, 300);
    await project.sql(`UPDATE impression_counter SET campaign = id`);
    project.editSchema((s) => addToModel(addToModel(s, "ImpressionCounter", "campaign Int?"), "ImpressionCounter", "@@unique([adId, campaign])"));

    const plan = await ownCli(project, ["plan"]);
    expect(plan.code, plan.output).toBe(0);
    expect(plan.stdout).toContain(
      'as far as the migration history can be followed, table "impression_counter" has no column "campaign"; ' +
      `it cannot be followed through prisma/migrations/${DO_MIGRATION}/migration.sql line 2 (a DO block), which may have created it.`,
    );
    expect(plan.stdout).not.toContain("Create the column first");
    expect(plan.stdout).not.toContain("already in the migration history");
    expect(plan.stdout.trim().split("\n").at(-1)).toBe("prisma-concurrently: nothing written: 1 unique is skipped (above), each with what to do.");

    // What the message says to run: Prisma's replay runs the DO block, so only the unique is missing.
    // (`migrate dev --create-only` wants a terminal; it writes what `migrate diff --script` prints.)
    const created = "20260301090000_campaign_unique";
    project.addMigration(created, await prismaScript(project));
    expect(project.readMigration(created)).not.toContain("ADD COLUMN");
    expect(project.readMigration(created)).toContain(`CREATE UNIQUE INDEX "${UNIQUE}"`);
    const fix = await ownCli(project, ["fix", created]);
    expect(fix.code, fix.output).toBe(0);
    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    expect((await indexesOf(project.databaseUrl, "impression_counter")).find((i) => i.name === UNIQUE)).toMatchObject({ valid: true, unique: true });
  });
});
