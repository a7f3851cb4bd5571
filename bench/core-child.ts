// The planning core alone, in a fresh process so its peak memory is its own: read the history,
// replay it, compute the desired state from a DMMF datamodel, plan and render. Prints JSON.
// Usage: node core-child.js <migrations dir> <probe output with the datamodel>
import { readFileSync } from "node:fs";
import { parseGeneratorConfig } from "../src/config/generator-config.js";
import { desiredFromDatamodel } from "../src/core/desired.js";
import { planChanges } from "../src/core/plan.js";
import { renderPlan } from "../src/core/render.js";
import { replayHistory } from "../src/core/replay.js";
import { migrationFolders, readHistory } from "../src/io/read-history.js";
import { loadParser } from "../src/sql/parse.js";

const [migrationsDir, probeFile] = process.argv.slice(2);
if (!migrationsDir || !probeFile) throw new Error("usage: core-child <migrations dir> <probe json>");
const { datamodel } = JSON.parse(readFileSync(probeFile, "utf8"));
const config = parseGeneratorConfig({}, {});
const times: Record<string, number> = {};
const timed = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
  const started = performance.now();
  const value = await fn();
  times[name] = performance.now() - started;
  return value;
};
const rssBefore = process.resourceUsage().maxRSS;
await timed("loadParser", loadParser);
const history = await timed("read", () => readHistory(migrationsDir));
const replay = await timed("replay", () => replayHistory(history));
const desired = await timed("desired", () => desiredFromDatamodel(datamodel));
const plan = await timed("plan", () => planChanges(desired, replay.state, config));
const folders = await timed("render", () => renderPlan(plan, { now: new Date(), lock: config.lock, existing: migrationFolders(migrationsDir) }));
console.log(JSON.stringify({
  times,
  coreMs: times.replay! + times.desired! + times.plan!,
  migrations: history.length,
  tables: replay.state.tables.size,
  indexes: replay.state.indexes.size,
  uniques: desired.uniques.length,
  steps: plan.steps.length,
  folders: folders.length,
  maxRssKbAtStart: rssBefore,
  maxRssKb: process.resourceUsage().maxRSS,
}));
