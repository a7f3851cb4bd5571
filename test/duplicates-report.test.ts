// `duplicates` on a table of about a million rows, through the real Prisma CLI: the report is
// exact (rows with a NULL in a key column are ignored, although many of them share the rest of
// the key), it lists the largest group with its primary keys, and it completes; the time is
// printed, not asserted. It also runs while another session writes to the table, and leaves no
// lock behind.
import { afterEach, describe, expect, it } from "vitest";
import { makeProject, type Project } from "./support/project.js";
import { duplicatesCli } from "./support/cli.js";

const addUnique = (schema: string) => schema.replace('@@map("page_views")', '@@unique([site, path, day])\n  @@map("page_views")');
const duplicates = duplicatesCli;

describe("duplicates on ~1M rows", () => {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it("reports the exact groups, ignores NULL keys, and completes", async () => {
    project = await makeProject("pageviews", { prisma: 7 });
    expect((await project.deploy()).code).toBe(0);
    // 1,000,000 distinct keys (1000 sites x 1000 paths); 20,000 of them get a NULL path, which makes
    // 20 sites x 1000 rows share (site, NULL, day): not duplicates for a unique index.
    await project.sql(`INSERT INTO page_views (site, page_path, day, views)
                       SELECT 's' || (g % 1000), CASE WHEN g % 50 = 0 THEN NULL ELSE '/' || (g / 1000) END, DATE '2026-01-01', 1
                         FROM generate_series(0, 999999) g`);
    // 9,800 groups of two (ids 1..10000 with a path), and the key of id 2 gets 99 more rows: 101 in all.
    await project.sql(`INSERT INTO page_views (site, page_path, day) SELECT site, page_path, day FROM page_views WHERE id <= 10000 AND page_path IS NOT NULL ORDER BY id`);
    await project.sql(`INSERT INTO page_views (site, page_path, day) SELECT site, page_path, day FROM page_views, generate_series(1, 99) WHERE id = 2`);
    await project.sql("ANALYZE page_views");
    expect((await project.sql<{ n: string }>("SELECT count(*) AS n FROM page_views"))[0]!.n).toBe("1009899");
    project.editSchema(addUnique);

    // a writer keeps inserting while the report reads
    const writer = project.sql(`INSERT INTO page_views (site, page_path, day) SELECT 'w', '/' || g, DATE '2027-01-01' FROM generate_series(1, 200000) g`);
    const t0 = performance.now();
    const result = await duplicates(project, ["--json", "--limit", "3"]);
    const wall = performance.now() - t0;
    await writer;
    expect(result.code, result.output).toBe(0);
    const [unique] = JSON.parse(result.stdout).uniques;
    console.log(`duplicates on 1,009,899 rows: report query ${unique.elapsedMs} ms, whole command ${Math.round(wall)} ms (incl. prisma generate)`);
    expect(unique).toMatchObject({
      unique: "PageView @@unique([site, path, day])",
      table: "page_views",
      columns: ["site", "page_path", "day"],
      status: "checked",
      duplicateGroups: 9800,
      surplusRows: 9899,
      rowsInGroups: 9800 * 2 + 99,
    });
    expect(unique.largestGroups).toHaveLength(3);
    expect(unique.largestGroups[0]).toEqual({
      key: { site: "s1", page_path: "/0", day: "2026-01-01" },
      rows: 101,
      primaryKeys: ["2", "1000001", "1009801", "1009802", "1009803"],
    });
    expect(unique.largestGroups[1].rows).toBe(2);

    const text = await duplicates(project, ["--limit", "1"]);
    expect(text.stdout).toContain("9800 duplicate groups, 9899 surplus rows (19699 rows share a key; rows with a NULL in a key column never conflict and are not counted)");
    expect(text.stdout).toContain("(site, page_path, day)=(s1, /0, 2026-01-01)  101 rows  id: 2, 1000001, 1009801, 1009802, 1009803, … (+96)");
    expect(text.stdout).toContain("(+9799 more groups; --limit <n> lists more)");
    // The reads took no lock that outlives them.
    expect(await project.sql(`SELECT mode FROM pg_locks WHERE relation = 'page_views'::regclass`)).toEqual([]);
  });
});
