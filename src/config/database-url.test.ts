import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UserError } from "../messages/user-error.js";
import { withClient } from "../io/database.js";
import { redactUrl, resolveDatabaseUrl } from "./database-url.js";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("the database URL, found as Prisma finds it", () => {
  it("reads DATABASE_URL from the project's .env (Prisma 6), and the environment wins over it", async () => {
    dir = mkdtempSync(join(tmpdir(), "pgc-url-"));
    mkdirSync(join(dir, "prisma"));
    writeFileSync(join(dir, "prisma", ".env"), 'DATABASE_URL="postgresql://u:secret@127.0.0.1:5432/app"\n');
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      expect(await resolveDatabaseUrl({ cwd: dir })).toEqual({ url: "postgresql://u:secret@127.0.0.1:5432/app", source: "DATABASE_URL" });
      process.env.DATABASE_URL = "postgresql://other@127.0.0.1/other";
      expect((await resolveDatabaseUrl({ cwd: dir })).url).toBe("postgresql://other@127.0.0.1/other");
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
    expect(redactUrl("postgresql://u:secret@127.0.0.1:5432/app")).not.toContain("secret");
  });

  it("turns a URL that does not parse into a message naming where it came from", async () => {
    const failure = await withClient({ url: "postgresql://u:p@[bad/x", source: "prisma.config.ts" }, async () => 0).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as Error).message).toMatch(/URL from prisma\.config\.ts is not a valid URL/);
  });
});
