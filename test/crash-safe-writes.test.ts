// Folder writes that survive a crash, and one generator at a time, through the real Prisma CLI and
// a real PostgreSQL: a `prisma generate` killed with SIGKILL at an exact moment (the test-only
// PRISMA_CONCURRENTLY_TEST_PAUSE holds the writer there), the leftovers of an earlier release that staged inside the migrations folder, two
// generates at once, and Ctrl-C / SIGTERM while the folders are moved.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { ownCli } from "./support/cli.js";
import { indexesOf } from "./support/database.js";
import { makeProject, one, runProcess, type Project, type Started } from "./support/project.js";
import { addToField, addToModel } from "./support/schema-edit.js";

let project: Project | undefined;
let running: Started[] = [];
afterEach(async () => {
  for (const run of running) {
    try {
      run.killGroup("SIGKILL");
    } catch {
      // ended already
    }
  }
  running = [];
  project?.remove();
});

const SET = ["concurrently_precheck_unique_ad_title", "concurrently_index_unique_ad_title", "concurrently_attach_unique_ad_title"];
const ourFolders = (p: Project) => p.migrations().filter((m) => m.includes("_concurrently_"));
const labels = (p: Project) => ourFolders(p).map((f) => f.slice(15));
/** Everything in the migrations folder and beside it that is hidden (Prisma reads hidden folders in it too). */
const hiddenIn = (dir: string) => readdirSync(dir).filter((e) => e.startsWith("."));
const lockFile = (p: Project) => join(dirname(p.migrationsDir), ".migrations.prisma-concurrently.lock");

