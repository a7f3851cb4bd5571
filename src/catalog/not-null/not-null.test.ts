// The NOT NULL operation without a database: replay of nullability, the generator's plan and its
import { DEFAULT_LOCK_RETRY } from "../../config/generator-config.js";
// four folders' SQL, check's rules on Prisma's own text, and fix's rewrite of Prisma's ALTER TABLE.
import { beforeAll, describe, expect, it } from "vitest";
import type { DMMF } from "@prisma/generator-helper";
import { loadParser, parseStatements } from "../../sql/parse.js";
import { withLockStepsOpened } from "../sql-shapes.js";
import { desiredFromDatamodel } from "../../core/desired.js";
import { replayHistory } from "../../core/replay.js";
import { planChanges } from "../../core/plan.js";
import { renderPlan } from "../../core/render.js";
import { tableKey } from "../../core/state.js";
import { checkHistory } from "../../check/run-check.js";
import { findingsOf, prismaInit } from "../../check/rules/rule-test-kit.js";
import { blockingSetNotNullRule } from "../../check/rules/blocking-set-not-null.js";
import { volatileDefault } from "../../check/rules/volatile-default.js";
import { planFix } from "../../fix/plan-fix.js";

beforeAll(loadParser);

/** Prisma's migration that added `label String?` and `note String?` to Click. */
const addLabel = `-- AlterTable\nALTER TABLE "Click" ADD COLUMN     "label" TEXT,\nADD COLUMN     "note" TEXT;\n`;
/** Prisma 7.10's `migrate diff --script` for label and note made required (note with a default) and two new columns. */
const prismaRequired = `-- AlterTable
ALTER TABLE "Click" ADD COLUMN     "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ALTER COLUMN "label" SET NOT NULL,
ALTER COLUMN "note" SET NOT NULL,
ALTER COLUMN "note" SET DEFAULT 'x';
`;
const history = (...sqls: string[]) => [prismaInit(), addLabel, ...sqls].map((sql, i) => ({ name: `2026010100000${i}_m${i}`, sql }));

function clickModel(required: string[]) {
  const fields = ["id", "adId", "clickedAt", "label", "note"];
  const dbNames: Record<string, string> = { adId: "ad_id", clickedAt: "clicked_at" };
  return desiredFromDatamodel({
    models: [{ name: "Click", dbName: null, schema: null, fields: fields.map((name) => ({ name, dbName: dbNames[name] ?? null, kind: "scalar", isRequired: required.includes(name), isList: false })) }],
    indexes: [], enums: [], types: [],
  } as unknown as DMMF.Datamodel);
}

describe("replay of nullability", () => {
  it("reads NOT NULL and PRIMARY KEY columns, SET/DROP NOT NULL, and CHECK (col IS NOT NULL) through NOT VALID, VALIDATE and DROP", () => {
    const at = (sqls: string[]) => replayHistory(history(...sqls)).state.tables.get(tableKey("public", "Click"))!;
    const start = at([]);
    expect([...start.notNull!].sort()).toEqual(["ad_id", "clicked_at", "id"]);
    expect(at([`ALTER TABLE "Click" ALTER COLUMN "label" SET NOT NULL, ALTER COLUMN "ad_id" DROP NOT NULL;`]).notNull).toEqual(new Set(["id", "clicked_at", "label"]));
    const checked = at([`ALTER TABLE "Click" ADD CONSTRAINT "c" CHECK ("label" IS NOT NULL) NOT VALID;`]);
    expect(checked.notNullChecks!.get("c")).toEqual({ column: "label", valid: false });
    const validated = at([`ALTER TABLE "Click" ADD CONSTRAINT "c" CHECK ("label" IS NOT NULL) NOT VALID;`, `ALTER TABLE "Click" VALIDATE CONSTRAINT "c";`]);
    expect(validated.notNullChecks!.get("c")).toEqual({ column: "label", valid: true });
    expect(at([`ALTER TABLE "Click" ADD CONSTRAINT "c" CHECK ("label" IS NOT NULL);`, `ALTER TABLE "Click" DROP CONSTRAINT "c";`]).notNullChecks!.size).toBe(0);
    expect(at([`ALTER TABLE "Click" RENAME COLUMN "ad_id" TO "ad";`]).notNull!.has("ad")).toBe(true);
  });
});

