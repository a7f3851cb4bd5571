// The comment header of every migration.sql this tool writes, and the report the pre-check
// raises. Each says what the file implements, why it is a migration of its own, the lock it
// takes, and exactly what to do when it fails.
import { describeSource, type DesiredUnique } from "../core/state.js";
import type { Step } from "../core/plan.js";
import { PRECHECK_MARKER } from "../core/replay.js";
import { comment } from "./operations/comment.js";
import { lockLine } from "./operations/lock-line.js";
import { lockStepMessages } from "./lock-step.js";
import type { LockStepContext } from "../catalog/sql-shapes.js";
import type { LockTaken } from "../catalog/locks.js";

export type HeaderContext = LockStepContext;

type StepOf<K extends Step["kind"]> = Extract<Step, { kind: K }>;

const tableName = (u: { schema: string; table: string; qualified: boolean }) => (u.qualified ? `${u.schema}.${u.table}` : u.table);
const resolveRolledBack = (folder: string) => `npx prisma migrate resolve --rolled-back ${folder}`;

/** How the pre-check's error begins and where its report of groups ends: doctor reads both back from Prisma's logs. */
export const PRECHECK_ERROR = "prisma-concurrently: cannot add";
export const PRECHECK_REPORT_END = "Nothing was changed";
/** How a build's header says that no attach follows it: core/interrupted-sets.ts reads it back. */
export const STAYS_AN_INDEX = "It stays a unique index";

export const headers = {
  precheck(step: StepOf<"precheck">, ctx: HeaderContext): string {
    const u = step.unique;
    return comment([
      `${PRECHECK_MARKER} for ${describeSource(u.source)}`,
      "",
      `Fails fast, before the index build, when "${tableName(u)}" holds rows that share a key`,
      `(${u.columns.map((c) => c.name).join(", ")}); rows with a NULL in a key column never conflict and are ignored.`,
      "A migration of its own so that the build after it stays the only statement of its file.",
      "Lock: ACCESS SHARE (a plain read): reads and writes go on.",
      "If it fails: nothing was changed. See the duplicates with `npx prisma-concurrently duplicates`,",
      `remove them, then \`${resolveRolledBack(ctx.folder)}\` and \`npx prisma migrate deploy\`.`,
    ]);
  },

  build(step: StepOf<"build">, ctx: HeaderContext): string {
    const u = step.unique;
    const why =
      step.indexOnlyReason === "sort-order"
        ? [`${STAYS_AN_INDEX}, not a constraint: PostgreSQL accepts ADD CONSTRAINT … USING INDEX only for`,
           "an index with default sort order, and this one has DESC. Prisma itself would make the same index."]
        : step.indexOnlyReason === "disabled"
          ? [`${STAYS_AN_INDEX} (attachConstraint = "false"), exactly what Prisma itself would make.`]
          : ["The next migration attaches it as a UNIQUE constraint."];
    return comment([
      `prisma-concurrently: build the unique index "${u.name}" for ${describeSource(u.source)}`,
      "",
      "CREATE INDEX CONCURRENTLY cannot run in a transaction block: so it is alone in its migration.",
      `Lock: SHARE UPDATE EXCLUSIVE on "${tableName(u)}": reads and writes go on during the build.`,
      "While it waits for old transactions deploy is silent: `npx prisma-concurrently watch` shows why.",
      ...why,
      "If it fails (duplicates, cancel, timeout) it leaves an INVALID index behind:",
      `  1. DROP INDEX CONCURRENTLY ${u.qualified ? `"${u.schema}".` : ""}"${u.name}";`,
      `  2. ${resolveRolledBack(ctx.folder)}`,
      "  3. fix the cause (`npx prisma-concurrently doctor` says why), then `npx prisma migrate deploy`",
      "(`npx prisma-concurrently doctor --fix` does steps 1 and 2.)",
    ]);
  },

  attach(step: StepOf<"attach">, ctx: HeaderContext, locks: readonly LockTaken[]): string {
    const u = step.unique;
    const built = step.usingIndex
      ? [
          `The new definition was built concurrently as "${step.usingIndex}" and the old index dropped by the`,
          `previous migrations; USING INDEX records it as the constraint's index and renames it to "${u.name}",`,
          "so this takes an instant.",
        ]
      : [
          "The index was built concurrently by the previous migration; USING INDEX only records it as the",
          "constraint's index, so this takes an instant. A migration of its own to keep the build alone in its file.",
        ];
    return comment([
      step.usingIndex
        ? `prisma-concurrently: attach "${step.usingIndex}" as the UNIQUE constraint "${u.name}" for ${describeSource(u.source)}`
        : `prisma-concurrently: attach "${u.name}" as a UNIQUE constraint for ${describeSource(u.source)}`,
      "",
      ...built,
      lockLine(locks, { table: tableName(u), index: step.usingIndex ?? u.name }),
      ...lockStepMessages.header(ctx.lock, locks, ctx.folder),
    ]);
  },

  drop(step: StepOf<"drop">, ctx: HeaderContext, locks: readonly LockTaken[]): string {
    const i = step.index;
    return comment([
      `prisma-concurrently: remove the UNIQUE constraint "${i.name}" from "${step.table.qualified ? `${i.schema}.` : ""}${i.table}"`,
      "",
      ...(step.replacedBy
        ? [
            `The schema declares a new definition under its name, built as "${step.replacedBy}" (the next migration`,
            "renames it). Prisma would write DROP INDEX, which PostgreSQL refuses for an",
          ]
        : ["The schema no longer declares it. Prisma would write DROP INDEX, which PostgreSQL refuses for an"]),
      "index that backs a constraint (2BP01); dropping the constraint drops its index too.",
      lockLine(locks, { table: i.table, index: i.name }),
      ...lockStepMessages.header(ctx.lock, locks, ctx.folder),
    ]);
  },

  /** format() template for the pre-check's error: %s are groups, surplus rows, sample keys. */
  precheckFailure(u: DesiredUnique, folder: string): string {
    const esc = (s: string) => s.replace(/%/g, "%%");
    const columns = u.columns.map((c) => c.name).join(", ");
    return esc(
      `${PRECHECK_ERROR} ${describeSource(u.source)}: table "${tableName(u)}" has `,
    ) + `%s duplicate key groups on (${esc(columns)}) (%s surplus rows). Largest groups (key x rows):\n  %s\n` +
      esc(
        `${PRECHECK_REPORT_END}. Next: \`npx prisma-concurrently duplicates\` reports them and prints a dedupe ` +
        `statement (--sql); remove the duplicates, then \`${resolveRolledBack(folder)}\` and \`npx prisma migrate deploy\`.`,
      );
  },
};
