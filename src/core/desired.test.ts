import { describe, expect, it } from "vitest";
import type { DMMF } from "@prisma/generator-helper";
import { desiredFromDatamodel } from "./desired.js";
import { describeSource } from "./state.js";

// `datamodel.indexes` exactly as Prisma 7.10 handed it to a generator (6.19 gives the same JSON) for
// @@index([title]), @@index([title, score(sort: Desc)]), type: Hash, Gin, Gin + ops: JsonbPathOps,
// ops: raw("gin_trgm_ops") with map:, Brin, SpGist with map:, sort: Desc with map:, a @@unique and @id.
const indexes = [
  { model: "Post", type: "id", isDefinedOnField: true, fields: [{ name: "id" }] },
  { model: "Post", type: "normal", isDefinedOnField: false, fields: [{ name: "title" }] },
  { model: "Post", type: "normal", isDefinedOnField: false, fields: [{ name: "title" }, { name: "score", sortOrder: "desc" }] },
  { model: "Post", type: "normal", isDefinedOnField: false, algorithm: "Hash", fields: [{ name: "body" }] },
  { model: "Post", type: "normal", isDefinedOnField: false, algorithm: "Gin", fields: [{ name: "tags" }] },
  { model: "Post", type: "normal", isDefinedOnField: false, algorithm: "Gin", fields: [{ name: "meta", operatorClass: "JsonbPathOps" }] },
  { model: "Post", type: "normal", isDefinedOnField: false, dbName: "posts_body_trgm", algorithm: "Gin", fields: [{ name: "body", operatorClass: "gin_trgm_ops" }] },
  { model: "Post", type: "normal", isDefinedOnField: false, algorithm: "Brin", fields: [{ name: "createdAt" }] },
  { model: "Post", type: "normal", isDefinedOnField: false, dbName: "posts_title_spgist", algorithm: "SpGist", fields: [{ name: "title" }] },
  { model: "Post", type: "normal", isDefinedOnField: false, dbName: "custom_name", fields: [{ name: "createdAt", sortOrder: "desc" }] },
  { model: "Post", type: "unique", isDefinedOnField: false, dbName: "uq_x", fields: [{ name: "title" }, { name: "score", sortOrder: "desc" }] },
  { model: "Post", type: "normal", isDefinedOnField: false, fields: [{ name: "created", sortOrder: "asc" }], dbName: "p_asc" },
];

const datamodel = {
  models: [{
    name: "Post", dbName: "posts", schema: null,
    fields: [
      ...["id", "title", "body", "score", "tags", "meta", "created"].map((name) => ({ name, dbName: null as string | null, kind: "scalar" })),
      { name: "createdAt", dbName: "created_at", kind: "scalar" },
    ],
  }],
  indexes, enums: [], types: [],
} as unknown as DMMF.Datamodel;

describe("desired indexes from the DMMF", () => {
  const desired = desiredFromDatamodel(datamodel);

  it("reads @@index with Prisma's names, method, ops and sort; skips @id", () => {
    const summary = desired.indexes.map((i) => [i.name, i.unique, i.method, i.columns.map((c) => `${c.name}${c.desc ? " DESC" : ""}${c.ascWritten ? " ASC" : ""}${c.opclass ? ` ${c.opclass}` : ""}`).join(", ")]);
    expect(summary).toEqual([
      ["posts_title_idx", false, "btree", "title"],
      ["posts_title_score_idx", false, "btree", "title, score DESC"],
      ["posts_body_idx", false, "hash", "body"],
      ["posts_tags_idx", false, "gin", "tags"],
      ["posts_meta_idx", false, "gin", "meta jsonb_path_ops"],
      ["posts_body_trgm", false, "gin", "body gin_trgm_ops"],
      ["posts_created_at_idx", false, "brin", "created_at"],
      ["posts_title_spgist", false, "spgist", "title"],
      ["custom_name", false, "btree", "created_at DESC"],
      ["uq_x", true, "btree", "title, score DESC"],
      ["p_asc", false, "btree", "created ASC"],
    ]);
  });

  it("keeps uniques as before for callers that plan uniques only", () => {
    expect(desired.uniques.map((u) => u.name)).toEqual(["uq_x"]);
    expect(desired.uniques[0]!.columns).toEqual([{ name: "title", desc: false }, { name: "score", desc: true }]);
  });

  it("remembers the declaration as written, enum ops by name and raw ones as raw()", () => {
    const byName = new Map(desired.indexes.map((i) => [i.name, i.source]));
    expect(byName.get("posts_meta_idx")).toMatchObject({ attribute: "@@index", type: "Gin", fields: [{ name: "meta", ops: "JsonbPathOps" }] });
    expect(byName.get("posts_body_trgm")).toMatchObject({ map: "posts_body_trgm", fields: [{ name: "body", ops: 'raw("gin_trgm_ops")' }] });
    expect(byName.get("uq_x")).toMatchObject({ attribute: "@@unique", type: null });
  });
});

describe("describing a declaration", () => {
  it("writes @@index with type:, ops: and sort: as the schema does, and uniques as before", () => {
    const desired = desiredFromDatamodel(datamodel);
    const described = new Map(desired.indexes.map((i) => [i.name, describeSource(i.source)]));
    expect(described.get("posts_meta_idx")).toBe("Post @@index([meta(ops: JsonbPathOps)], type: Gin)");
    expect(described.get("posts_body_trgm")).toBe('Post @@index([body(ops: raw("gin_trgm_ops"))], type: Gin, map: "posts_body_trgm")');
    expect(described.get("p_asc")).toBe('Post @@index([created(sort: Asc)], map: "p_asc")');
    expect(described.get("uq_x")).toBe('Post @@unique([title, score(sort: Desc)], map: "uq_x")');
    expect(describeSource({ model: "M", fields: [{ name: "a", desc: false }], onField: true, map: null })).toBe("M.a @unique");
  });
});
