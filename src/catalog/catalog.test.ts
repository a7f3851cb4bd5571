import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalog, stepSpecs } from "./catalog.js";
import { genericRules, rules } from "../check/rules/index.js";

const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");

describe("the catalog", () => {
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
