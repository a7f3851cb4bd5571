import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LOCK_RETRY } from "../../config/generator-config.js";
import type { DMMF } from "@prisma/generator-helper";
import { loadParser, parseStatements } from "../../sql/parse.js";
import { withLockStepsOpened } from "../sql-shapes.js";
import { replayHistory } from "../../core/replay.js";
import { foreignKeyKey } from "../../core/state.js";
import { desiredFromDatamodel } from "../../core/desired.js";
import { planChanges } from "../../core/plan.js";
import { renderPlan } from "../../core/render.js";
import { planFix } from "../../fix/plan-fix.js";
import { findingsOf, prismaInit } from "../../check/rules/rule-test-kit.js";
import { blockingForeignKey } from "../../check/rules/blocking-foreign-key.js";

beforeAll(loadParser);

const replay = (...sqls: string[]) => replayHistory(sqls.map((sql, i) => ({ name: `2025010100000${i}_m${i}`, sql })));
const fkOf = (sqls: string[], table: string, name: string) => replay(...sqls).state.foreignKeys.get(foreignKeyKey("public", table, name));

/** Prisma's SQL (7.10, `migrate diff --script`) for `sourceAd Ad? @relation("source", fields: [sourceAdId], references: [id])` on Click. */
const PRISMA_ADD_FK = `-- AddForeignKey
ALTER TABLE "Click" ADD CONSTRAINT "Click_source_ad_id_fkey" FOREIGN KEY ("source_ad_id") REFERENCES "Ad"("id") ON DELETE SET NULL ON UPDATE CASCADE;
`;
const ADD_COLUMN = `-- AlterTable\nALTER TABLE "Click" ADD COLUMN     "source_ad_id" INTEGER;\n`;

describe("foreign keys in the replay", () => {
  it("follows Prisma's ADD CONSTRAINT, inline REFERENCES, NOT VALID and VALIDATE, renames and drops", () => {
    expect(fkOf([prismaInit()], "Click", "Click_ad_id_fkey")).toMatchObject({
      columns: ["ad_id"], referenced: { schema: "public", table: "Ad", columns: ["id"] }, onDelete: "RESTRICT", onUpdate: "CASCADE", valid: true,
    });
    const inline = replay(`CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int REFERENCES p, q int, FOREIGN KEY (q) REFERENCES p (id) ON DELETE SET NULL);`).state;
    expect([...inline.foreignKeys.values()].map((f) => [f.name, f.columns, f.referenced.columns, f.onDelete])).toEqual([
      ["c_p_id_fkey", ["p_id"], ["id"], "NO ACTION"],
      ["c_q_fkey", ["q"], ["id"], "SET NULL"],
    ]);
    const notValid = [`CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p_id int);`, `ALTER TABLE c ADD CONSTRAINT f FOREIGN KEY (p_id) REFERENCES p(id) NOT VALID;`];
    expect(fkOf(notValid, "c", "f")?.valid).toBe(false);
    expect(fkOf([...notValid, `ALTER TABLE c VALIDATE CONSTRAINT f;`], "c", "f")?.valid).toBe(true);
    const renamed = replay(...notValid, `ALTER TABLE c RENAME CONSTRAINT f TO g; ALTER TABLE c RENAME COLUMN p_id TO pid; ALTER TABLE p RENAME TO parent; ALTER TABLE c RENAME TO child;`).state;
    expect([...renamed.foreignKeys.values()]).toMatchObject([{ table: "child", name: "g", columns: ["pid"], referenced: { table: "parent" } }]);
    expect(replay(...notValid, `ALTER TABLE c DROP CONSTRAINT f;`).state.foreignKeys.size).toBe(0);
    expect(replay(...notValid, `ALTER TABLE c DROP COLUMN p_id;`).state.foreignKeys.size).toBe(0);
    expect(replay(...notValid, `DROP TABLE p CASCADE;`).state.foreignKeys.size).toBe(0);
  });
});

describe("blocking-foreign-key", () => {
  it("reports Prisma's ADD CONSTRAINT … FOREIGN KEY on an existing table, with the fix command", () => {
    const [finding] = findingsOf(blockingForeignKey, prismaInit(), ADD_COLUMN + PRISMA_ADD_FK);
    expect(finding).toMatchObject({ line: 4, severity: "error" });
    expect(finding!.message).toBe('ADD CONSTRAINT "Click_source_ad_id_fkey" FOREIGN KEY on "Click", a table that existed before this migration, scans every row of it while holding SHARE ROW EXCLUSIVE on "Click" and "Ad": every INSERT, UPDATE and DELETE on both waits for the whole scan.');
    expect(finding!.fix).toContain("`npx prisma-concurrently fix 20260101000001_m1`");
  });

  it("accepts a foreign key on a table of the same migration, NOT VALID, and one silenced by a disable comment", () => {
    expect(findingsOf(blockingForeignKey, prismaInit())).toEqual([]);
    expect(findingsOf(blockingForeignKey, prismaInit(), PRISMA_ADD_FK.replace(";", " NOT VALID;"))).toEqual([]);
    expect(findingsOf(blockingForeignKey, prismaInit(), `-- prisma-concurrently-disable-next-line blocking-foreign-key\n${PRISMA_ADD_FK.split("\n")[1]}`)).toEqual([]);
  });
});

