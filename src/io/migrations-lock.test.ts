import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireLock, LockBusyError, STALE_FOREIGN_MS } from "./migrations-lock.js";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const lockIn = () => join((dir = mkdtempSync(join(tmpdir(), "pgc-lock-"))), "lock");
const owner = (pid: number, host = hostname()) => JSON.stringify({ pid, host, since: "2026-03-01T10:00:00.000Z" });

describe("the migrations folder's lock", () => {
  it("is taken, names its owner, and is gone once released", async () => {
    const path = lockIn();
    const lock = await acquireLock(path, { waitMs: 0 });
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a second run waits, then gives up naming who holds it", async () => {
    const path = lockIn();
    writeFileSync(path, owner(4242));
    const started = Date.now();
    const error = await acquireLock(path, { waitMs: 300, pollMs: 50, isAlive: () => true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockBusyError);
    expect((error as LockBusyError).owner).toMatchObject({ pid: 4242, host: hostname() });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it("a second run gets it as soon as the first releases it", async () => {
    const path = lockIn();
    const first = await acquireLock(path, { waitMs: 0 });
    setTimeout(() => first.release(), 200);
    const second = await acquireLock(path, { waitMs: 5000, pollMs: 20 });
    expect(JSON.parse(readFileSync(path, "utf8")).since).toBe(second.owner.since);
    second.release();
  });

  it("a holder killed with SIGKILL on this host cannot leave it stuck: taken over at once", async () => {
    const path = lockIn();
    writeFileSync(path, owner(4242));
    const lock = await acquireLock(path, { waitMs: 0, isAlive: (pid) => pid !== 4242 });
    expect(JSON.parse(readFileSync(path, "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(readdirSync(dir)).toEqual([]); // the stale file moved aside is gone too
  });

  it("a lock from another host is trusted until it is old, and an empty one after a grace period", async () => {
    const path = lockIn();
    writeFileSync(path, owner(1, "other-host"));
    await expect(acquireLock(path, { waitMs: 0 })).rejects.toBeInstanceOf(LockBusyError);
    const old = (Date.now() - STALE_FOREIGN_MS - 1000) / 1000;
    utimesSync(path, old, old);
    (await acquireLock(path, { waitMs: 0 })).release();

    writeFileSync(path, "");
    await expect(acquireLock(path, { waitMs: 0 })).rejects.toMatchObject({ owner: null });
    utimesSync(path, Date.now() / 1000 - 10, Date.now() / 1000 - 10);
    (await acquireLock(path, { waitMs: 0 })).release();
  });

  it("release leaves alone a lock that another run took over meanwhile", async () => {
    const path = lockIn();
    const lock = await acquireLock(path, { waitMs: 0 });
    writeFileSync(path, owner(4242));
    lock.release();
    expect(JSON.parse(readFileSync(path, "utf8")).pid).toBe(4242);
  });

  it("a lock naming this process that this process does not hold is stale (a reused pid in a container): taken over at once", async () => {
    const path = lockIn();
    writeFileSync(path, owner(process.pid));
    const lock = await acquireLock(path, { waitMs: 0, isAlive: () => true });
    expect(JSON.parse(readFileSync(path, "utf8")).since).toBe(lock.owner.since);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });
});
