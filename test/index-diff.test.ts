// The index changes the planner starts from are the ones Prisma's own diff makes: a history with
// look-alike, INCLUDE, NULLS NOT DISTINCT, collated, partial and expression indexes, a schema that
// keeps, renames, changes and replaces some of them, and `diffIndexes` on the replayed history and
// the desired state (from the DMMF Prisma hands the generator) against `migrate diff --script`.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { diffIndexes } from "../src/catalog/index-diff.js";
import type { DesiredStateJson } from "../src/core/desired-json.js";
import { replayHistory } from "../src/core/replay.js";
import { tableKey, type DesiredState } from "../src/core/state.js";
import { readHistory } from "../src/io/read-history.js";
import { loadParser, parseStatements } from "../src/sql/parse.js";
import { addToModel } from "./support/schema-edit.js";
import { makeProject, one, type Project } from "./support/project.js";

beforeAll(loadParser);

const HISTORY = `
-- Customer: an INCLUDE index under the name the schema will want, and a collated one like it.
CREATE INDEX "Customer_number_idx" ON "Customer"("number") INCLUDE ("id");
CREATE INDEX "cust_collate" ON "Customer"("number" COLLATE "C");
CREATE UNIQUE INDEX "cust_nnd" ON "Customer"("number") NULLS NOT DISTINCT;
ALTER TABLE "Customer" ADD CONSTRAINT "cust_uq" UNIQUE ("id", "number");
-- Invoice: two look-alikes (a BTree operator class does not count), and a sort order that changes.
CREATE INDEX "inv_a" ON "billing"."Invoice"("number" text_pattern_ops);
CREATE INDEX "inv_b" ON "billing"."Invoice"("number");
CREATE INDEX "Invoice_year_idx" ON "billing"."Invoice"("year" DESC);
-- Renamed: what Prisma does not see, and a Hash index the schema renames.
CREATE INDEX "ren_expr" ON "Renamed"(lower("email_address"));
CREATE INDEX "ren_partial" ON "Renamed"("id") WHERE "id" > 0;
CREATE INDEX "old_hash" ON "Renamed" USING HASH ("email_address");
-- café_été: a default-named index whose columns change.
CREATE INDEX "café_été_naïve_idx" ON "café_été"("naïve");
`;

const schemaEdit = (schema: string) => {
  let s = addToModel(schema, "Customer", "@@index([number])");
  s = addToModel(s, "Customer", "@@unique([id, number])");
  s = addToModel(s, "Invoice", "@@index([number])");
  s = addToModel(s, "Invoice", "@@index([year])");
  s = addToModel(s, "Renamed", '@@index([email], type: Hash, map: "ren_hash")');
  return addToModel(s, "Cafe", "@@index([naive, creme])");
};

/** Prisma's script as `drop x` / `create x` / `rename x → y` lines, read with PostgreSQL's parser. */
function prismaChanges(sql: string): string[] {
  return parseStatements(sql).flatMap((s) => {
    if (s.kind === "DropStmt" && s.node.removeType === "OBJECT_INDEX") return s.node.objects.map((o: { List: { items: Array<{ String: { sval: string } }> } }) => `drop ${o.List.items.at(-1)!.String.sval}`);
    if (s.kind === "IndexStmt") return [`create ${s.node.idxname}`];
    if (s.kind === "RenameStmt" && s.node.renameType === "OBJECT_INDEX") return [`rename ${s.node.relation.relname} → ${s.node.newname}`];
    return [`other: ${s.text}`];
  }).sort();
}

function desiredFromReport(json: DesiredStateJson): DesiredState {
  const tables = new Map(json.tables.map((t) => [tableKey(t.schema, t.name), { ...t, columns: new Map(Object.entries(t.columns)) }]));
  return { tables, uniques: json.uniques, indexes: json.indexes! };
}

describe.each(one)("index diff: Prisma $prisma, script mode $mode", ({ prisma, mode }) => {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it("pairs, keeps, renames, changes and drops indexes as Prisma's own diff does", async () => {
    project = await makeProject("names", { prisma, mode });
    project.addMigration("20250301000000_indexes", HISTORY);
    project.editSchema(schemaEdit);

    const script = await project.diffScript();
    expect(script.code, script.output).toBe(0);
    const expected = prismaChanges(script.stdout);
    expect(expected).toEqual([
      "create Invoice_year_idx", // DESC → ASC under the same name: DROP + CREATE
      "create café_été_naïve_crème_brûlée_très_longue_colonne_acc_idx", // the default name follows the columns
      "drop Customer_number_idx", // INCLUDE matches no declaration…
      "drop Invoice_year_idx",
      "drop café_été_naïve_idx",
      "drop cust_nnd",
      "rename cust_collate → Customer_number_idx", // …the collated look-alike takes its name
      "rename cust_uq → Customer_id_number_key", // a constraint's index, renamed
      "rename old_hash → ren_hash",
      // nothing for inv_a / inv_b (look-alikes: kept, none renamed), ren_expr, ren_partial
    ]);
    const applied = replayHistory(readHistory(project.migrationsDir)).state;

    const reportDir = mkdtempSync(join(tmpdir(), "pgc-index-diff-"));
    try {
      const report = join(reportDir, "report.json");
      const generated = await project.generate({ env: { PRISMA_CONCURRENTLY_REPORT: report, PRISMA_CONCURRENTLY_FORCE_PLAN: "1" } });
      expect(generated.code, generated.output).toBe(0);
      const desired = desiredFromReport((JSON.parse(readFileSync(report, "utf8")) as { desired: DesiredStateJson }).desired);
      const ours = diffIndexes(desired, applied).flatMap((c) => {
        switch (c.kind) {
          case "add": return [`create ${c.want.name}`];
          case "drop": return [`drop ${c.have.name}`];
          case "change": return [`drop ${c.have.name}`, `create ${c.want.name}`];
          case "rename": return [`rename ${c.have.name} → ${c.want.name}`];
        }
      }).sort();
      expect(ours).toEqual(expected);
      // Prisma's DROP + CREATE of one name is one change for the planner (build aside, swap names).
      expect(diffIndexes(desired, applied).filter((c) => c.kind === "change").map((c) => c.want.name)).toEqual(["Invoice_year_idx"]);
    } finally {
      rmSync(reportDir, { recursive: true, force: true });
    }
  });
});
