import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../sql/parse.js";
import { checkHistory } from "./run-check.js";
import { formatResult, hasErrors } from "./format.js";
import { prismaInit } from "./rules/rule-test-kit.js";

beforeAll(loadParser);

const history = () => [
  { name: "20250101000000_init", sql: prismaInit() },
  { name: "20250201000000_old_unique", sql: `-- CreateIndex\nCREATE UNIQUE INDEX "Ad_title_key" ON "Ad"("title");\n` },
  {
    name: "20260301000000_new",
    sql: `-- prisma-concurrently-disable-next-line blocking-index, missing-lock-timeout -- tiny table\nCREATE INDEX "Ad_created_at_idx" ON "Ad"("created_at");\n` +
      `ALTER TABLE "Ad" DROP CONSTRAINT "Ad_pkey";\n`,
  },
];

describe("check over a history", () => {
  it("reports every migration by default, and only the ones after --since when asked", () => {
    const all = checkHistory(history());
    expect(all.findings.map((f) => [f.migration, f.rule, f.line])).toEqual([
      ["20250201000000_old_unique", "blocking-unique-index", 2],
      ["20260301000000_new", "missing-lock-timeout", 3],
    ]);
    expect(all.suppressed).toBe(1);
    expect(hasErrors(all)).toBe(true);
    const since = checkHistory(history(), { since: "20250201000000_old_unique" });
    expect(since.checked).toEqual(["20260301000000_new"]);
    expect(hasErrors(since)).toBe(false);
  });

  it("reports a file PostgreSQL's parser rejects, where it rejects it, and goes on", () => {
    const result = checkHistory([...history(), { name: "20260401000000_bad", sql: "SELECT 1;\nCREATE INDEX ON;\n" }]);
    expect(result.findings.at(-1)).toMatchObject({ migration: "20260401000000_bad", rule: "parse-error", severity: "error", line: 2, column: 16 });
  });

  it("prints text, a stable JSON document, and GitHub annotations", () => {
    const result = checkHistory(history(), { since: "20250101000000_init" });
    const text = formatResult(result, "text", "prisma/migrations");
    expect(text).toContain("prisma/migrations/20250201000000_old_unique/migration.sql:2:1  error  blocking-unique-index\n  CREATE UNIQUE INDEX \"Ad_title_key\"");
    expect(text).toContain("\n  Fix: run `npx prisma-concurrently fix 20250201000000_old_unique`");
    expect(text.split("\n").at(-1)).toBe("prisma-concurrently check: 1 error, 1 warning in 2 migrations (1 suppressed).");

    const json = JSON.parse(formatResult(result, "json", "prisma/migrations"));
    expect(Object.keys(json)).toEqual(["version", "migrationsDir", "checked", "findings", "summary"]);
    expect(json.version).toBe(1);
    expect(Object.keys(json.findings[0])).toEqual(["file", "migration", "line", "column", "rule", "severity", "message", "fix"]);
    expect(json.summary).toEqual({ errors: 1, warnings: 1, suppressed: 1, checked: 2 });

    const github = formatResult(result, "github", "prisma/migrations").split("\n");
    expect(github[0]).toMatch(/^::error file=prisma\/migrations\/20250201000000_old_unique\/migration.sql,line=2,col=1,title=prisma-concurrently blocking-unique-index::CREATE UNIQUE INDEX .*%0AFix: run/);
    expect(github[1]).toMatch(/^::warning file=.*20260301000000_new\/migration.sql,line=3,col=1,/);
  });
});
