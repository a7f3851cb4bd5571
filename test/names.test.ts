// The unique names the generator computes are the names Prisma itself gives: proven against
// Prisma's own `migrate diff --script`, for @@schema in two schemas, @@map/@map, map:, a long
// model name, non-ASCII database names and a column renamed by a hand-written migration. Then
// the folders deploy and Prisma finds no difference. The same for @@index: the names of the
// desired state (from the DMMF Prisma hands the generator) and `definitionSql`'s text for every
// `type:`, `ops:` and `sort:` equal Prisma's own CREATE INDEX statements.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { definitionSql, fromDesired } from "../src/catalog/index-definition.js";
import { DEFAULT_OPCLASSES, PRISMA_OPCLASSES } from "../src/catalog/prisma-opclasses.js";
import type { DesiredStateJson } from "../src/core/desired-json.js";
import { loadParser, parseStatements } from "../src/sql/parse.js";
import { addToField, addToModel } from "./support/schema-edit.js";
import { makeProject, one, type Project } from "./support/project.js";

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

// ASCII model names: Prisma 7.10 `generate` panics on a model name starting with a non-ASCII letter.
const MID_CUT_COLUMN = `xy${"Ä".repeat(30)}`; // "ÄbcTabelle_xyÄÄ…": byte 59 falls inside an Ä
const withIndexes = (schema: string) => {
  let s = addToModel(schema, "Invoice", "@@index([year])"); // @@schema("billing"): qualified
  s = addToModel(s, "AdvertisingImpressionCounterAcrossAllRegionsAndAllCampaigns", "@@index([impressionDayDate])");
  s = addToModel(s, "Cafe", "@@index([creme])");
  s = addToModel(s, "Cafe", '@@index([naive, creme], map: "café_index_mappé")');
  s = addToModel(s, "Renamed", "@@index([email])");
  return `${s}
model Post {
  id        Int      @id @default(autoincrement())
  title     String
  body      String
  score     Int
  tags      String[]
  meta      Json
  doc       Json
  created   DateTime
  createdAt DateTime @map("created_at")

  @@index([title])
  @@index([title, score(sort: Desc)])
  @@index([created(sort: Asc)], map: "p_asc")
  @@index([body], type: Hash)
  @@index([tags], type: Gin)
  @@index([meta(ops: JsonbPathOps)], type: Gin)
  @@index([doc(ops: raw("jsonb_path_ops"))], type: Gin, map: "posts_doc_raw")
  @@index([createdAt], type: Brin)
  @@index([score(ops: Int4BloomOps)], type: Brin, map: "posts_score_bloom")
  @@index([title], type: SpGist, map: "posts_title_spgist")
  @@unique([title, score(sort: Desc)], map: "uq_x")
  @@map("posts")
  @@schema("public")
}

model LongTable {
  id      Int    @id @default(autoincrement())
  spalte  String @map("spalteMitEinemSehrLangenNamenÄÖÜ")
  another String @map("anotherVeryLongColumnNameHere")

  @@index([spalte, another])
  @@map("ÜberLangeTabelleMitNamenÄ")
  @@schema("public")
}

model MidCut {
  id Int    @id @default(autoincrement())
  xy String @map("${MID_CUT_COLUMN}")

  @@index([xy])
  @@map("ÄbcTabelle")
  @@schema("public")
}
`;
};

/** Column types for the BRIN operator classes, by the enum name's prefix (`Int4` of `Int4BloomOps`). */
const BRIN_COLUMN: Record<string, string> = {
  Bit: "String @db.Bit(8)", VarBit: "String @db.VarBit(8)", Bpchar: "String @db.Char(8)", Bytea: "Bytes", Date: "DateTime @db.Date",
  Float4: "Float @db.Real", Float8: "Float", Inet: "String @db.Inet", Int2: "Int @db.SmallInt", Int4: "Int", Int8: "BigInt",
  Numeric: "Decimal", Oid: "Int @db.Oid", Text: "String", Timestamp: "DateTime @db.Timestamp(6)", TimestampTz: "DateTime @db.Timestamptz(6)",
  Time: "DateTime @db.Time(6)", TimeTz: "DateTime @db.Timetz(6)", Uuid: "String @db.Uuid",
};

/** One index per value of Prisma's OperatorClass enum, each on a column of a type it accepts (map: "o_<enum>"). */
function everyOperatorClass(): string {
  const fields = new Map<string, string>([["json", "Json"], ["arr", "String[]"], ["ip", "String @db.Inet"], ["txt", "String"]]);
  const indexes: string[] = [];
  for (const ops of Object.keys(PRISMA_OPCLASSES)) {
    const brin = /^(.+?)(MinMaxMulti|MinMax|Bloom|Inclusion)Ops$/.exec(ops);
    let field: string;
    let type: string;
    if (brin) {
      field = `c${brin[1]!.toLowerCase()}`;
      fields.set(field, BRIN_COLUMN[brin[1]!]!);
      type = "Brin";
    } else {
      [field, type] = ops.startsWith("Jsonb") ? ["json", "Gin"] : ops === "ArrayOps" ? ["arr", "Gin"] : ops === "InetOps" ? ["ip", "SpGist"] : ["txt", "SpGist"];
    }
    indexes.push(`  @@index([${field}(ops: ${ops})], type: ${type}, map: "o_${ops}")`);
  }
  return `
model OperatorClasses {
  id Int @id @default(autoincrement())
${[...fields].map(([name, type]) => `  ${name} ${type}`).join("\n")}

${indexes.join("\n")}
  @@map("opclasses")
  @@schema("public")
}
`;
}

