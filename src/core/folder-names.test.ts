import { describe, expect, it } from "vitest";
import { folderLabel, indexSlug, nextTimestamps, timestampOf } from "./folder-names.js";

const now = new Date("2026-03-01T10:00:00Z");

describe("folder names", () => {
  it("formats Prisma's UTC timestamp", () => {
    expect(timestampOf(now)).toBe("20260301100000");
    expect(folderLabel("20260301100000_init")).toBe("init");
  });

  it("starts at the clock when the history is older, one second per step", () => {
    expect(nextTimestamps(["20250101000000_init"], now, 3)).toEqual(["20260301100000", "20260301100001", "20260301100002"]);
  });

  it("starts after the newest folder when the clock is behind it", () => {
    expect(nextTimestamps(["20250101000000_init", "20270101000000_future"], now, 2)).toEqual(["20270101000001", "20270101000002"]);
  });

  it("gives up when no timestamp can sort after a hand-named folder", () => {
    expect(nextTimestamps(["zz_init"], now, 1)).toBeNull();
    expect(nextTimestamps(["0001_init"], now, 1)).toEqual(["20260301100000"]);
  });

  it("makes readable slugs, with a hash when characters had to go", () => {
    expect(indexSlug("public", "impression_counter_ad_id_impression_date_key")).toBe("impression_counter_ad_id_impression_date");
    expect(indexSlug("public", "Ad_Title_key")).toBe("ad_title");
    const a = indexSlug("public", "Café_naïve_key");
    expect(a).toMatch(/^caf_na_ve_[0-9a-f]{8}$/);
    expect(indexSlug("public", "ключ")).toMatch(/^[0-9a-f]{8}$/);
    expect(indexSlug("a", "ключ")).not.toBe(indexSlug("b", "ключ"));
  });
});
