// Every rule of `check`, in the order the documentation lists them.
import type { Rule } from "../rule.js";
import { blockingUniqueIndex } from "./blocking-unique-index.js";
import { blockingIndex } from "./blocking-index.js";
import { uniqueConstraintBuildsIndex } from "./unique-constraint-builds-index.js";
import { concurrentlyNotAlone } from "./concurrently-not-alone.js";
import { dropIndexOfConstraint } from "./drop-index-of-constraint.js";
import { blockingDropIndex } from "./blocking-drop-index.js";
import { missingLockTimeout } from "./missing-lock-timeout.js";
import { concurrentlyIfNotExists } from "./concurrently-if-not-exists.js";
import { indexBuiltTwice } from "./index-built-twice.js";
import { tempTableOutlivesMigration } from "./temp-table-outlives-migration.js";

export const rules: readonly Rule[] = [
  blockingUniqueIndex,
  blockingIndex,
  uniqueConstraintBuildsIndex,
  concurrentlyNotAlone,
  dropIndexOfConstraint,
  blockingDropIndex,
  missingLockTimeout,
  concurrentlyIfNotExists,
  indexBuiltTwice,
  tempTableOutlivesMigration,
];
