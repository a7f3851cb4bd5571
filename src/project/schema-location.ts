// Where Prisma reads the schema from (`--schema`, else the config's `schema`, else Prisma 6's
// package.json `prisma.schema`, else `schema.prisma` or `prisma/schema.prisma` in the folder Prisma
// runs in: the order of Prisma's getSchemaWithPath), and which file holds the datasource block.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PrismaConfigFile } from "./prisma-config.js";
import { schemaFiles } from "../config/schema-files.js";

export interface SchemaLocation {
  /** A .prisma file, or a folder of them. */
  path: string;
  isFolder: boolean;
  /** What named it, for messages: "--schema", a config file, or null for Prisma's default places. */
  from: string | null;
}

/** Prisma's default places, tried in this order, relative to the folder it runs in. */
export const DEFAULT_SCHEMA_FILES = ["schema.prisma", join("prisma", "schema.prisma")];

export type SchemaLookup = { found: SchemaLocation } | { missing: { path: string; from: string } } | { none: true };

export function findSchema(root: string, config: PrismaConfigFile, flag?: string): SchemaLookup {
  const at = (path: string, from: string | null): SchemaLookup =>
    existsSync(path) ? { found: { path, isFolder: statSync(path).isDirectory(), from } } : { missing: { path, from: from ?? "" } };
  if (flag) return at(resolve(root, flag), "--schema");
  if (config.schema) return at(config.schema.path, config.schema.from);
  for (const candidate of DEFAULT_SCHEMA_FILES) {
    const path = join(root, candidate);
    if (existsSync(path) && statSync(path).isFile()) return at(path, null);
  }
  return { none: true };
}

/** The schema text without `//` comments (a `//` inside a string, as in a URL, is kept). */
export function withoutComments(text: string): string {
  return text.split("\n").map((line) => {
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      if (line[i] === "\\") i++;
      else if (line[i] === '"') quoted = !quoted;
      else if (!quoted && line.startsWith("//", i)) return line.slice(0, i);
    }
    return line;
  }).join("\n");
}

const DATASOURCE = /^\s*datasource\s+\w+\s*\{([^}]*)\}/m;

/** The file that declares the datasource block (Prisma 6 keeps migrations beside it). */
export function datasourceFile(schema: { path: string; isFolder: boolean }): string | null {
  return schemaFiles(schema.path).find((f) => DATASOURCE.test(withoutComments(readFileSync(f, "utf8")))) ?? null;
}

/**
 * The database Prisma 6's migrate commands use, as its schemas write it: `directUrl`, else `url`
 * (Prisma migrates through the direct URL when there is one), each `env("NAME")` or a literal.
 */
export function datasourceUrlSetting(schema: { path: string; isFolder: boolean }): { env: string } | { literal: string } | null {
  for (const file of schemaFiles(schema.path)) {
    const body = DATASOURCE.exec(withoutComments(readFileSync(file, "utf8")))?.[1];
    if (body === undefined) continue;
    for (const key of ["directUrl", "url"]) {
      const fromEnv = new RegExp(`^\\s*${key}\\s*=\\s*env\\(\\s*"([^"]+)"\\s*\\)`, "m").exec(body);
      if (fromEnv) return { env: fromEnv[1]! };
      const literal = new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, "m").exec(body);
      if (literal) return { literal: literal[1]! };
    }
    return null;
  }
  return null;
}
