import { describe, expect, it } from "vitest";
import type { IndexDefinition } from "./index-definition.js";
import { isNotNullCheckName, notNullCheckName, parseTemporaryName, temporaryIndexName } from "./temporary-name.js";

const ab: IndexDefinition = { unique: false, method: "btree", columns: [{ name: "a", desc: false }, { name: "b", desc: true }] };
const bytes = (s: string) => Buffer.byteLength(s, "utf8");

describe("temporary index names", () => {
  it("keep the real name in front and end in _pcc_ and 8 hex digits", () => {
    const name = temporaryIndexName("public", "posts_a_idx", ab);
    expect(name).toMatch(/^posts_a_idx_pcc_[0-9a-f]{8}$/);
    expect(parseTemporaryName(name)).toEqual({ prefix: "posts_a_idx" });
  });

  it("fit 63 bytes for a 63-byte name and for multibyte names, cut at a character boundary", () => {
    const long = temporaryIndexName("public", "x".repeat(63), ab);
    expect(bytes(long)).toBe(63);
    const umlauts = temporaryIndexName("public", "Ä".repeat(31), ab); // 62 bytes; byte 50 ends an Ä
    expect(bytes(umlauts)).toBeLessThanOrEqual(63);
    expect(umlauts.startsWith("Ä".repeat(25) + "_pcc_")).toBe(true);
    const odd = temporaryIndexName("public", "a" + "Ä".repeat(31), ab); // byte 50 falls inside an Ä
    expect(odd.startsWith("a" + "Ä".repeat(24) + "_pcc_")).toBe(true);
    expect(bytes(odd)).toBe(62);
  });

  it("are the same on every plan, and differ by schema, name and new definition", () => {
    const name = temporaryIndexName("public", "posts_a_idx", ab);
    expect(temporaryIndexName("public", "posts_a_idx", { ...ab, columns: ab.columns.map((c) => ({ ...c })) })).toBe(name);
    expect(temporaryIndexName("billing", "posts_a_idx", ab)).not.toBe(name);
    // Two names sharing their first 50 bytes still get different temporary names.
    const base = "p".repeat(50);
    expect(temporaryIndexName("public", `${base}_a_idx`, ab)).not.toBe(temporaryIndexName("public", `${base}_b_idx`, ab));
    expect(temporaryIndexName("public", "posts_a_idx", { ...ab, method: "hash" })).not.toBe(name);
    expect(temporaryIndexName("public", "posts_a_idx", { ...ab, unique: true })).not.toBe(name);
    expect(temporaryIndexName("public", "posts_a_idx", { ...ab, columns: [{ name: "a", desc: false, opclass: "text_pattern_ops" }] })).not.toBe(name);
  });

  it("are told apart from names users and PostgreSQL give", () => {
    for (const name of ["posts_a_idx", "posts_a_key", "posts_pkey", "posts_a_idx_ccnew", "x_pcc_1234567", "x_pcc_1234567g", "x_pcc_ABCDEF12"]) {
      expect(parseTemporaryName(name), name).toBeNull();
    }
  });
});

describe("NOT NULL check constraint names", () => {
  it("are deterministic, recognisable, and at most 63 bytes even for long multibyte names", () => {
    const name = notNullCheckName("public", "Click", "label");
    expect(name).toMatch(/^Click_label_pcc_nn_[0-9a-f]{8}$/);
    expect(notNullCheckName("public", "Click", "label")).toBe(name);
    expect(isNotNullCheckName(name)).toBe(true);
    expect(isNotNullCheckName("Click_label_check")).toBe(false);
    expect(parseTemporaryName(name)).toBeNull(); // never mistaken for a rebuilt index's name
    const long = notNullCheckName("public", "Ä".repeat(31), "ö".repeat(31));
    expect(bytes(long)).toBeLessThanOrEqual(63);
    expect(isNotNullCheckName(long)).toBe(true);
  });

  it("differ for columns whose names cut to the same prefix, and per schema", () => {
    const a = notNullCheckName("public", "t".repeat(50), "a");
    const b = notNullCheckName("public", "t".repeat(50), "b");
    expect(a.slice(0, 46)).toBe(b.slice(0, 46));
    expect(a).not.toBe(b);
    expect(notNullCheckName("other", "Click", "label")).not.toBe(notNullCheckName("public", "Click", "label"));
  });
});
