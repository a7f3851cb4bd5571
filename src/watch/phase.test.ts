import { describe, expect, it } from "vitest";
import { blocksWrites, phaseInfo, QUEUED_PHASE, stepLabel } from "./phase.js";

describe("index build phases in words", () => {
  it("puts every phase of a concurrent build in order, with the counter that measures it", () => {
    const order = [
      "initializing",
      "waiting for writers before build",
      "building index: scanning table",
      "building index: sorting live tuples",
      "building index: loading tuples in tree",
      "waiting for writers before validation",
      "index validation: scanning index",
      "index validation: sorting tuples",
      "index validation: scanning table",
      "waiting for old snapshots",
    ].map(phaseInfo);
    expect(order.map((p) => p.step)).toEqual([1, 2, 3, 3, 3, 4, 5, 6, 7, 8]);
    expect(order.map((p) => p.counter)).toEqual(["none", "lockers", "blocks", "none", "tuples", "lockers", "blocks", "none", "blocks", "lockers"]);
    expect(order.filter((p) => p.waiting).map((p) => p.raw)).toEqual([
      "waiting for writers before build", "waiting for writers before validation", "waiting for old snapshots",
    ]);
    expect(phaseInfo("waiting for old snapshots").words).toBe("waiting for transactions older than the build to end (old snapshots)");
    expect(phaseInfo("building index: scanning table").words).toBe("first pass: reading the table");
  });

  it("keeps an unknown access method's sub-phase and an unknown phase readable", () => {
    expect(phaseInfo("building index: scanning heap")).toMatchObject({ step: 3, words: "first pass: scanning heap", counter: "blocks" });
    expect(phaseInfo("something new")).toMatchObject({ step: null, words: "something new", waiting: false });
  });

  it("reports a build queued for its table lock as waiting, before step 1", () => {
    expect(phaseInfo(QUEUED_PHASE)).toMatchObject({ step: 0, waiting: true, counter: "none" });
  });

  it("numbers the steps of CREATE INDEX CONCURRENTLY only, and flags plain builds as blocking writes", () => {
    const scanning = phaseInfo("building index: scanning table");
    expect(stepLabel("CREATE INDEX CONCURRENTLY", scanning)).toBe("phase 3/8");
    expect(stepLabel("CREATE INDEX", scanning)).toBe("");
    expect(stepLabel("CREATE INDEX CONCURRENTLY", phaseInfo(QUEUED_PHASE))).toBe("");
    expect(blocksWrites("CREATE INDEX")).toBe(true);
    expect(blocksWrites("REINDEX")).toBe(true);
    expect(blocksWrites("CREATE INDEX CONCURRENTLY")).toBe(false);
    expect(blocksWrites("REINDEX CONCURRENTLY")).toBe(false);
  });

  it("whether a statement blocks writes comes from the catalog's lock data: Prisma's plain DROP INDEX does, the steps' drop and rename do not", () => {
    expect(blocksWrites("DROP INDEX")).toBe(true);
    expect(blocksWrites("DROP INDEX CONCURRENTLY")).toBe(false);
    expect(blocksWrites("ALTER INDEX RENAME")).toBe(false);
    expect(blocksWrites("VACUUM")).toBe(false);
  });
});
