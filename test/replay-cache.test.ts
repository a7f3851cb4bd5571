// `prisma generate` keeps a replay checkpoint in node_modules/.cache/prisma-concurrently and the
// next run resumes from it: the output is the same as without it, and any change to a migration
// it covers (an edit, a folder added before it or removed) is seen at once; a corrupt file is ignored.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeProject, onePerMajor, type Project } from "./support/project.js";
import { addToModel, setGeneratorOption } from "./support/schema-edit.js";

const UNIQUE = `CREATE UNIQUE INDEX "impression_counter_ad_id_impression_date_key" ON "impression_counter"("ad_id", "impression_date");\n`;

let project: Project | undefined;
afterEach(() => {
  project?.remove();
  project = undefined;
});

describe.each(onePerMajor.map((p) => p.prisma))("the replay checkpoint of prisma generate: Prisma %s", (prisma) => {
  it("gives the same plan as a full replay, and sees every change to the migrations it covers", async () => {
    project = await makeProject("ads", { prisma, env: { PRISMA_CONCURRENTLY_NOW: "2026-03-01T10:00:00Z" } });
    const p = project;
    for (let i = 1; i <= 4; i++) p.addMigration(`2025010${i}000000_step${i}`, `COMMENT ON TABLE "Click" IS 'step ${i}';\n`);
    p.editSchema((s) => addToModel(setGeneratorOption(s, "emit", "plan"), "ImpressionCounter", "@@unique([adId, impressionDate])"));
    const cacheDir = join(p.dir, "node_modules", ".cache", "prisma-concurrently");
    const generate = async (env: Record<string, string> = {}) => {
      const run = await p.generate({ env });
      expect(run.code, run.output).toBe(0);
      return run.stdout.split("\n").filter((l) => l.startsWith("prisma-concurrently:")).join("\n");
    };

    const uncached = await generate({ PRISMA_CONCURRENTLY_CACHE: "off" });
    expect(existsSync(cacheDir)).toBe(false);
    expect(uncached).toContain("would write");
    expect(await generate()).toBe(uncached);
    const [file] = readdirSync(cacheDir);
    expect(file).toMatch(/^replay-[0-9a-f]{16}\.bin$/);
    expect(await generate()).toBe(uncached); // resumed from the checkpoint

    // The first migration is inside the checkpoint (the newest three are replayed each time).
    const init = join(p.migrationsDir, "20250101000000_init", "migration.sql");
    const original = readFileSync(init, "utf8");
    writeFileSync(init, original + UNIQUE);
    const edited = await generate();
    expect(edited).not.toContain("would write");
    expect(edited).toBe(await generate({ PRISMA_CONCURRENTLY_CACHE: "off" }));
    writeFileSync(init, original);
    expect(await generate()).toBe(uncached);

    // A folder added among the old ones, then removed again.
    p.addMigration("20250101000001_inserted", UNIQUE);
    expect(await generate()).not.toContain("would write");
    rmSync(join(p.migrationsDir, "20250101000001_inserted"), { recursive: true });
    expect(await generate()).toBe(uncached);

    // A corrupt checkpoint is ignored, and replaced.
    writeFileSync(join(cacheDir, file!), "garbage");
    expect(await generate()).toBe(uncached);
    expect(readFileSync(join(cacheDir, file!)).length).toBeGreaterThan(100);
  });
});