describe("not-null planning (String? → String on an existing column)", () => {
  it("plans pre-check, check NOT VALID, validate, SET NOT NULL + drop, and nothing once they are in the history", () => {
    const applied = replayHistory(history()).state;
    const plan = planChanges(clickModel(["id", "adId", "clickedAt", "label"]), applied, { attachConstraint: true, precheck: true });
    expect(plan.steps.map((s) => s.kind)).toEqual(["precheck-not-null", "add-not-null-check", "validate-not-null", "set-not-null"]);
    const folders = renderPlan(plan, { now: new Date("2026-03-01T09:00:00Z"), existing: [] });
    expect(folders.map((f) => f.name)).toEqual([
      "20260301090000_concurrently_precheck_not_null_click_label",
      "20260301090001_concurrently_check_not_null_click_label",
      "20260301090002_concurrently_validate_not_null_click_label",
      "20260301090003_concurrently_set_not_null_click_label",
    ]);
    const check = /"(Click_label_pcc_nn_[0-9a-f]{8})"/.exec(folders[1]!.sql)![1]!;
    expect(lockStepped(folders[1]!.sql)).toEqual([`ALTER TABLE "Click" ADD CONSTRAINT "${check}" CHECK ("label" IS NOT NULL) NOT VALID`]);
    expect(folders[2]!.sql.endsWith(`\nALTER TABLE "Click" VALIDATE CONSTRAINT "${check}";\n`)).toBe(true);
    expect(folders[2]!.sql).toContain('Lock: SHARE UPDATE EXCLUSIVE on "Click": reads and writes go on throughout.');
    expect(lockStepped(folders[3]!.sql)).toEqual([`ALTER TABLE "Click" ALTER COLUMN "label" SET NOT NULL`, `ALTER TABLE "Click" DROP CONSTRAINT "${check}"`]);
    expect(folders[0]!.sql).toContain(`IF EXISTS (SELECT FROM "Click" WHERE "label" IS NULL) THEN`);
    expect(folders[0]!.sql).toContain(`ORDER BY "id" LIMIT 5`);
    expect(folders[0]!.sql).toContain("ERRCODE = 'not_null_violation'");

    // Replayed with the folders: nothing left to plan, and check passes them (the check is valid before SET NOT NULL).
    const withFolders = [...history(), ...folders.map((f) => ({ name: f.name, sql: f.sql }))];
    expect(planChanges(clickModel(["id", "adId", "clickedAt", "label"]), replayHistory(withFolders).state, { attachConstraint: true, precheck: true }).steps).toEqual([]);
    const report = checkHistory(withFolders, { since: withFolders[1]!.name });
    expect(report.findings).toEqual([]);
    expect(replayHistory(withFolders).warnings).toEqual([]);
  });

  it("resumes a set written in part: after our NOT VALID check, validate and set; after the valid one, only set", () => {
    const model = clickModel(["id", "adId", "clickedAt", "label"]);
    const plan = (sqls: string[]) => planChanges(model, replayHistory(history(...sqls)).state, { attachConstraint: true, precheck: true }).steps.map((s) => s.kind);
    const first = planChanges(model, replayHistory(history()).state, { attachConstraint: true, precheck: true });
    const [, addCheck, validate] = renderPlan(first, { now: new Date("2026-03-01T09:00:00Z"), existing: [] });
    expect(plan([addCheck!.sql])).toEqual(["validate-not-null", "set-not-null"]);
    expect(plan([addCheck!.sql, validate!.sql])).toEqual(["set-not-null"]);
  });

  it("plans nothing for a column already NOT NULL, a new column, or a new table; no pre-check when it is off", () => {
    const applied = replayHistory(history()).state;
    expect(planChanges(clickModel(["id", "adId", "clickedAt"]), applied, { attachConstraint: true, precheck: true }).steps).toEqual([]);
    expect(planChanges(clickModel(["id", "adId", "clickedAt", "label"]), replayHistory(history().slice(0, 1)).state, { attachConstraint: true, precheck: true }).steps).toEqual([]);
    expect(planChanges(clickModel(["label"]), replayHistory([]).state, { attachConstraint: true, precheck: true }).steps).toEqual([]);
    expect(planChanges(clickModel(["label"]), applied, { attachConstraint: true, precheck: false }).steps.map((s) => s.kind)).toEqual(["add-not-null-check", "validate-not-null", "set-not-null"]);
  });
});

