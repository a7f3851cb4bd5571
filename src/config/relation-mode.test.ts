import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foreignKeysEmulated } from "./relation-mode.js";

const schema = (datasource: string) => {
  const dir = mkdtempSync(join(tmpdir(), "pgc-relation-mode-"));
  writeFileSync(join(dir, "schema.prisma"), `generator client {\n  provider = "prisma-client"\n}\n\ndatasource db {\n${datasource}\n}\n`);
  return join(dir, "schema.prisma");
};

describe("relationMode", () => {
  it('is "prisma" only when the datasource says so (not in a comment)', () => {
    expect(foreignKeysEmulated(schema(`  provider     = "postgresql"\n  relationMode = "prisma"`))).toBe(true);
    expect(foreignKeysEmulated(schema(`  provider = "postgresql"\n  referentialIntegrity = "prisma"`))).toBe(true);
    expect(foreignKeysEmulated(schema(`  provider = "postgresql"\n  // relationMode = "prisma"`))).toBe(false);
    expect(foreignKeysEmulated(schema(`  provider = "postgresql"\n  relationMode = "foreignKeys"`))).toBe(false);
    expect(foreignKeysEmulated("/nonexistent/schema.prisma")).toBe(false);
  });
});
