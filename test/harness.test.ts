// Proves the harness itself: real Prisma CLI (6 and 7) against a real PostgreSQL, in both of the
// engine's script modes, and a negative control that shows the harness catches what a native
// engine that sends a file whole would reject.
import { afterEach, describe, expect, it } from "vitest";
import { addAdDateUnique } from "./support/ads.js";
import { makeProject, matrix, scriptModesSimulated, type Project } from "./support/project.js";

const concurrentWithAnother = `CREATE INDEX CONCURRENTLY "impression_counter_counter_idx" ON "impression_counter"("counter");
CREATE INDEX "Click_ad_id_idx" ON "Click"("ad_id");
`;

describe.each(matrix)("harness: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it("deploys a history, reports it up to date, and finds no drift", async () => {
    project = await makeProject("ads", { prisma, mode });
    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    expect(deploy.output).toContain("20250101000000_init");
    const status = await project.status();
    expect(status.code, status.output).toBe(0);
    expect(status.output).toMatch(/Database schema is up to date/);
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
    const tables = await project.sql<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    expect(tables.map((t) => t.table_name)).toEqual(["Ad", "Click", "_prisma_migrations", "impression_counter"]);
  });

  it("diff --exit-code reports a difference when the schema is ahead of the history", async () => {
    project = await makeProject("ads", { prisma, mode });
    project.editSchema(addAdDateUnique);
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(2);
    const script = await project.diffScript();
    expect(script.stdout).toContain('CREATE UNIQUE INDEX "impression_counter_ad_id_impression_date_key"');
  });

  it.runIf(scriptModesSimulated())(`a CONCURRENTLY statement sharing its file ${mode === "whole" ? "fails with SQLSTATE 25001" : "applies statement by statement"}`, async () => {
    project = await makeProject("ads", { prisma, mode });
    project.addMigration("20250102000000_two_statements", concurrentWithAnother);
    const deploy = await project.deploy();
    const indexes = await project.sql<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE indexname IN ('impression_counter_counter_idx', 'Click_ad_id_idx')");
    if (mode === "whole") {
      expect(deploy.code).not.toBe(0);
      expect(deploy.output).toContain("P3018");
      expect(deploy.output).toContain("25001");
      expect(deploy.output).toMatch(/cannot run inside a transaction block/);
      expect(indexes).toEqual([]); // the implicit transaction rolled the whole file back
    } else {
      expect(deploy.code, deploy.output).toBe(0);
      expect(indexes).toHaveLength(2);
    }
  });
});