describe("check", () => {
  it("blocking-set-not-null: an error per column Prisma makes NOT NULL on an existing table, with the fix command", () => {
    const findings = findingsOf(blockingSetNotNullRule, prismaInit(), addLabel, prismaRequired);
    expect(findings.map((f) => [f.line, f.severity])).toEqual([[2, "error"], [2, "error"]]);
    expect(findings[0]!.message).toContain('ALTER COLUMN "label" SET NOT NULL on "Click", a table that existed before this migration, holds an ACCESS EXCLUSIVE lock while it reads every row');
    expect(findings[0]!.fix).toContain("run `npx prisma-concurrently fix 20260101000002_m2`");
  });

  it("blocking-set-not-null: not on a new table, nor when a valid CHECK (col IS NOT NULL) proves it; a NOT VALID one does not", () => {
    expect(findingsOf(blockingSetNotNullRule, `CREATE TABLE "t" ("a" TEXT); ALTER TABLE "t" ALTER COLUMN "a" SET NOT NULL;`)).toEqual([]);
    const valid = `ALTER TABLE "Click" ADD CONSTRAINT "c" CHECK ("label" IS NOT NULL) NOT VALID;\nALTER TABLE "Click" VALIDATE CONSTRAINT "c";`;
    expect(findingsOf(blockingSetNotNullRule, prismaInit(), addLabel, valid, `ALTER TABLE "Click" ALTER COLUMN "label" SET NOT NULL;`)).toEqual([]);
    const notValid = `ALTER TABLE "Click" ADD CONSTRAINT "c" CHECK ("label" IS NOT NULL) NOT VALID;`;
    expect(findingsOf(blockingSetNotNullRule, prismaInit(), addLabel, notValid, `ALTER TABLE "Click" ALTER COLUMN "label" SET NOT NULL;`)).toHaveLength(1);
  });

  it("volatile-default: a required column with a constant or stable default is instant (not flagged); gen_random_uuid() is, with the safe steps", () => {
    expect(findingsOf(volatileDefault, prismaInit(), prismaRequired)).toEqual([]);
    const [found, ...rest] = findingsOf(volatileDefault, prismaInit(), `-- AlterTable\nALTER TABLE "Click" ADD COLUMN     "token" UUID NOT NULL DEFAULT gen_random_uuid();\n`);
    expect(rest).toEqual([]);
    expect(found!.message).toContain('ADD COLUMN "token" … DEFAULT gen_random_uuid() on "Click", a table that existed before this migration: gen_random_uuid() is volatile');
    expect(found!.message).toContain("rewrites the whole table under an ACCESS EXCLUSIVE lock");
    expect(found!.fix).toContain('ALTER TABLE "Click" ADD COLUMN "token" UUID; (nullable, no default: instant), then ALTER TABLE "Click" ALTER COLUMN "token" SET DEFAULT gen_random_uuid();');
    expect(found!.fix).toContain('UPDATE "Click" SET "token" = gen_random_uuid() WHERE ctid IN (SELECT ctid FROM "Click" WHERE "token" IS NULL LIMIT 10000);');
    expect(found!.fix).toContain("make it required and run `prisma generate`");
    // The same in the migration that creates the table: nothing to rewrite.
    expect(findingsOf(volatileDefault, `CREATE TABLE "t" ("a" INT); ALTER TABLE "t" ADD COLUMN "b" UUID NOT NULL DEFAULT gen_random_uuid();`)).toEqual([]);
    const [serial] = findingsOf(volatileDefault, prismaInit(), `ALTER TABLE "Click" ADD COLUMN     "n" SERIAL NOT NULL;`);
    expect(serial!.message).toContain("the type SERIAL (its default is nextval()) is volatile");
  });
});

describe("fix", () => {
  it("moves only the SET NOT NULL clauses: Prisma's other clauses stay in its ALTER TABLE, the four folders follow per column", () => {
    const h = history(prismaRequired);
    const plan = planFix(h, h[2]!.name, { lock: DEFAULT_LOCK_RETRY, precheck: true, attachConstraint: true })!;
    expect(plan.folders.map((f) => f.name.slice(15))).toEqual([
      "concurrently_precheck_not_null_click_label", "concurrently_check_not_null_click_label", "concurrently_validate_not_null_click_label", "concurrently_set_not_null_click_label",
      "concurrently_precheck_not_null_click_note", "concurrently_check_not_null_click_note", "concurrently_validate_not_null_click_note", "concurrently_set_not_null_click_note",
    ]);
    expect(plan.sql).toBe(`-- AlterTable
-- prisma-concurrently fix: ALTER COLUMN "label", "note" SET NOT NULL was moved to ${plan.folders[0]!.name} and the folders after it,
-- which add a CHECK … IS NOT NULL NOT VALID, validate it with writes going on, then SET NOT NULL without a scan.
ALTER TABLE "Click" ADD COLUMN     "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ALTER COLUMN "note" SET DEFAULT 'x';
`);
    const fixed = [...h.slice(0, 2), { name: plan.migration, sql: plan.sql }, ...plan.folders];
    expect(checkHistory(fixed, { since: h[1]!.name }).findings).toEqual([]);
    // A statement that holds only SET NOT NULL goes entirely.
    const only = history(`-- AlterTable\nALTER TABLE "Click" ALTER COLUMN "label" SET NOT NULL;\n`);
    expect(planFix(only, only[2]!.name, { lock: DEFAULT_LOCK_RETRY, precheck: false, attachConstraint: true })!.sql).not.toContain("ALTER TABLE");
  });
});

/** The statements of a folder, with the retrying lock step opened: what it runs. */
const lockStepped = (sql: string) => withLockStepsOpened(parseStatements(sql)).map((s) => s.text);
