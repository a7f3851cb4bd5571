import { describe, expect, it } from "vitest";
import { normaliseOpclass, PRISMA_OPCLASSES, prismaOpclassSql, prismaOpsArgument } from "./prisma-opclasses.js";

describe("Prisma's operator classes", () => {
  it("map enum names to the SQL names Prisma writes (verified with migrate diff --script)", () => {
    expect(prismaOpclassSql("JsonbPathOps")).toBe("jsonb_path_ops");
    expect(prismaOpclassSql("JsonbOps")).toBe("jsonb_ops");
    expect(prismaOpclassSql("ArrayOps")).toBe("array_ops");
    expect(prismaOpclassSql("InetOps")).toBe("inet_ops");
    expect(prismaOpclassSql("TextOps")).toBe("text_ops");
    expect(prismaOpclassSql("Int4MinMaxOps")).toBe("int4_minmax_ops"); // minmax, not min_max
    expect(prismaOpclassSql("Int4BloomOps")).toBe("int4_bloom_ops");
    expect(prismaOpclassSql("TimestampMinMaxMultiOps")).toBe("timestamp_minmax_multi_ops");
    expect(prismaOpclassSql("TimestampTzBloomOps")).toBe("timestamptz_bloom_ops");
  });

  it("pass raw(\"…\") strings through verbatim", () => {
    expect(prismaOpclassSql("gin_trgm_ops")).toBe("gin_trgm_ops");
    expect(prismaOpclassSql("toString")).toBe("toString"); // not an inherited property
    expect(prismaOpsArgument("gin_trgm_ops")).toBe('raw("gin_trgm_ops")');
    expect(prismaOpsArgument("JsonbPathOps")).toBe("JsonbPathOps");
  });

  it("have SQL names that are all lower-case snake case ending in _ops", () => {
    for (const sql of Object.values(PRISMA_OPCLASSES)) expect(sql).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*_ops$/);
    expect(Object.keys(PRISMA_OPCLASSES)).toHaveLength(55) // every name of the enum in prisma_schema_build_bg.wasm (7.10);
  });

  it("count a method's default opclass as none, as Prisma does", () => {
    expect(normaliseOpclass("gin", "jsonb_ops")).toBeNull();
    expect(normaliseOpclass("gin", "array_ops")).toBeNull();
    expect(normaliseOpclass("gin", "jsonb_path_ops")).toBe("jsonb_path_ops");
    expect(normaliseOpclass("brin", "int4_minmax_ops")).toBeNull();
    expect(normaliseOpclass("brin", "int4_minmax_multi_ops")).toBe("int4_minmax_multi_ops");
    expect(normaliseOpclass("brin", "int4_bloom_ops")).toBe("int4_bloom_ops");
    expect(normaliseOpclass("spgist", "inet_ops")).toBeNull();
    expect(normaliseOpclass("spgist", "text_ops")).toBeNull();
    expect(normaliseOpclass("gist", "inet_ops")).toBe("inet_ops"); // not gist's default for inet
    expect(normaliseOpclass("btree", "text_ops")).toBeNull();
    expect(normaliseOpclass("btree", "text_pattern_ops")).toBe("text_pattern_ops");
    expect(normaliseOpclass("gin", null)).toBeNull();
    expect(normaliseOpclass("gin", undefined)).toBeNull();
  });
});