async function waitFor(what: string, condition: () => boolean, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** `prisma generate` in the background, its generator held at `pause` (`<point>:<ms>`). */
function startGenerate(p: Project, pause?: string): Started {
  const run = p.startPrisma(["generate"], { env: pause ? { PRISMA_CONCURRENTLY_TEST_PAUSE: pause } : {} });
  running.push(run);
  return run;
}

async function deployed(p: Project) {
  const deploy = await p.deploy();
  expect(deploy.code, deploy.output).toBe(0);
  const diff = await p.diff();
  expect(diff.code, diff.output).toBe(0);
}

async function adsWithNewUnique(prisma: 6 | 7, mode: "whole" | "split") {
  const p = await makeProject("ads", { prisma, mode });
  expect((await p.deploy()).code).toBe(0);
  p.editSchema((s) => addToField(s, "Ad", "title", "@unique"));
  return p;
}

describe.each(one)("Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  it("killed with SIGKILL between two moves: no bogus migration; deployed as it is, then the next generate completes the set", async () => {
    project = await adsWithNewUnique(prisma, mode);
    const run = startGenerate(project, "moved:2:120000");
    await waitFor("two folders moved", () => ourFolders(project!).length === 2);
    run.killGroup("SIGKILL");
    await run.result;
    expect(labels(project)).toEqual(SET.slice(0, 2));
    expect(hiddenIn(project.migrationsDir)).toEqual([]);

    const status = await project.status();
    expect(status.output).toContain(ourFolders(project)[1]);
    expect(status.output).not.toMatch(/\.\d{14}_concurrently/);
    await deployed(project); // pre-check and build apply; Prisma sees the unique as there

    const next = await project.generate();
    expect(next.code, next.output).toBe(0);
    expect(next.stdout).toMatch(/removed prisma\/\.migrations\.prisma-concurrently-staging-\S+, the staging folder of an interrupted run/);
    expect(next.stdout).toContain(`${ourFolders(project)[1]} builds an index that no migration attaches as a constraint yet`);
    expect(labels(project)).toEqual(SET);
    expect(hiddenIn(dirname(project.migrationsDir))).toEqual([]);
    await deployed(project);
    expect(await indexesOf(project.databaseUrl, "Ad")).toContainEqual(expect.objectContaining({ name: "Ad_title_key", constraint: "Ad_title_key", valid: true }));

    const again = await project.generate();
    expect(again.code, again.output).toBe(0);
    expect(labels(project)).toEqual(SET);
  });

  it("killed with SIGKILL before any move: Prisma sees nothing new; the next generate writes the whole set once", async () => {
    project = await adsWithNewUnique(prisma, mode);
    const staging = () => hiddenIn(dirname(project!.migrationsDir)).filter((e) => e.includes("staging"));
    const run = startGenerate(project, "staged:120000");
    await waitFor("the set staged", () => staging().length === 1 && readdirSync(join(dirname(project!.migrationsDir), staging()[0]!)).length === 3);
    run.killGroup("SIGKILL");
    await run.result;
    expect(ourFolders(project)).toEqual([]);
    expect(hiddenIn(project.migrationsDir)).toEqual([]);
    const status = await project.status();
    expect(status.code, status.output).toBe(0);
    expect(status.output).toContain("Database schema is up to date");

    const next = await project.generate();
    expect(next.code, next.output).toBe(0);
    expect(labels(project)).toEqual(SET);
    expect(staging()).toEqual([]);
    await deployed(project);
  });

  it("the hidden folders an interrupted earlier release left inside the migrations folder are reported by runs that do not write, removed by one that does, never deployed", async () => {
    project = await adsWithNewUnique(prisma, mode);
    const ended = await runProcess(process.execPath, ["-e", ""], { cwd: project.dir, env: process.env });
    expect(ended.code).toBe(0);
    const deadPid = (await runProcess(process.execPath, ["-p", "process.pid"], { cwd: project.dir, env: process.env })).stdout.trim();
    const leftover = `.20260301100001_concurrently_index_unique_ad_title.tmp-${deadPid}`;
    mkdirSync(join(project.migrationsDir, leftover));
    writeFileSync(join(project.migrationsDir, leftover, "migration.sql"), `CREATE UNIQUE INDEX CONCURRENTLY "Ad_title_key" ON "Ad"("title");\n`);
    const before = await project.status();
    expect(before.output).toContain(leftover); // why it matters: Prisma takes it for a pending migration
    const check = await ownCli(project, ["check"]);
    expect(check.code, check.output).toBe(1);
    expect(check.stdout).toContain(`prisma/migrations/${leftover}/migration.sql:1:1  error  interrupted-write`);
    expect(check.stdout).toContain(`remove it before any deploy: rm -r prisma/migrations/${leftover}`);

    // Runs that do not write name it with the command, and fail where they are a CI signal.
    const rm = `rm -r prisma/migrations/${leftover}`;
    const inCi = await project.generate({ env: { CI: "true" } });
    expect(inCi.code).not.toBe(0);
    expect(inCi.output).toContain(rm);
    const plan = await ownCli(project, ["plan"]);
    expect(plan.code, plan.output).toBe(0);
    expect(plan.stdout).toContain(rm);
    expect((await ownCli(project, ["plan", "--exit-code"])).code).toBe(1);
    const doctor = await ownCli(project, ["doctor"]);
    expect(doctor.code, doctor.output).toBe(1);
    expect(doctor.stdout).toContain(`prisma/migrations/${leftover} is a temporary folder that an interrupted run of an earlier release left`);
    expect(doctor.stdout).toContain(rm);
    expect(hiddenIn(project.migrationsDir)).toEqual([leftover]);

    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    expect(generate.stdout).toContain(`removed prisma/migrations/${leftover}, left there by an interrupted run of an earlier release that staged inside the migrations folder`);
    expect(hiddenIn(project.migrationsDir)).toEqual([]);
    expect(labels(project)).toEqual(SET);
    expect((await ownCli(project, ["check"])).code).toBe(0);
    await deployed(project);
  });

  it("two generates at once write exactly one set, and deploy succeeds", async () => {
    project = await adsWithNewUnique(prisma, mode);
    // Truly at once, and then one held inside the lock while the other starts: both ways, one set.
    const [a, b] = await Promise.all([project.generate(), project.generate()]);
    expect(a.code, a.output).toBe(0);
    expect(b.code, b.output).toBe(0);
    expect(labels(project)).toEqual(SET);
    expect([a, b].filter((r) => r.stdout.includes("wrote prisma/migrations/"))).toHaveLength(1);

    project.editSchema((s) => addToModel(s, "Click", "@@unique([adId, clickedAt])"));
    const first = startGenerate(project, "staged:4000");
    await waitFor("the first run's lock", () => existsSync(lockFile(project!)));
    const second = await project.generate();
    const firstResult = await first.result;
    expect(firstResult.code, firstResult.output).toBe(0);
    expect(second.code, second.output).toBe(0);
    expect(firstResult.stdout).toContain("wrote prisma/migrations/");
    expect(second.stdout).not.toContain("wrote prisma/migrations/");
    expect(existsSync(lockFile(project))).toBe(false);
    expect(labels(project).slice(3)).toEqual([
      "concurrently_precheck_unique_click_ad_id_clicked_at", "concurrently_index_unique_click_ad_id_clicked_at", "concurrently_attach_unique_click_ad_id_clicked_at",
    ]);
    await deployed(project);

    const check = await ownCli(project, ["check"]);
    expect(check.code, check.output).toBe(0);
  });

  it("check reports a set written twice (as two runs at once of an earlier release that took no lock left it), which deploy fails on with 42P07", async () => {
    project = await adsWithNewUnique(prisma, mode);
    expect((await project.generate()).code).toBe(0);
    const copies = ourFolders(project).map((f, i) => {
      const copy = `2099010100000${i}_${f.slice(15)}`;
      project!.addMigration(copy, project!.readMigration(f));
      return copy;
    });
    const check = await ownCli(project, ["check"]);
    expect(check.code, check.output).toBe(1);
    expect(check.stdout).toContain(`${copies[1]}/migration.sql`);
    expect(check.stdout).toContain("index-built-twice");
    expect(check.stdout).toContain('the index "Ad_title_key" already exists here');
    const deploy = await project.deploy();
    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toMatch(/42P07|already exists/);
  });
});

