import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../sql/parse.js";
import { diagnose, fixPlan } from "./diagnose.js";
import { readToolFolders } from "./folders.js";
import type { DoctorInput, Finding, MigrationRow } from "./model.js";
import { p3018Logs } from "./test-helpers.js";
import { renderPlan } from "../core/render.js";
import type { PlannedForeignKey } from "../catalog/foreign-key/steps.js";

beforeAll(() => loadParser());

const INIT = "20250101000000_init";
const fk: PlannedForeignKey = {
  schema: "public", table: "Click", qualified: false, name: "Click_source_ad_id_fkey", columns: ["source_ad_id"],
  referenced: { schema: "public", table: "Ad", columns: ["id"] }, referencedQualified: false, onDelete: "SET NULL", onUpdate: "CASCADE",
  source: "Click.sourceAd @relation(fields: [sourceAdId], references: [id])",
};
const files = () => renderPlan(
  { steps: [{ kind: "precheck-fk", fk }, { kind: "add-fk", fk }, { kind: "validate-fk", fk }], skipped: [] },
  { now: new Date("2026-03-01T10:00:00Z"), existing: [INIT] },
).map((f) => ({ name: f.name, sql: f.sql }));
const [PRE, ADD, VALIDATE] = files().map((f) => f.name) as [string, string, string];

let clock = 0;
const next = () => new Date(Date.UTC(2026, 2, 1, 10, 0, clock++));
const applied = (name: string): MigrationRow => ({ name, startedAt: next(), finishedAt: next(), rolledBackAt: null, logs: null });
const failed = (name: string, code: string | null, message = ""): MigrationRow => ({
  name, startedAt: next(), finishedAt: null, rolledBackAt: null, logs: code === null ? null : p3018Logs(name, code, message),
});
const input = (rows: MigrationRow[]): DoctorInput => ({
  localFolders: [INIT, PRE, ADD, VALIDATE],
  toolFolders: readToolFolders(files(), "public"),
  rows: [applied(INIT), ...rows],
  catalog: { defaultSchema: "public", currentUser: "deployer", statementTimeout: "0", deployPid: null, indexes: [], lockHolders: [] },
});
const text = (f: Finding) => [f.title, ...f.details, ...f.next].join("\n");

describe("doctor: a foreign key's folders", () => {
  it("reads the constraint, its key and the referenced table from the ADD … NOT VALID, for all three folders", () => {
    const folders = readToolFolders(files(), "public");
    expect(folders.map((f) => [f.kind, f.target?.index, f.target?.columns, f.target?.references?.table])).toEqual([
      ["precheck-fk", fk.name, ["source_ad_id"], "Ad"],
      ["add-fk", fk.name, ["source_ad_id"], "Ad"],
      ["validate-fk", fk.name, ["source_ad_id"], "Ad"],
    ]);
  });

  it("a VALIDATE that met an orphan: NOT VALID still checks new writes, the query that finds the rows, resolve as the repair", () => {
    const d = diagnose(input([applied(PRE), applied(ADD), failed(VALIDATE, "23503",
      'insert or update on table "Click" violates foreign key constraint "Click_source_ad_id_fkey"\nDETAIL: Key (source_ad_id)=(9999) is not present in table "Ad".')]));
    expect(d.attention).toBe(true);
    const [finding] = d.findings;
    expect(finding!.title).toBe(`${VALIDATE} failed: rows without their referenced row.`);
    expect(text(finding!)).toContain('Key (source_ad_id)=(9999) is not present in table "Ad".');
    expect(text(finding!)).toContain("The constraint stays NOT VALID: PostgreSQL already checks every new INSERT and UPDATE against it");
    expect(text(finding!)).toContain('SELECT * FROM "public"."Click" AS r WHERE r."source_ad_id" IS NOT NULL AND NOT EXISTS (SELECT FROM "public"."Ad" AS p WHERE p."id" = r."source_ad_id");');
    expect(fixPlan(d)).toEqual([{ kind: "resolve-rolled-back", migration: VALIDATE }]);
  });

  it("an ADD … NOT VALID whose deploy died without an error is not marked rolled back blindly", () => {
    const d = diagnose(input([applied(PRE), failed(ADD, null)]));
    expect(fixPlan(d)).toEqual([]);
    expect(text(d.findings[0]!)).toContain(`A row: \`npx prisma migrate resolve --applied ${ADD}\``);
  });
});
