// The library surface: the pure core, for tools that want to plan without the generator.
export { desiredFromDatamodel } from "./core/desired.js";
export { replayHistory, applyStatement, type MigrationFile, type ReplayWarning } from "./core/replay.js";
export { planChanges, type Plan, type Step, type Skip } from "./core/plan.js";
export { renderPlan, renderStep, type Folder } from "./core/render.js";
export { defaultUniqueName } from "./core/prisma-names.js";
export { parseStatements, loadParser } from "./sql/parse.js";
export * from "./core/state.js";
export { checkHistory, type CheckOptions, type CheckResult } from "./check/run-check.js";
export { rules as checkRules } from "./check/rules/index.js";
