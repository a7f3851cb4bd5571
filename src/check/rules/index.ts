// Every rule of `check`: each operation's of the catalog (the rules that recognise Prisma's blocking
// statement, owned by the operation that makes it safe), in catalog order, then the rules about SQL
// in general. `check`, `fix`'s help and the generator's notice read the operation rules from catalog().
import type { Rule } from "../rule.js";
import { catalog } from "../../catalog/catalog.js";
import { uniqueConstraintBuildsIndex } from "./unique-constraint-builds-index.js";
import { concurrentlyNotAlone } from "./concurrently-not-alone.js";
import { missingLockTimeout } from "./missing-lock-timeout.js";
import { concurrentlyIfNotExists } from "./concurrently-if-not-exists.js";
import { indexBuiltTwice } from "./index-built-twice.js";
import { tempTableOutlivesMigration } from "./temp-table-outlives-migration.js";
import { volatileDefault } from "./volatile-default.js";

/** Rules about SQL in general, not about one operation of the catalog. */
export const genericRules: readonly Rule[] = [
  uniqueConstraintBuildsIndex,
  concurrentlyNotAlone,
  missingLockTimeout,
  concurrentlyIfNotExists,
  indexBuiltTwice,
  tempTableOutlivesMigration,
  volatileDefault,
];

/** The rules of the catalog's operations, in catalog order (what `fix` rewrites). */
export const operationRules = (): Rule[] => catalog().flatMap((o) => [...o.rules]);

export const rules: readonly Rule[] = [...operationRules(), ...genericRules];
