// The unique names the generator computes are the names Prisma itself gives: proven against
// Prisma's own `migrate diff --script`, for @@schema in two schemas, @@map/@map, map:, a long
// model name, non-ASCII database names and a column renamed by a hand-written migration. Then
// the folders deploy and Prisma finds no difference.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadParser, parseStatements } from "../src/sql/parse.js";
import { addToField, addToModel } from "./support/schema-edit.js";
import { makeProject, pairs, type Project } from "./support/project.js";

beforeAll(loadParser);

const withUniques = (schema: string) => {
  let s = addToModel(schema, "Invoice", "@@unique([number, year])");
  s = addToField(s, "Customer", "number", "@unique");
  s = addToModel(s, "AdvertisingImpressionCounterAcrossAllRegionsAndAllCampaigns", "@@unique([advertisementId, impressionDayDate])");
  s = addToModel(s, "Cafe", "@@unique([naive, creme])");
  s = addToField(s, "Cafe", "naive", '@unique(map: "café_naïve_unique")');
  s = addToField(s, "Renamed", "email", "@unique");
  return s;
};

/** `schema.name` of every unique index a script creates, read with PostgreSQL's parser. */
function uniqueIndexNames(sql: string): string[] {
  return parseStatements(sql)
    .filter((s) => s.kind === "IndexStmt" && s.node.unique)
    .map((s) => `${s.node.relation.schemaname ?? "public"}.${s.node.idxname}`)
    .sort();
}

describe.each(pairs)("names: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it("equal Prisma's own, and deploy with no difference left", async () => {
    project = await makeProject("names", { prisma, mode });
    expect((await project.deploy()).code).toBe(0);
    project.editSchema(withUniques);

    const prismaScript = await project.diffScript();
    expect(prismaScript.code, prismaScript.output).toBe(0);
    const expected = uniqueIndexNames(prismaScript.stdout);
    expect(expected).toEqual([
      "billing.Invoice_number_year_key",
      "public.AdvertisingImpressionCounterAcrossAllRegionsAndAllCampaigns_key", // cut to 59 bytes + _key
      "public.Customer_number_key",
      "public.Renamed_email_address_key",
      "public.café_naïve_unique",
      "public.café_été_naïve_crème_brûlée_très_longue_colonne_acc_key", // cut at a character boundary
    ].sort());

    const generate = await project.generate();
    expect(generate.code, generate.output).toBe(0);
    const builds = project.migrations().filter((m) => m.includes("_concurrently_index_unique_"));
    const ours = uniqueIndexNames(builds.map((m) => project!.readMigration(m)).join("\n"));
    expect(ours).toEqual(expected);
    for (const name of ours) expect(Buffer.byteLength(name.split(".")[1]!)).toBeLessThanOrEqual(63);

    const deploy = await project.deploy();
    expect(deploy.code, deploy.output).toBe(0);
    const diff = await project.diff();
    expect(diff.code, diff.output).toBe(0);
    const constraints = await project.sql<{ conname: string; nspname: string }>(
      `SELECT conname, nspname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE contype = 'u' AND nspname IN ('public', 'billing') ORDER BY 2, 1`,
    );
    expect(constraints.map((c) => `${c.nspname}.${c.conname}`).sort()).toEqual(expected);
  });
});
