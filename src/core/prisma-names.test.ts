import { describe, expect, it } from "vitest";
import { defaultUniqueName, prismaIndexName, truncateUtf8 } from "./prisma-names.js";
import { postgresObjectName } from "./pg-names.js";

describe("Prisma's default unique name", () => {
  it("joins table and column db names and appends _key", () => {
    expect(defaultUniqueName("impression_counter", ["ad_id", "impression_date"])).toBe("impression_counter_ad_id_impression_date_key");
  });

  it("keeps a prefix of 58 bytes whole, and cuts one of 59 bytes or more to 59", () => {
    expect(defaultUniqueName("t".repeat(56), ["c"])).toBe(`${"t".repeat(56)}_c_key`); // 56 + "_c" = 58 bytes
    expect(defaultUniqueName("t".repeat(57), ["c"])).toBe(`${"t".repeat(57)}_c_key`.slice(0, 59) + "_key"); // 59: cut
    const long = defaultUniqueName("a".repeat(70), ["b"]);
    expect(long).toBe(`${"a".repeat(59)}_key`);
    expect(Buffer.byteLength(long)).toBe(63);
  });

  it("a foreign key's `_fkey` is one byte longer: its prefix is cut to 58 bytes, so the name still fits 63", () => {
    expect(prismaIndexName("a".repeat(70), ["b"], "fkey")).toBe(`${"a".repeat(58)}_fkey`);
    expect(prismaIndexName("Click", ["source_ad_id"], "fkey")).toBe("Click_source_ad_id_fkey");
  });

  it("cuts at a UTF-8 character boundary", () => {
    const name = defaultUniqueName("é".repeat(40), ["x"]); // 80 bytes before _key
    expect(name).toBe(`${"é".repeat(29)}_key`); // 58 bytes: the 30th é would straddle byte 59
    expect(truncateUtf8("aé", 2)).toBe("a");
  });
});

describe("PostgreSQL's names for unnamed keys and indexes", () => {
  it("follows makeObjectName", () => {
    expect(postgresObjectName("t", ["a", "b"], "key")).toBe("t_a_b_key");
    expect(postgresObjectName("t", [], "pkey")).toBe("t_pkey");
    expect(postgresObjectName("t", ["a"], "idx")).toBe("t_a_idx");
    const long = postgresObjectName("x".repeat(40), ["y".repeat(40)], "key");
    expect(Buffer.byteLength(long)).toBe(63);
    expect(long).toBe(`${"x".repeat(29)}_${"y".repeat(29)}_key`);
  });
});

describe("Prisma's default @@index name", () => {
  it("is the unique rule with _idx (both verified with prisma migrate diff --script, 7.10)", () => {
    expect(prismaIndexName("posts", ["title", "score"], "idx")).toBe("posts_title_score_idx");
    // 93 bytes before _idx: the tail is cut to 59 bytes, not the longest part as PostgreSQL would.
    expect(prismaIndexName("ÜberLangeTabelleMitNamenÄ", ["spalteMitEinemSehrLangenNamenÄÖÜ", "anotherVeryLongColumnNameHere"], "idx"))
      .toBe("ÜberLangeTabelleMitNamenÄ_spalteMitEinemSehrLangenNamenÄ_idx");
    // Byte 59 falls inside an Ä: the prefix keeps 58 bytes.
    const midCharacter = prismaIndexName("ÄbcTabelle", ["xy" + "Ä".repeat(30)], "idx");
    expect(midCharacter).toBe(`ÄbcTabelle_xy${"Ä".repeat(22)}_idx`);
    expect(Buffer.byteLength(midCharacter)).toBe(62);
  });

  it("gives the unique name with key", () => {
    expect(prismaIndexName("t", ["a"], "key")).toBe(defaultUniqueName("t", ["a"]));
  });
});
