// The README's main command, `npm run demo`, as a new user runs it (on a smaller table): it starts
// its own embedded PostgreSQL, so it checks also that a fresh build can be run as the generator.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runProcess } from "./support/process.js";
import { repoRoot } from "./support/project.js";

describe("npm run demo", () => {
  it("tells the ads story end to end: folders written, deployed under a writer, no drift left", async () => {
    const demo = await runProcess(process.execPath, [join(repoRoot, "scripts", "demo.mjs"), "--rows", "20000"], { cwd: repoRoot, env: process.env });
    expect(demo.code, demo.output).toBe(0);
    expect(demo.stdout).toMatch(/_concurrently_index_unique_impression_counter_ad_id_impression_date/);
    expect(demo.stdout).toContain("index valid: true, constraint: impression_counter_ad_id_impression_date_key");
    expect(demo.stdout).toContain("Database schema is up to date!");
    expect(demo.stdout).toContain("No difference detected.");
  });
});
