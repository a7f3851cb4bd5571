import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LOCK_RETRY } from "../config/generator-config.js";
import { withLockStepsOpened } from "./sql-shapes.js";
import { catalog, specOf, stepSpecs, type CatalogStep } from "./catalog.js";
import { loadParser, parseStatements } from "../sql/parse.js";
import { genericRules, rules } from "../check/rules/index.js";

const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");

beforeAll(loadParser);

const unique = { schema: "public", table: "Ad", qualified: false, name: "Ad_title_key", columns: [{ name: "title", desc: false }], source: { model: "Ad", fields: [], onField: true, map: null } };
const target = { schema: "public", table: "Ad", name: "Ad_title_idx", qualified: false };
const applied = { ...target, unique: true, method: "btree", columns: unique.columns, include: [], partial: false, nullsNotDistinct: false, constraint: "unique" as const, origin: "init" };
const table = { schema: "public", name: "Ad", model: "Ad", qualified: false, columns: new Map() };
const build = { ...target, statement: 'CREATE INDEX CONCURRENTLY "Ad_title_idx" ON "Ad"("title");', source: "Ad" };
const fk = {
  schema: "public", table: "Click", columns: ["ad_id"], referenced: { schema: "public", table: "Ad", columns: ["id"] },
  onDelete: "RESTRICT" as const, onUpdate: "CASCADE" as const, name: "Click_ad_id_fkey", qualified: false, referencedQualified: false, source: "Click.ad",
};
const column = { schema: "public", table: "Ad", qualified: false, column: "title", check: "Ad_title_pcc_nn_00000000", keys: ["id"], source: "Ad.title" };
/** One step of every kind, with the index (or constraint, or column) its folder's SQL names (the partitioned-index steps: doctor's tests). */
const everyStep: Array<[CatalogStep, string | null]> = [
  [{ kind: "precheck", unique }, null],
  [{ kind: "build", unique, attach: true, indexOnlyReason: null }, "Ad_title_key"],
  [{ kind: "attach", unique }, "Ad_title_key"],
  [{ kind: "drop", index: applied, table }, "Ad_title_idx"],
  [{ kind: "create-index", index: build }, "Ad_title_idx"],
  [{ kind: "drop-index", index: target }, "Ad_title_idx"],
  [{ kind: "rebuild-index", index: { ...build, name: "Ad_title_idx_pcc_00000000", statement: 'CREATE INDEX CONCURRENTLY "Ad_title_idx_pcc_00000000" ON "Ad"("title");' }, name: "Ad_title_idx" }, "Ad_title_idx_pcc_00000000"],
  [{ kind: "retire-index", index: target, temporary: "t", source: "Ad" }, "Ad_title_idx"],
  [{ kind: "rename-index", index: target, temporary: "Ad_title_idx_pcc_00000000", source: "Ad" }, "Ad_title_idx_pcc_00000000"],
  [{ kind: "swap-unique", index: target, temporary: "Ad_title_idx_pcc_00000000", source: "Ad" }, "Ad_title_idx"],
  [{ kind: "precheck-fk", fk }, null],
  [{ kind: "add-fk", fk }, "Click_ad_id_fkey"],
  [{ kind: "validate-fk", fk }, "Click_ad_id_fkey"],
  [{ kind: "precheck-not-null", column }, null],
  [{ kind: "add-not-null-check", column }, "Ad_title_pcc_nn_00000000"],
  [{ kind: "validate-not-null", column }, "Ad_title_pcc_nn_00000000"],
  [{ kind: "set-not-null", column }, "title"],
];

describe("the catalog", () => {
  it("every step's spec reads its own folder back for doctor (a new operation gets doctor's support by declaring it)", () => {
    // Every operation's steps but the partitioned-index ones, which doctor's tests read back (src/doctor/partitioned.test.ts).
    for (const kind of new Set(everyStep.map(([s]) => s.kind))) expect(Object.keys(stepSpecs())).toContain(kind);
    for (const [step, named] of everyStep) {
      const spec = specOf(step);
      const ctx = { folder: "20260301090000_x", lock: DEFAULT_LOCK_RETRY };
      const found = withLockStepsOpened(parseStatements(spec.header(step, ctx) + spec.sql(step, ctx))).map((s) => spec.readBack.find(s)).find(Boolean) ?? null;
      expect(found?.index ?? null, step.kind).toBe(named);
      expect(spec.readBack.statement === null, step.kind).toBe(named === null);
    }
  });

  it("every step kind belongs to exactly one operation, and every folder word is distinct", () => {
    const kinds = catalog().flatMap((o) => o.steps.map((s) => s.kind));
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(new Set(kinds)).toEqual(new Set(Object.keys(stepSpecs())));
    const words = Object.values(stepSpecs()).map((s) => s.word);
    expect(new Set(words).size).toBe(words.length);
  });

  it("every operation's rules are check's rules (stable ids)", () => {
    const ids = new Set(rules.map((r) => r.id));
    for (const o of catalog()) for (const r of o.rules) expect(ids.has(r.id), r.id).toBe(true);
  });

  it("check's rules are the operations' (catalog order) then the generic ones; each operation with a rule recognises for fix", () => {
    expect(rules.map((r) => r.id)).toEqual([...catalog().flatMap((o) => o.rules), ...genericRules].map((r) => r.id));
    for (const o of catalog()) expect(o.rules.length === 0 || typeof o.fix === "function", o.id).toBe(true);
    expect(catalog().filter((o) => o.fix).map((o) => o.id)).toEqual(["partitioned-index", "add-unique", "add-index", "drop-unique-constraint", "drop-index", "foreign-key", "not-null"]);
  });

  it("src/catalog/README.md names every step word and every lock mode a step takes", () => {
    for (const spec of Object.values(stepSpecs())) {
      expect(readme, spec.word).toContain(spec.word);
      for (const lock of spec.locks) expect(readme, `${spec.word}: ${lock.mode}`).toMatch(new RegExp(lock.mode === "SHARE UPDATE EXCLUSIVE" ? "SHARE UPDATE EXCLUSIVE|SUE" : lock.mode));
    }
  });
});