/** Every CREATE INDEX of a script by `schema.name`, with its text as Prisma wrote it. */
function createIndexes(sql: string): Map<string, string> {
  return new Map(parseStatements(sql)
    .filter((s) => s.kind === "IndexStmt")
    .map((s) => [`${s.node.relation.schemaname ?? "public"}.${s.node.idxname}`, `${s.text};`]));
}

/** `schema.name` of every unique index a script creates, read with PostgreSQL's parser. */
function uniqueIndexNames(sql: string): string[] {
  return parseStatements(sql)
    .filter((s) => s.kind === "IndexStmt" && s.node.unique)
    .map((s) => `${s.node.relation.schemaname ?? "public"}.${s.node.idxname}`)
    .sort();
}

describe.each(one)("names: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it("equal Prisma's own for uniques and @@index, and deploy with no difference left", async () => {
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

    // @@index: Prisma's CREATE INDEX statements against our names and definitionSql.
    project.editSchema((schema) => withIndexes(schema) + everyOperatorClass());
    const indexScript = await project.diffScript();
    expect(indexScript.code, indexScript.output).toBe(0);
    const prismaIndexes = createIndexes(indexScript.stdout);
    const notPosts = (n: string) => !n.startsWith("public.posts") && !n.startsWith("public.o_") && n !== "public.p_asc" && n !== "public.uq_x";
    expect([...prismaIndexes.keys()].filter(notPosts).sort()).toEqual([
      "billing.Invoice_year_idx",
      "public.AdvertisingImpressionCounterAcrossAllRegionsAndAllCampaigns_idx", // cut to 59 bytes + _idx
      "public.Renamed_email_address_idx",
      "public.café_index_mappé",
      "public.café_été_crème_brûlée_très_longue_colonne_accentuée_idx",
      `public.ÄbcTabelle_xy${"Ä".repeat(22)}_idx`, // 58 bytes + _idx: the cut backs up to a character boundary
      "public.ÜberLangeTabelleMitNamenÄ_spalteMitEinemSehrLangenNamenÄ_idx", // the tail is cut, not the longest part
    ].sort());

    const reportDir = mkdtempSync(join(tmpdir(), "pgc-names-report-"));
    try {
      const report = join(reportDir, "report.json");
      const generated = await project.generate({ env: { PRISMA_CONCURRENTLY_REPORT: report } });
      expect(generated.code, generated.output).toBe(0);
      const desired = (JSON.parse(readFileSync(report, "utf8")) as { desired: DesiredStateJson }).desired;
      const ourSql = new Map(desired.indexes!.map((index) => [
        `${index.schema}.${index.name}`,
        definitionSql(fromDesired(index), { concurrently: false, name: index.name, table: { schema: index.schema, name: index.table, qualified: index.qualified } }),
      ]));
      for (const [name, sql] of prismaIndexes) {
        expect(ourSql.get(name), name).toBe(sql);
        expect(Buffer.byteLength(name.split(".")[1]!)).toBeLessThanOrEqual(63);
      }
      // The renderings of type:, ops: and sort: were all in the script.
      expect(prismaIndexes.get("public.posts_meta_idx")).toBe(`CREATE INDEX "posts_meta_idx" ON "posts" USING GIN ("meta" jsonb_path_ops);`);
      expect(prismaIndexes.get("public.o_Int4MinMaxOps")).toBe(`CREATE INDEX "o_Int4MinMaxOps" ON "opclasses" USING BRIN ("cint4" int4_minmax_ops);`);
      // 18 above, and one per operator class: each one's SQL name as Prisma writes it.
      expect(prismaIndexes.size).toBe(18 + Object.keys(PRISMA_OPCLASSES).length);
    } finally {
      rmSync(reportDir, { recursive: true, force: true });
    }

    // The default operator classes (counted as no `ops:`) are this server's own.
    const defaults = await project.sql<{ amname: string; opcname: string }>(
      `SELECT am.amname, o.opcname FROM pg_opclass o JOIN pg_am am ON am.oid = o.opcmethod WHERE o.opcdefault AND am.amname = ANY($1)`,
      [Object.keys(DEFAULT_OPCLASSES)],
    );
    for (const [method, names] of Object.entries(DEFAULT_OPCLASSES)) {
      expect(defaults.filter((d) => d.amname === method).map((d) => d.opcname).sort(), method).toEqual([...names].sort());
    }
  });
});
