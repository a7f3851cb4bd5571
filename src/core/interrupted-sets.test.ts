import { beforeAll, describe, expect, it } from "vitest";
import type { DMMF } from "@prisma/generator-helper";
import { loadParser } from "../sql/parse.js";
import { desiredFromDatamodel } from "./desired.js";
import { completeInterruptedSets } from "./interrupted-sets.js";
import { planChanges, type PlanOptions } from "./plan.js";
import { renderPlan } from "./render.js";
import { replayHistory, type MigrationFile } from "./replay.js";

beforeAll(loadParser);

const init: MigrationFile = {
  name: "20250101000000_init",
  sql: `CREATE TABLE "impression_counter" ("id" SERIAL NOT NULL, "ad_id" INTEGER NOT NULL, "impression_date" DATE NOT NULL, CONSTRAINT "impression_counter_pkey" PRIMARY KEY ("id"));`,
};

/** `ImpressionCounter @@unique([adId, impressionDate])`, as the DMMF gives it. */
const desired = desiredFromDatamodel({
  models: [{
    name: "ImpressionCounter", dbName: "impression_counter", schema: null,
    fields: [{ name: "id", dbName: null, kind: "scalar" }, { name: "adId", dbName: "ad_id", kind: "scalar" }, { name: "impressionDate", dbName: "impression_date", kind: "scalar" }],
  }],
  indexes: [{ model: "ImpressionCounter", type: "unique", isDefinedOnField: false, fields: [{ name: "adId" }, { name: "impressionDate" }] }],
  enums: [], types: [],
} as unknown as DMMF.Datamodel);

const on: PlanOptions = { attachConstraint: true, precheck: true };

/** What the generator plans (with completion) from a history. */
function planFrom(history: MigrationFile[], options = on) {
  const state = replayHistory(history).state;
  return completeInterruptedSets(planChanges(desired, state, options), desired, state, history, options);
}

/** The folders a run writes for the unique on top of `init`, as files. */
function fullSet(): MigrationFile[] {
  const folders = renderPlan(planChanges(desired, replayHistory([init]).state, on), { now: new Date("2026-03-01T10:00:00Z"), existing: [init.name] });
  return folders.map((f) => ({ name: f.name, sql: f.sql }));
}

describe("completing a set an interrupted run moved in only in part", () => {
  it("recognises the set's folders by name and plans nothing for a complete set", () => {
    const set = fullSet();
    expect(set.map((f) => f.name)).toEqual([
      "20260301100000_concurrently_precheck_unique_impression_counter_ad_id_impression_date",
      "20260301100001_concurrently_index_unique_impression_counter_ad_id_impression_date",
      "20260301100002_concurrently_attach_unique_impression_counter_ad_id_impression_date",
    ]);
    expect(planFrom([init, ...set]).steps).toEqual([]);
  });

  it("a build without its attach: planChanges alone takes the index for done; completed with the attach", () => {
    const [precheck, build] = fullSet();
    const history = [init, precheck!, build!];
    const state = replayHistory(history).state;
    expect(planChanges(desired, state, on).steps).toEqual([]);
    expect(planFrom(history).steps).toMatchObject([{ kind: "attach", unique: { name: "impression_counter_ad_id_impression_date_key" }, completes: build!.name }]);
  });

  it("a pre-check without its build: the build and attach follow it, with no second pre-check", () => {
    const [precheck] = fullSet();
    expect(planFrom([init, precheck!]).steps.map((s) => s.kind)).toEqual(["build", "attach"]);
  });

  it("leaves alone an index that the plan would not attach today, one built to stay an index, and one this tool did not build", () => {
    const [precheck, build] = fullSet();
    expect(planFrom([init, precheck!, build!], { attachConstraint: false, precheck: true }).steps).toEqual([]);
    // Built with attachConstraint = "false", which was turned on later: its header says no attach follows.
    const [indexOnly] = renderPlan(planChanges(desired, replayHistory([init]).state, { attachConstraint: false, precheck: false }), {
      now: new Date("2026-03-01T10:00:00Z"), existing: [init.name],
    });
    expect(indexOnly!.sql).toContain("It stays a unique index");
    expect(planFrom([init, { name: indexOnly!.name, sql: indexOnly!.sql }]).steps).toEqual([]);
    const byHand = { name: "20250102000000_unique", sql: `CREATE UNIQUE INDEX "impression_counter_ad_id_impression_date_key" ON "impression_counter"("ad_id", "impression_date");` };
    expect(planFrom([init, byHand]).steps).toEqual([]);
  });
});
