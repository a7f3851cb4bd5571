import { describe, expect, it } from "vitest";
import { oldTempFolderOf, workPathsFor } from "./work-paths.js";

describe("where a run locks and stages", () => {
  it("beside the migrations folder, in the same parent, never inside it", () => {
    const paths = workPathsFor("/p/prisma/migrations");
    expect(paths.lock).toBe("/p/prisma/.migrations.prisma-concurrently.lock");
    expect(paths.staging("123-ab")).toBe("/p/prisma/.migrations.prisma-concurrently-staging-123-ab");
    expect(paths.staging("1").startsWith("/p/prisma/migrations/")).toBe(false);
    expect(workPathsFor("/p/prisma/migrations/").lock).toBe(paths.lock);
  });

  it("tells its own staging folders from anything else in the parent", () => {
    const paths = workPathsFor("/p/prisma/migrations");
    expect(paths.isStaging(".migrations.prisma-concurrently-staging-123-ab")).toBe(true);
    expect(paths.isStaging(".migrations.prisma-concurrently-staging-")).toBe(false);
    expect(paths.isStaging(".other.prisma-concurrently-staging-123-ab")).toBe(false); // another migrations folder's
    expect(paths.isStaging("migrations")).toBe(false);
    expect(paths.asideLockPid(".migrations.prisma-concurrently.lock.stale-4242")).toBe(4242);
    expect(paths.asideLockPid(".migrations.prisma-concurrently.lock")).toBeNull();
  });

  it("recognises the temporary folders earlier releases staged in inside the migrations folder, and only those", () => {
    expect(oldTempFolderOf(".20260301100001_concurrently_index_unique_ad_title.tmp-4242")).toEqual({
      folder: "20260301100001_concurrently_index_unique_ad_title",
      pid: 4242,
    });
    expect(oldTempFolderOf(".20260301100001_add_title.tmp-4242")).toBeNull(); // not this tool's folder name
    expect(oldTempFolderOf("20260301100001_concurrently_index_unique_ad_title")).toBeNull();
    expect(oldTempFolderOf(".20260301100001_concurrently_index_unique_ad_title.tmp-")).toBeNull();
  });
});
