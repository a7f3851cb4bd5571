import { beforeAll, describe, expect, it } from "vitest";
import { withLockStepsOpened } from "../sql-shapes.js";
import type { DMMF } from "@prisma/generator-helper";
import { loadParser, parseStatements } from "../../sql/parse.js";
import { desiredFromDatamodel } from "../../core/desired.js";
import { replayHistory } from "../../core/replay.js";
import { planChanges } from "../../core/plan.js";
import { renderPlan } from "../../core/render.js";

beforeAll(loadParser);

const desired = (indexes: Array<{ fields: Array<{ name: string; sortOrder?: "desc" }>; dbName?: string; type?: string }>) =>
  desiredFromDatamodel({
    models: [{ name: "Post", dbName: "posts", schema: null, fields: ["id", "a", "b"].map((name) => ({ name, dbName: null, kind: "scalar" })) }],
    indexes: indexes.map((i) => ({ model: "Post", type: i.type ?? "normal", isDefinedOnField: false, ...i })),
    enums: [], types: [],
  } as unknown as DMMF.Datamodel);

const history = [
  { name: "20250101000000_init", sql: `CREATE TABLE "posts" ("id" SERIAL PRIMARY KEY, "a" TEXT, "b" INTEGER);` },
  { name: "20250102000000_i", sql: `CREATE INDEX "t" ON "posts"("a");` },
];
const plan = (indexes: Parameters<typeof desired>[0]) => planChanges(desired(indexes), replayHistory(history).state, { attachConstraint: true, precheck: true });

describe("change-index planning", () => {
  it("a changed definition under the same name: rebuild under a temporary name, retire the old, rename", () => {
    const p = plan([{ fields: [{ name: "a" }, { name: "b" }], dbName: "t" }]);
    expect(p.steps.map((s) => s.kind)).toEqual(["rebuild-index", "retire-index", "rename-index"]);
    const folders = renderPlan(p, { now: new Date("2026-03-01T09:00:00Z"), existing: history.map((m) => m.name) });
    expect(folders.map((f) => f.name)).toEqual([
      "20260301090000_concurrently_rebuild_index_t",
      "20260301090001_concurrently_retire_index_t",
      "20260301090002_concurrently_rename_index_t",
    ]);
    const tmp = p.steps[0]!.kind === "rebuild-index" ? p.steps[0]!.index.name : "";
    expect(tmp).toMatch(/^t_pcc_[0-9a-f]{8}$/);
    expect(folders[0]!.sql.endsWith(`\nCREATE INDEX CONCURRENTLY "${tmp}" ON "posts"("a", "b");\n`)).toBe(true);
    expect(folders[1]!.sql.endsWith('\nDROP INDEX CONCURRENTLY "t";\n')).toBe(true);
    expect(withLockStepsOpened(parseStatements(folders[2]!.sql)).map((s) => s.text)).toEqual([`ALTER INDEX "${tmp}" RENAME TO "t"`]);
    expect(folders[2]!.sql).toContain(`-- Lock: SHARE UPDATE EXCLUSIVE on the index "${tmp}", briefly: reads and writes go on.`);
    // Every folder is one statement (the rename: one retrying lock step) and parses.
    for (const f of folders) expect(parseStatements(f.sql).length).toBe(1);
    // Re-planned after the three folders: nothing.
    const after = [...history, ...folders.map((f) => ({ name: f.name, sql: f.sql }))];
    expect(planChanges(desired([{ fields: [{ name: "a" }, { name: "b" }], dbName: "t" }]), replayHistory(after).state, { attachConstraint: true, precheck: true }).steps).toEqual([]);
  });

  it("leaves a change into a unique to Prisma (fix rewrites it), and plans nothing for the same definition", () => {
    expect(plan([{ fields: [{ name: "a" }], dbName: "t", type: "unique" }]).steps.filter((s) => s.kind.endsWith("-index"))).toEqual([]);
    expect(plan([{ fields: [{ name: "a" }], dbName: "t" }]).steps).toEqual([]);
  });
});
