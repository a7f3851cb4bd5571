// The product's main promise, end to end through the real Prisma CLI on real PostgreSQL: a table
// with rows, a unique added to the schema, `prisma generate` writes the folders, `migrate deploy`
// applies them unchanged, and Prisma sees no difference between history and schema afterwards.
import { afterEach, describe, expect, it } from "vitest";
import { addAdDateUnique, seedImpressions } from "./support/ads.js";
import { indexesOf } from "./support/database.js";
import { makeProject, matrix, type Project } from "./support/project.js";


describe.each(matrix)("ads scenario: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it("adds @@unique([adId, impressionDate]) to a filled table without a blocking build", async () => {
    project = await makeProject("ads", { prisma, mode, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
    expect((await project.deploy()).code).toBe(0);
    await seedImpressions(project, 20_000);
    project.editSchema(addAdDateUnique);

    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    const written = project.migrations().filter((m) => m.includes("concurrently"));
    expect(written).toEqual([
      "20260301100000_concurrently_precheck_unique_impression_counter_ad_id_impression_date",
      "20260301100001_concurrently_index_unique_impression_counter_ad_id_impression_date",
      "20260301100002_concurrently_attach_unique_impression_counter_ad_id_impression_date",
    ]);
    for (const folder of written) expect(generate.stdout).toContain(`wrote prisma/migrations/${folder}`);
    const build = project.readMigration(written[1]!);
    expect(build).toContain('CREATE UNIQUE INDEX CONCURRENTLY "impression_counter_ad_id_impression_date_key" ON "impression_counter"("ad_id", "impression_date");');
    expect(build).not.toMatch(/IF NOT EXISTS/);

    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    const indexes = await indexesOf(project.databaseUrl, "impression_counter");
    expect(indexes.find((i) => i.name === "impression_counter_ad_id_impression_date_key")).toMatchObject({
      valid: true, unique: true, constraint: "impression_counter_ad_id_impression_date_key",
    });
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
    const status = await project.status();
    expect(status.code, status.output).toBe(0);
    expect(status.output).toMatch(/Database schema is up to date/);

    const again = await project.generate();
    expect(again.code, again.output).toBe(0);
    expect(again.stdout).not.toContain("prisma-concurrently:");
    expect(project.migrations()).toHaveLength(4);
  });
});
