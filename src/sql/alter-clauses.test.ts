import { beforeAll, describe, expect, it } from "vitest";
import { loadParser, parseStatements } from "./parse.js";
import { alterClauses, alterWithClauses } from "./alter-clauses.js";

beforeAll(loadParser);

// Prisma's own text for three changes of one table (`migrate diff --script`, Prisma 7.10).
const PRISMA = `-- AlterTable
ALTER TABLE "Click" ADD COLUMN     "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "token" UUID NOT NULL DEFAULT coalesce(f(1, 2), gen_random_uuid()),
ALTER COLUMN "label" SET NOT NULL,
ALTER COLUMN "note" SET DEFAULT 'x, y';
`;

describe("ALTER TABLE clauses", () => {
  it("splits at top-level commas only, one clause per command", () => {
    const [statement] = parseStatements(PRISMA);
    const split = alterClauses(statement!);
    expect(split.head).toBe('ALTER TABLE "Click" ');
    expect(split.clauses).toEqual([
      'ADD COLUMN     "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP',
      'ADD COLUMN     "token" UUID NOT NULL DEFAULT coalesce(f(1, 2), gen_random_uuid())',
      'ALTER COLUMN "label" SET NOT NULL',
      "ALTER COLUMN \"note\" SET DEFAULT 'x, y'",
    ]);
    expect(split.clauses).toHaveLength(statement!.node.cmds.length);
  });

  it("rewrites the statement with the kept clauses, and a schema-qualified name", () => {
    const [statement] = parseStatements(PRISMA);
    expect(alterWithClauses(statement!, [0, 3])).toBe(`ALTER TABLE "Click" ADD COLUMN     "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\nALTER COLUMN "note" SET DEFAULT 'x, y';`);
    expect(alterWithClauses(statement!, [])).toBeNull();
    const [qualified] = parseStatements(`ALTER TABLE "s"."t" ALTER COLUMN "a" SET NOT NULL, ALTER COLUMN "b" DROP DEFAULT;`);
    expect(alterClauses(qualified!).head).toBe('ALTER TABLE "s"."t" ');
    expect(alterWithClauses(qualified!, [1])).toBe('ALTER TABLE "s"."t" ALTER COLUMN "b" DROP DEFAULT;');
  });
});
