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

  it("a second change of the same index repeats the three labels in new folders (the earlier ones are history, not a clash)", () => {
    const first = renderPlan(plan([{ fields: [{ name: "a" }, { name: "b" }], dbName: "t" }]), { now: new Date("2026-03-01T09:00:00Z"), existing: history.map((m) => m.name) });
    const after = [...history, ...first.map((f) => ({ name: f.name, sql: f.sql }))];
    const second = planChanges(desired([{ fields: [{ name: "b" }, { name: "a" }], dbName: "t" }]), replayHistory(after).state, { attachConstraint: true, precheck: true });
    const options = { now: new Date("2026-03-02T09:00:00Z"), existing: after.map((m) => m.name), scripts: new Map(after.map((m) => [m.name, m.sql])) };
    expect(renderPlan(second, options).map((f) => f.name.slice(15))).toEqual(first.map((f) => f.name.slice(15)));
  });

  it("plans nothing for the same definition", () => {
    expect(plan([{ fields: [{ name: "a" }], dbName: "t" }]).steps).toEqual([]);
  });
});

describe("change-index planning with a unique under one name", () => {
  const uniques = [
    ...history,
    { name: "20250102000001_x", sql: `CREATE UNIQUE INDEX CONCURRENTLY "x" ON "posts"("a", "b");` },
    { name: "20250102000002_x", sql: `ALTER TABLE "posts" ADD CONSTRAINT "x" UNIQUE USING INDEX "x";` },
    { name: "20250102000003_y", sql: `CREATE UNIQUE INDEX "y" ON "posts"("b");` },
  ];
  const declared = [{ fields: [{ name: "a" }], dbName: "t" }, { fields: [{ name: "a" }, { name: "b" }], dbName: "x", type: "unique" }, { fields: [{ name: "b" }], dbName: "y", type: "unique" }];
  type Declared = (typeof declared)[number] & { fields: Array<{ name: string; sortOrder?: "desc" }> };
  const options = { attachConstraint: true, precheck: true };
  /** Plans `changed` in place of the declaration of its name, renders the folders, and re-plans after them. */
  function change(changed: Declared, opts = options) {
    const indexes = declared.map((d) => (d.dbName === changed.dbName ? changed : d));
    const p = planChanges(desired(indexes), replayHistory(uniques).state, opts);
    const folders = renderPlan(p, { now: new Date("2026-03-01T09:00:00Z"), existing: uniques.map((m) => m.name) });
    const after = replayHistory([...uniques, ...folders.map((f) => ({ name: f.name, sql: f.sql }))]);
    const again = planChanges(desired(indexes), after.state, opts);
    const tmp = p.steps.find((s) => s.kind === "rebuild-index")?.index.name ?? "";
    const sqlOf = (kind: string) => folders.find((f) => f.step.kind === kind)!.sql;
    return { p, folders, after, again, tmp, sqlOf, words: folders.map((f) => f.name.slice(15)) };
  }

  it("unique constraint → unique on other columns: pre-check, rebuild, then one brief ALTER TABLE swaps the constraint onto it", () => {
    const c = change({ fields: [{ name: "b" }, { name: "a" }], dbName: "x", type: "unique" });
    expect(c.words).toEqual(["concurrently_precheck_unique_x", "concurrently_rebuild_index_x", "concurrently_swap_unique_x"]);
    expect(c.tmp).toMatch(/^x_pcc_[0-9a-f]{8}$/);
    expect(c.sqlOf("rebuild-index").endsWith(`\nCREATE UNIQUE INDEX CONCURRENTLY "${c.tmp}" ON "posts"("b", "a");\n`)).toBe(true);
    expect(lockStepped(c.sqlOf("swap-unique"))).toEqual([`ALTER TABLE "posts" DROP CONSTRAINT "x", ADD CONSTRAINT "x" UNIQUE USING INDEX "${c.tmp}"`]);
    expect(c.sqlOf("swap-unique")).toContain('-- Lock: ACCESS EXCLUSIVE on "posts", briefly: reads and writes wait.');
    expect(c.sqlOf("precheck")).toContain('GROUP BY "b", "a"');
    expect(c.after.state.indexes.get("public\u0000x")).toMatchObject({ constraint: "unique", columns: [{ name: "b" }, { name: "a" }] });
    expect(c.again.steps).toEqual([]);
  });

  it("plain index → unique: pre-check, rebuild, retire the old index, attach the new one USING INDEX (which renames it)", () => {
    const c = change({ fields: [{ name: "a" }], dbName: "t", type: "unique" });
    expect(c.words).toEqual(["concurrently_precheck_unique_t", "concurrently_rebuild_index_t", "concurrently_retire_index_t", "concurrently_attach_unique_t"]);
    expect(lockStepped(c.sqlOf("attach"))).toEqual([`ALTER TABLE "posts" ADD CONSTRAINT "t" UNIQUE USING INDEX "${c.tmp}"`]);
    expect(c.sqlOf("attach")).toContain(`attach "${c.tmp}" as the UNIQUE constraint "t" for Post @@unique([a], map: "t")`);
    expect(c.after.state.indexes.get("public\u0000t")).toMatchObject({ constraint: "unique", unique: true });
    expect(c.again.steps).toEqual([]);
  });

  it("unique constraint → index: rebuild, DROP CONSTRAINT, rename", () => {
    const c = change({ fields: [{ name: "a" }, { name: "b" }], dbName: "x" });
    expect(c.words).toEqual(["concurrently_rebuild_index_x", "concurrently_drop_unique_x", "concurrently_rename_index_x"]);
    expect(c.sqlOf("drop")).toContain(`built as "${c.tmp}"`);
    expect(lockStepped(c.sqlOf("drop"))).toEqual(['ALTER TABLE "posts" DROP CONSTRAINT "x"']);
    expect(c.after.state.indexes.get("public\u0000x")).toMatchObject({ constraint: null, unique: false });
    expect(c.again.steps).toEqual([]);
  });

  it("a unique that cannot be a constraint (sort: Desc, attachConstraint off) is renamed instead of attached", () => {
    const desc = change({ fields: [{ name: "a" }, { name: "b", sortOrder: "desc" }], dbName: "x", type: "unique" });
    expect(desc.words).toEqual(["concurrently_precheck_unique_x", "concurrently_rebuild_index_x", "concurrently_drop_unique_x", "concurrently_rename_index_x"]);
    expect(desc.again.steps).toEqual([]);
    const off = change({ fields: [{ name: "a" }], dbName: "t", type: "unique" }, { attachConstraint: false, precheck: false });
    expect(off.words).toEqual(["concurrently_rebuild_index_t", "concurrently_retire_index_t", "concurrently_rename_index_t"]);
    expect(off.after.state.indexes.get("public\u0000t")).toMatchObject({ constraint: null, unique: true });
    expect(off.again.steps).toEqual([]);
  });

  it("plain unique index → index: rebuild, retire, rename", () => {
    const c = change({ fields: [{ name: "b" }], dbName: "y" });
    expect(c.words).toEqual(["concurrently_rebuild_index_y", "concurrently_retire_index_y", "concurrently_rename_index_y"]);
    expect(c.again.steps).toEqual([]);
  });
});

/** The statements of a folder, with the retrying lock step opened: what it runs. */
const lockStepped = (sql: string) => withLockStepsOpened(parseStatements(sql)).map((s) => s.text);