/** Click (ads fixture) with a second, optional relation to Ad on a column `source_ad_id`. */
function desired(onDelete?: string) {
  const scalar = (name: string, dbName: string | null = null, isRequired = true) => ({ name, dbName, kind: "scalar", type: "Int", isRequired });
  return desiredFromDatamodel({
    models: [
      { name: "Ad", dbName: null, schema: null, fields: [scalar("id"), scalar("title")] },
      {
        name: "Click", dbName: null, schema: null,
        fields: [
          scalar("id"), scalar("adId", "ad_id"), scalar("sourceAdId", "source_ad_id", false),
          { name: "ad", kind: "object", type: "Ad", isRequired: true, relationFromFields: ["adId"], relationToFields: ["id"] },
          { name: "sourceAd", kind: "object", type: "Ad", isRequired: false, relationFromFields: ["sourceAdId"], relationToFields: ["id"], ...(onDelete ? { relationOnDelete: onDelete } : {}) },
        ],
      },
    ],
    indexes: [], enums: [], types: [],
  } as unknown as DMMF.Datamodel);
}

describe("foreign-key planning", () => {
  const on = { attachConstraint: true, precheck: true };
  const withColumn = [{ name: "20250101000000_init", sql: prismaInit() }, { name: "20250102000000_column", sql: ADD_COLUMN }];

  it("plans pre-check, ADD … NOT VALID in the retrying lock step, VALIDATE alone, with Prisma's name and actions", () => {
    const plan = planChanges(desired(), replayHistory(withColumn).state, on);
    expect(plan.steps.map((s) => s.kind)).toEqual(["precheck-fk", "add-fk", "validate-fk"]);
    const folders = renderPlan(plan, { now: new Date("2026-03-01T09:00:00Z"), existing: withColumn.map((m) => m.name) });
    expect(folders.map((f) => f.name)).toEqual([
      "20260301090000_concurrently_precheck_fk_click_source_ad_id_fkey",
      "20260301090001_concurrently_add_fk_click_source_ad_id_fkey",
      "20260301090002_concurrently_validate_fk_click_source_ad_id_fkey",
    ]);
    // The NOT VALID statement, as Prisma writes it plus NOT VALID, inside the retrying lock step.
    expect(withLockStepsOpened(parseStatements(folders[1]!.sql)).map((s) => s.text)).toEqual([`${PRISMA_ADD_FK.split("\n")[1]!.slice(0, -1)} NOT VALID`]);
    expect(folders[1]!.sql).toContain('-- Lock: SHARE ROW EXCLUSIVE on "Click", briefly and SHARE ROW EXCLUSIVE on "Ad", briefly: writes wait, reads go on.');
    expect(folders[2]!.sql).toMatch(/\nALTER TABLE "Click" VALIDATE CONSTRAINT "Click_source_ad_id_fkey";\n$/);
    expect(folders[2]!.sql).toContain('-- Lock: SHARE UPDATE EXCLUSIVE on "Click" and ROW SHARE on "Ad": reads and writes go on throughout.');
    expect(folders[0]!.sql).toContain("RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation'");
    // The folders replayed: nothing left to plan, no warning for the pre-check's DO block.
    const after = replayHistory([...withColumn, ...folders.map((f) => ({ name: f.name, sql: f.sql }))]);
    expect(after.warnings).toEqual([]);
    expect(planChanges(desired(), after.state, on).steps).toEqual([]);
  });

  it("takes the schema's onDelete, and plans only the VALIDATE after an interrupted set", () => {
    const plan = planChanges(desired("Cascade"), replayHistory(withColumn).state, { ...on, precheck: false });
    expect(plan.steps.map((s) => s.kind)).toEqual(["add-fk", "validate-fk"]);
    const add = renderPlan(plan, { now: new Date("2026-03-01T09:00:00Z"), existing: [] })[0]!;
    expect(add.sql).toContain("ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;");
    const interrupted = [...withColumn, { name: "20260301090001_concurrently_add_fk_click_source_ad_id_fkey", sql: add.sql }];
    expect(planChanges(desired("Cascade"), replayHistory(interrupted).state, on).steps.map((s) => s.kind)).toEqual(["validate-fk"]);
  });

  it("leaves a relation on a column the history lacks to Prisma, and says what to do", () => {
    const plan = planChanges(desired(), replayHistory(withColumn.slice(0, 1)).state, on);
    expect(plan.steps).toEqual([]);
    expect(plan.foreignKeysSkipped).toMatchObject([{ fk: { name: "Click_source_ad_id_fkey" }, reason: { kind: "missing-columns", columns: ["source_ad_id"] } }]);
  });
});

describe("fix on Prisma's foreign key", () => {
  it("moves the ADD CONSTRAINT out: pre-check, NOT VALID, VALIDATE right after; the column stays", () => {
    const history = [{ name: "20250101000000_init", sql: prismaInit() }, { name: "20260301090000_source", sql: ADD_COLUMN + "\n" + PRISMA_ADD_FK }];
    const plan = planFix(history, "20260301090000_source", { lock: DEFAULT_LOCK_RETRY, precheck: true, attachConstraint: true })!;
    expect(plan.folders.map((f) => f.name)).toEqual([
      "20260301090001_concurrently_precheck_fk_click_source_ad_id_fkey",
      "20260301090002_concurrently_add_fk_click_source_ad_id_fkey",
      "20260301090003_concurrently_validate_fk_click_source_ad_id_fkey",
    ]);
    expect(plan.folders[1]!.sql).toContain(`${PRISMA_ADD_FK.split("\n")[1]!.slice(0, -1)} NOT VALID;`);
    expect(plan.sql).toContain(ADD_COLUMN);
    expect(plan.sql).toContain("prisma-concurrently fix: ADD CONSTRAINT \"Click_source_ad_id_fkey\" FOREIGN KEY was moved to 20260301090002_concurrently_add_fk_click_source_ad_id_fkey");
    expect(plan.sql).not.toContain("ADD CONSTRAINT \"Click_source_ad_id_fkey\" FOREIGN KEY (");
  });
});
