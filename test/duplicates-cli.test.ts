// `duplicates`' messages through the real CLI in a real Prisma 7 project: every error names the
// table or model, the key, and the next step, and no output ever shows the password.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeProject, type Project } from "./support/project.js";
import { duplicatesCli } from "./support/cli.js";

const duplicates = duplicatesCli;

describe("duplicates: messages", () => {
  let project: Project;
  let password: string;
  const run = async (args: string[]) => {
    const r = await duplicates(project, args);
    expect(r.output).not.toContain(`:${password}@`);
    return r;
  };
  beforeAll(async () => {
    project = await makeProject("pageviews", { prisma: 7 });
    password = decodeURIComponent(new URL(project.databaseUrl).password);
  });
  afterAll(() => project?.remove());

  it("before the tables exist: the table is missing, with the next step", async () => {
    const explicit = await run(["--model", "PageView", "--fields", "site,path"]);
    expect(explicit.code).toBe(1);
    expect(explicit.stderr).toMatch(/table "page_views" \(model PageView\) is not in the database postgresql:\/\/\S+:\*\*\*\*@\S+\. Apply the migrations that create it first \(`npx prisma migrate deploy`\)/);
    project.editSchema((s) => s.replace('@@map("page_views")', '@@unique([site, path])\n  @@map("page_views")'));
    const fromSchema = await run([]);
    expect(fromSchema.code, fromSchema.output).toBe(0);
    expect(fromSchema.stdout).toContain('PageView @@unique([site, path]): skipped: table "page_views" is not in the database yet');
    expect((await project.deploy()).code).toBe(0);
  });

  it("an unreachable database: names the server, hides the password", async () => {
    const r = await run(["--url", "postgresql://app:s3cret@127.0.0.1:1/nowhere"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cannot connect to postgresql://app:****@127.0.0.1:1/nowhere (from --url)");
    expect(r.stderr).toContain("pass another one with --url");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.output).not.toContain("s3cret");
  });

  it("unknown model and field: lists what exists and suggests the right case", async () => {
    const model = await run(["--model", "pageview", "--fields", "site"]);
    expect(model.code).toBe(1);
    expect(model.stderr).toMatch(/schema\.prisma has no model "pageview"\. Did you mean "PageView"\? Models: PageView, Membership\./);
    const field = await run(["--model", "PageView", "--fields", "site,Path"]);
    expect(field.code).toBe(1);
    expect(field.stderr).toContain('model PageView has no scalar field "Path". Did you mean "path"? Its fields: id, site, path, day, views.');
    const half = await run(["--model", "PageView"]);
    expect(half.stderr).toContain("--model needs --fields");
  });

  it("options that shape the dedupe statement need --sql, and are checked", async () => {
    const refused = async (args: string[], message: string) => {
      const result = await run(args);
      expect(result.code, result.output).toBe(1);
      expect(result.stderr).toContain(message);
    };
    await refused(["--keep", "last"], "--keep shapes the dedupe statement: add --sql to print it.");
    await refused(["--sql", "--keep", "middle"], "--keep middle is not a policy. Use --keep first (lowest primary key) or --keep last (highest).");
    await refused(["--sql", "--batch", "100"], "--batch 100 is not valid: a whole number from 1 to 64.");
    await refused(["--timeout", "soon"], "--timeout soon is not a duration.");
    await refused(["--model", "PageView", "--fields", "site,path", "--sql", "--sum", "site"], '--sum site is part of the key (site, page_path) of "page_views": only other columns can be added up.');
    await refused(["--model", "PageView", "--fields", "site", "--sql", "--sum", "day"], '--sum day: column "day" of "page_views" is date, which cannot be added up.');
    await refused(["--model", "PageView", "--fields", "site", "--sql", "--sum", "id"], '--sum id is the primary key of "page_views"');
  });

  it("a key the database enforces already, and a pending unique without duplicates", async () => {
    const enforced = await run(["--model", "PageView", "--fields", "id"]);
    expect(enforced.code, enforced.output).toBe(0);
    expect(enforced.stdout).toContain('the unique index "page_views_pkey" on "page_views" already keeps duplicates of (id) out: none can exist.');
    await project.sql(`INSERT INTO page_views (site, page_path, day) VALUES ('a', '/', '2026-01-01'), ('a', NULL, '2026-01-01'), ('a', NULL, '2026-01-01')`);
    const clean = await run([]);
    expect(clean.code, clean.output).toBe(0);
    expect(clean.stdout).toContain("PageView @@unique([site, path])");
    expect(clean.stdout).toContain("no duplicates: the unique index can be built.");
    const sql = await run(["--sql"]);
    expect(sql.stdout.trim()).toBe('-- prisma-concurrently: PageView @@unique([site, path]): no duplicates in "page_views": nothing to remove.');
  });

  it("a composite primary key is shown and used by the dedupe statement", async () => {
    await project.sql(`INSERT INTO "Membership" VALUES (1, 1, 'x@a', 'r'), (1, 2, 'x@a', 'r'), (2, 1, 'x@a', 'r'), (2, 2, 'y@a', 'r')`);
    const r = await run(["--model", "Membership", "--fields", "email"]);
    expect(r.code, r.output).toBe(0);
    expect(r.stdout).toContain('table "Membership", key (email), primary key (org_id, user_id)');
    expect(r.stdout).toContain("(email)=(x@a)  3 rows  (org_id, user_id): (1,1), (1,2), (2,1)");
    const sql = await run(["--model", "Membership", "--fields", "email", "--sql", "--keep", "last"]);
    expect(sql.code, sql.output).toBe(0);
    await project.sql(sql.stdout);
    expect(await project.sql(`SELECT org_id, user_id, email FROM "Membership" ORDER BY 1, 2`)).toEqual([
      { org_id: 2, user_id: 1, email: "x@a" },
      { org_id: 2, user_id: 2, email: "y@a" },
    ]);
  });

  it("no uniques in the schema, and --help", async () => {
    project.editSchema((s) => s.replace("@@unique([site, path])\n  ", ""));
    const none = await run([]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/schema\.prisma declares no @unique or @@unique, so nothing is pending\. To check any key: --model <Model> --fields <a,b>\./);
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: prisma-concurrently duplicates");
  });
});
