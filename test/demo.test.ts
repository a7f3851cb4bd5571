// The README's main command, `npm run demo`, as a new user runs it (on a smaller table): it starts
// its own embedded PostgreSQL, so it checks also that a fresh build can be run as the generator.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runProcess } from "./support/process.js";
import { repoRoot } from "./support/project.js";

const INDEX = "impression_counter_ad_id_impression_date_key";
const duration = String.raw`\d+(?:\.\d)? (?:ms|s)`;
const blocks = "[_▂▃▄▅▆▇█]+";

describe("npm run demo", () => {
  it("deploys Prisma's own migration and the generator's folders under the same writers, side by side, and leaves no drift", async () => {
    const demo = await runProcess(process.execPath, [join(repoRoot, "scripts", "demo.mjs"), "--rows", "20000"], { cwd: repoRoot, env: process.env });
    expect(demo.code, demo.output).toBe(0);
    const out = demo.stdout;

    // Prisma's side: the migration its own CLI writes, deployed, then undone.
    expect(out).toMatch(/prisma\/migrations\/\d{14}_add_unique\/migration\.sql/);
    expect(out).toContain(`│ CREATE UNIQUE INDEX "${INDEX}" ON "impression_counter"("ad_id", "impression_date");`);
    expect(out).toContain("index valid: true\n");
    expect(out).toContain(`DROP INDEX "${INDEX}"; and its row in _prisma_migrations deleted`);

    // The generator's side: its folders, deployed, the index attached as the constraint.
    expect(out).toMatch(/_concurrently_index_unique_impression_counter_ad_id_impression_date/);
    expect(out).toContain(`│ CREATE UNIQUE INDEX CONCURRENTLY "${INDEX}"`);
    expect(out).toContain(`index valid: true, constraint: ${INDEX}`);
    expect(out.indexOf("_add_unique/migration.sql")).toBeLessThan(out.indexOf("_concurrently_index_unique_"));

    // Side by side: one column per run, and the timeline with one aligned row per run.
    expect(out).toMatch(/^ +Prisma's migration +prisma-concurrently$/m);
    for (const figure of [String.raw`writes blocked \(longest stretch without one\)`, "longest wait of one write", String.raw`deploy time \(prisma migrate deploy\)`]) {
      expect(out).toMatch(new RegExp(`^  ${figure} +${duration} +${duration}$`, "m"));
    }
    expect(out).toMatch(/^ {2}writes completed during the deploy +[\d,]+ \([\d,]+\/s\) +[\d,]+ \([\d,]+\/s\)$/m);
    expect(out).toMatch(/^ {2}Writes completed per [\d.]+ s \(█ = \d+ or more, _ = none\), from the start of each run:$/m);
    const prismaRow = new RegExp(`^  Prisma's migration   ${blocks}$`, "m").exec(out);
    const generatorRow = new RegExp(`^  prisma-concurrently  ${blocks}$`, "m").exec(out);
    expect(prismaRow, out).not.toBeNull();
    expect(generatorRow, out).not.toBeNull();
    expect(out).toMatch(/^ {23}0 s {7}\d/m);

    // No drift left.
    expect(out).toContain("Database schema is up to date!");
    expect(out).toContain("No difference detected.");
  });
});
