import { describe, expect, it } from "vitest";
import { migrationsFolder, optionDisagreement } from "./migrations-rule.js";

const base = { cwd: "/p", root: "/p", prismaMajor: 7, schema: { path: "/p/prisma/schema.prisma", isFolder: false } };

describe("the migrations folder, by Prisma's rule and this tool's overrides", () => {
  it("defaults to migrations/ beside the schema file, or inside a schema folder (Prisma 7)", () => {
    expect(migrationsFolder(base)).toEqual({ dir: "/p/prisma/migrations", source: { kind: "default", schemaRoot: "/p/prisma" } });
    expect(migrationsFolder({ ...base, schema: { path: "/p/prisma/schema", isFolder: true }, datasourceFile: "/p/prisma/schema/db/main.prisma" }).dir)
      .toBe("/p/prisma/schema/migrations");
  });

  it("Prisma 6 puts it beside the file that holds the datasource block", () => {
    expect(migrationsFolder({ ...base, prismaMajor: 6, schema: { path: "/p/prisma/schema", isFolder: true }, datasourceFile: "/p/prisma/schema/db/main.prisma" }).dir)
      .toBe("/p/prisma/schema/db/migrations");
  });

  it("takes migrations.path of the config over the default", () => {
    const config = { file: "/p/prisma7.config.ts", migrationsPath: "/p/db/history" };
    expect(migrationsFolder({ ...base, config })).toEqual({ dir: "/p/db/history", source: { kind: "config", configFile: "/p/prisma7.config.ts" } });
    expect(migrationsFolder({ ...base, config: { ...config, migrationsPath: null } }).dir).toBe("/p/prisma/migrations");
  });

  it("the generator's option (relative to its schema file) wins over the config, and --migrations over everything", () => {
    const config = { file: "/p/prisma7.config.ts", migrationsPath: "/p/db/history" };
    const option = { path: "../sql", schemaFile: "/p/prisma/schema.prisma" };
    expect(migrationsFolder({ ...base, config, option }).dir).toBe("/p/sql");
    expect(migrationsFolder({ ...base, cwd: "/p/sub", config, option, flag: "m" })).toEqual({ dir: "/p/sub/m", source: { kind: "flag" } });
  });

  it("without a schema, falls back to prisma/migrations in the folder Prisma runs in", () => {
    expect(migrationsFolder({ ...base, schema: null }).dir).toBe("/p/prisma/migrations");
  });
});

describe("the generator's migrations option against the folder Prisma uses", () => {
  const option = { path: "../sql", schemaFile: "/p/prisma/schema.prisma" };
  it("names both folders when the option points elsewhere than the config's path or Prisma's default", () => {
    const config = { file: "/p/prisma7.config.ts", migrationsPath: "/p/db/history" };
    expect(optionDisagreement({ ...base, config, option })).toEqual({ option: "/p/sql", prisma: { dir: "/p/db/history", source: { kind: "config", configFile: "/p/prisma7.config.ts" } } });
    expect(optionDisagreement({ ...base, option })?.prisma.dir).toBe("/p/prisma/migrations");
  });

  it("is null without the option, or when it names Prisma's own folder", () => {
    expect(optionDisagreement(base)).toBeNull();
    expect(optionDisagreement({ ...base, option: { path: "migrations", schemaFile: "/p/prisma/schema.prisma" } })).toBeNull();
    expect(optionDisagreement({ ...base, config: { file: "/p/c.ts", migrationsPath: "/p/sql" }, option })).toBeNull();
  });
});
