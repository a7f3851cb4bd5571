import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Folder } from "../core/render.js";
import { UserError } from "../messages/user-error.js";
import { writeFolders } from "./write-folders.js";

const folder = (name: string): Folder => ({ name, sql: `-- ${name}\n`, step: { kind: "precheck" } as Folder["step"] });
let root = "";
let dir = "";
afterEach(() => rmSync(root, { recursive: true, force: true }));
function migrationsDir() {
  root = mkdtempSync(join(tmpdir(), "pgc-write-"));
  dir = join(root, "migrations");
  mkdirSync(dir);
}

describe("writing migration folders", () => {
  it("writes every folder, or none of them when one fails, and leaves no staging folder", () => {
    migrationsDir();
    writeFolders(dir, [folder("20260101000000_a"), folder("20260101000001_b")]);
    expect(readdirSync(dir).sort()).toEqual(["20260101000000_a", "20260101000001_b"]);

    // The second folder cannot be written (its name holds a folder that does not exist).
    expect(() => writeFolders(dir, [folder("20260101000002_c"), folder("missing/20260101000003_d")])).toThrow();
    expect(readdirSync(dir).sort()).toEqual(["20260101000000_a", "20260101000001_b"]);
    expect(readdirSync(root)).toEqual(["migrations"]);
  });

  it("refuses a folder that exists, before writing anything", () => {
    migrationsDir();
    mkdirSync(join(dir, "20260101000001_b"));
    expect(() => writeFolders(dir, [folder("20260101000000_a"), folder("20260101000001_b")])).toThrow(UserError);
    expect(readdirSync(dir)).toEqual(["20260101000001_b"]);
  });
});
