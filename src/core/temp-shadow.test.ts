import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../sql/parse.js";
import { desiredFromDatamodel } from "./desired.js";
import { planChanges } from "./plan.js";
import { replayHistory } from "./replay.js";
import { shadowedTargets } from "./temp-shadow.js";
import type { DMMF } from "@prisma/generator-helper";

beforeAll(loadParser);

/** The DMMF of `model Ad { id Int @id; title String @unique }`, reduced to what planning reads. */
const ad = (schema?: string) => ({
  models: [{ name: "Ad", dbName: null, schema: schema ?? null, fields: ["id", "title"].map((name) => ({ name, dbName: null, kind: "scalar" })) }],
  indexes: [{ model: "Ad", type: "unique", isDefinedOnField: true, fields: [{ name: "title" }] }],
  enums: [], types: [],
}) as unknown as DMMF.Datamodel;
const init = { name: "20250101000000_init", sql: `CREATE SCHEMA s; CREATE TABLE "Ad" (id int PRIMARY KEY, title text); CREATE TABLE s."Ad" (id int PRIMARY KEY, title text);` };
const targetsAfter = (backfill: string, schema?: string) => {
  const state = replayHistory([init, { name: "20250101000001_backfill", sql: backfill }]).state;
  return shadowedTargets(planChanges(desiredFromDatamodel(ad(schema)), state, { precheck: true, attachConstraint: true }), state).map((t) => [t.table, t.temporary.origin]);
};

describe("shadowedTargets", () => {
  it("names the table of a generated step that a temporary table left by the history shadows", () => {
    expect(targetsAfter(`CREATE TEMP TABLE "Ad" AS SELECT * FROM public."Ad";`)).toEqual([["Ad", "20250101000001_backfill"]]);
  });

  it("is empty when the history drops the temporary table, it is ON COMMIT DROP, or the step names its schema", () => {
    expect(targetsAfter(`CREATE TEMP TABLE "Ad" AS SELECT * FROM public."Ad"; DROP TABLE pg_temp."Ad";`)).toEqual([]);
    expect(targetsAfter(`CREATE TEMP TABLE "Ad" ON COMMIT DROP AS SELECT * FROM public."Ad";`)).toEqual([]);
    expect(targetsAfter(`CREATE TEMP TABLE "Ad" AS SELECT * FROM s."Ad";`, "s")).toEqual([]);
  });
});
