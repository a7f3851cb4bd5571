import { describe, expect, it } from "vitest";
import { decodeFolder, encodeFolder, stepLabel } from "./folder-convention.js";
import type { Step } from "../core/plan.js";

const unique = { schema: "public", table: "Ad", qualified: false, name: "Ad_title_key", columns: [{ name: "title", desc: false }], source: { model: "Ad", fields: [], onField: true, map: null } };
const target = { schema: "public", table: "Ad", name: "Ad_title_idx", qualified: false };
const steps: Step[] = [
  { kind: "precheck", unique },
  { kind: "build", unique, attach: true, indexOnlyReason: null },
  { kind: "attach", unique },
  { kind: "create-index", index: { ...target, statement: "", source: "" } },
  { kind: "drop-index", index: target },
];

describe("the folder convention", () => {
  it("encodes and decodes every step kind", () => {
    for (const step of steps) {
      const folder = encodeFolder("20260301090000", step);
      expect(decodeFolder(folder), folder).toMatchObject({ kind: step.kind, label: stepLabel(step) });
    }
    expect(encodeFolder("20260301090000", steps[3]!)).toBe("20260301090000_concurrently_create_index_ad_title_idx");
  });

  it("reads the folder names written before the catalog exactly as before", () => {
    expect(decodeFolder("20250101000000_concurrently_index_unique_ad_title")).toEqual({ kind: "build", word: "index_unique", slug: "ad_title", label: "concurrently_index_unique_ad_title" });
    expect(decodeFolder("20250101000000_concurrently_precheck_unique_x")).toMatchObject({ kind: "precheck", slug: "x" });
    expect(decodeFolder("20250101000000_concurrently_attach_unique_x")).toMatchObject({ kind: "attach", slug: "x" });
    expect(decodeFolder("20250101000000_concurrently_drop_unique_x")).toMatchObject({ kind: "drop", slug: "x" });
    // `drop_unique_` vs `drop_index_`, and a slug that itself starts with a word, stay apart.
    expect(decodeFolder("20250101000000_concurrently_drop_index_drop_unique_x")).toMatchObject({ kind: "drop-index", slug: "drop_unique_x" });
    expect(decodeFolder("20250101000000_concurrently_index_unique_")).toBeNull();
    expect(decodeFolder("20250101000000_init")).toBeNull();
  });
});