describe("Prisma 7: a run with nothing to write", () => {
  it("neither takes nor waits for the lock that another live run holds", async () => {
    project = await makeProject("ads", { prisma: 7, mode: "whole" });
    // A live process of this host (this test runner) holds the lock.
    writeFileSync(lockFile(project), JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    expect(generate.output).not.toContain("another run is writing");
    expect(JSON.parse(readFileSync(lockFile(project), "utf8")).pid).toBe(process.pid);
  });
});

describe("Prisma 7: a busy lock, signals, and a set cut after its pre-check", () => {
  it("killed with SIGKILL after the pre-check moved: the next generate writes the build and the attach, and no second pre-check", async () => {
    project = await adsWithNewUnique(7, "whole");
    const run = startGenerate(project, "moved:1:120000");
    await waitFor("the pre-check moved", () => ourFolders(project!).length === 1);
    run.killGroup("SIGKILL");
    await run.result;
    expect(labels(project)).toEqual(SET.slice(0, 1));

    const next = await project.generate();
    expect(next.code, next.output).toBe(0);
    expect(labels(project)).toEqual(SET);
    await deployed(project);
    expect(await indexesOf(project.databaseUrl, "Ad")).toContainEqual(expect.objectContaining({ name: "Ad_title_key", constraint: "Ad_title_key", valid: true }));
  });

  it("a second generate waits, then names the run that holds the lock; SIGTERM lets the holder finish its moves and release the lock", async () => {
    project = await adsWithNewUnique(7, "whole");
    const first = startGenerate(project, "moved:1:25000");
    await waitFor("the first folder moved", () => ourFolders(project!).length === 1);
    const holder = JSON.parse(readFileSync(lockFile(project), "utf8")) as { pid: number; host: string };

    const second = await project.generate();
    expect(second.code).not.toBe(0);
    expect(second.output).toContain(`another run is writing into this migrations folder: process ${holder.pid} on ${holder.host}`);
    expect(second.output).toContain("rm prisma/.migrations.prisma-concurrently.lock");
    expect(second.output).not.toMatch(/\n\s+at /); // no stack trace

    process.kill(holder.pid, "SIGTERM");
    const result = await first.result;
    expect(result.code).not.toBe(0); // Prisma reports the generator's exit
    // Killed at once (Node's default for SIGTERM), it would have left one folder and its lock.
    expect(labels(project)).toEqual(SET);
    expect(hiddenIn(dirname(project.migrationsDir))).toEqual([]);
    expect(hiddenIn(project.migrationsDir)).toEqual([]);
    await deployed(project);
  });
});
