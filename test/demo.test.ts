// The README's main command, `npm run demo`, as a new user runs it (on a smaller table): it starts
// its own embedded PostgreSQL, so it checks also that a fresh build can be run as the generator.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
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

describe("npm run demo interrupted", () => {
  it("Ctrl-C (SIGINT to its process group) stops its PostgreSQL and removes its work folder", async () => {
    const demo = spawn(process.execPath, [join(repoRoot, "scripts", "demo.mjs"), "--rows", "20000"], { cwd: repoRoot, env: process.env, detached: true });
    let output = "";
    demo.stdout.on("data", (d: Buffer) => { output += d; });
    demo.stderr.on("data", (d: Buffer) => { output += d; });
    const exited = new Promise<number | null>((resolvePromise) => demo.once("close", (code) => resolvePromise(code)));
    let port = 0;
    let folder = "";
    const deadline = Date.now() + 120_000;
    try {
      while (!port) {
        const m = /PostgreSQL on 127\.0\.0\.1:(\d+), project in (\S+)/.exec(output);
        if (m) [port, folder] = [Number(m[1]), m[2]!];
        else if (Date.now() > deadline || demo.exitCode !== null) throw new Error(`the demo never started its server:\n${output}`);
        else await sleep(100);
      }
      expect(await accepts(port)).toBe(true);
      process.kill(-demo.pid!, "SIGINT"); // what Ctrl-C in a terminal does
      expect(await exited, output).toBe(130);
    } finally {
      if (demo.exitCode === null) process.kill(-demo.pid!, "SIGKILL");
    }
    expect(output).toContain("SIGINT: stopping PostgreSQL");
    expect(await accepts(port)).toBe(false);
    expect(existsSync(dirname(folder))).toBe(false);
  });
});

/** Whether something listens on 127.0.0.1:port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => { socket.destroy(); resolvePromise(true); });
    socket.once("error", () => resolvePromise(false));
  });
}
