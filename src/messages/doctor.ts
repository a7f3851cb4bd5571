// What `prisma-concurrently doctor` says. Every finding names the migration, the table and the key,
// says in a sentence what happened and what it leaves behind, and lists the exact next commands.
import type { Cause, CatalogIndex, DuplicatesNow, FixAction, LockHolder, LockStepGaveUp, MigrationReport, StepKind, UniqueTarget } from "../doctor/model.js";
import { quoteIdent } from "../sql/quote.js";
import { shellQuote, TOOL } from "./notices.js";
import type { LockTaken } from "../catalog/locks.js";
import { dropIndexStep } from "../catalog/drop-index/steps.js";
import { renameIndexStep } from "../catalog/change-index/steps.js";
import { foreignKeyDoctor } from "./operations/foreign-key.js";

export const commands = {
  fix: `npx ${TOOL} doctor --fix`,
  doctor: `npx ${TOOL} doctor`,
  duplicates: `npx ${TOOL} duplicates`,
  deploy: "npx prisma migrate deploy",
  status: "npx prisma migrate status",
  resolveRolledBack: (migration: string) => `npx prisma migrate resolve --rolled-back ${migration}`,
  resolveApplied: (migration: string) => `npx prisma migrate resolve --applied ${migration}`,
  dropIndexSql: (schema: string, index: string) => `DROP INDEX CONCURRENTLY ${quoteIdent(schema)}.${quoteIdent(index)};`,
  cancelSql: (pid: number) => `SELECT pg_cancel_backend(${pid});`,
  terminateSql: (pid: number) => `SELECT pg_terminate_backend(${pid});`,
};

const tableText = (t: { schema: string; table: string; qualified?: boolean }) => `table "${t.qualified ? `${t.schema}.` : ""}${t.table}"`;
const keyText = (t: UniqueTarget) => (t.columns ? `key (${t.columns.join(", ")})` : `key of "${t.index}"`);
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const indexRef = (t: { schema: string; index: string }) => `"${t.schema}"."${t.index}"`;

/** `table "t", key (a, b)`: the two things every message names. */
export function uniqueText(t: UniqueTarget): string {
  return `${tableText(t)}, ${keyText(t)}`;
}

/** What the step of a folder does, for a sentence: "the concurrent build of … on table "t", key (a, b)". */
export function stepText(kind: StepKind, t: UniqueTarget | null): string {
  if (!t) {
    return {
      precheck: "the duplicate pre-check", build: "the concurrent index build", attach: "the constraint attach", drop: "the constraint drop",
      "drop-index": "the concurrent index drop", "rename-index": "the index rename",
      "precheck-fk": "the orphan pre-check", "add-fk": "adding the foreign key NOT VALID", "validate-fk": "the foreign key's VALIDATE CONSTRAINT",
      "partitioned-index": "the index ON ONLY a partitioned table", "attach-partition": "attaching a partition's index",
      "null-precheck": "the NULL pre-check of a column made NOT NULL", "not-null": "a step that makes a column NOT NULL (CHECK NOT VALID, VALIDATE or SET NOT NULL)",
    }[kind];
  }
  switch (kind) {
    case "precheck":
      return `the duplicate pre-check of ${uniqueText(t)}`;
    case "build":
      return `the concurrent build of the unique index "${t.index}" on ${uniqueText(t)}`;
    case "attach":
      return `attaching "${t.index}" as a UNIQUE constraint of ${uniqueText(t)}`;
    case "drop":
      return `dropping the UNIQUE constraint "${t.index}" from ${uniqueText(t)}`;
    case "drop-index":
      return `DROP INDEX CONCURRENTLY of ${indexRef(t)}${onTable(t)}`;
    case "rename-index":
      return `renaming the index ${indexRef(t)} to "${t.renamedTo ?? "?"}"${onTable(t)}`;
    case "precheck-fk":
    case "add-fk":
    case "validate-fk":
      return foreignKeyDoctor.stepText(kind, t, tableText(t));
    case "partitioned-index":
      return `creating the index ${indexRef(t)} ON ONLY the partitioned ${tableText(t)}`;
    case "attach-partition":
      return `attaching the index ${indexRef(t)}${onTable(t)} to "${t.attachTo ?? "?"}"`;
    case "null-precheck":
    case "not-null":
      return stepText(kind, null);
  }
}

/** ` on table "t"`, when the catalog told which table (a DROP INDEX / ALTER INDEX names only the index). */
const onTable = (t: UniqueTarget) => (t.table ? ` on ${tableText(t)}` : "");

/** The locks of the steps whose folder names only the index, from the catalog's step specs. */
const INDEX_STEP_LOCKS: Partial<Record<StepKind, readonly LockTaken[]>> = {
  get "drop-index"() { return dropIndexStep.locks; },
  get "rename-index"() { return renameIndexStep.locks; },
};

/** "SHARE UPDATE EXCLUSIVE on table "t" and SHARE UPDATE EXCLUSIVE on the index "i"". */
function locksText(locks: readonly LockTaken[], t: UniqueTarget | null): string {
  const on = (l: LockTaken) => (l.on === "table" ? (t?.table ? tableText(t) : "the table") : l.on === "referenced" ? "the referenced table" : `the index "${t?.index ?? "?"}"`);
  return locks.map((l) => `${l.mode} on ${on(l)}`).join(" and ");
}

export function causeTitle(cause: Cause): string {
  switch (cause.kind) {
    case "duplicates":
      return "duplicate keys";
    case "orphans":
      return "rows without their referenced row";
    case "null-rows":
      return "NULL rows";
    case "lock-timeout":
      return cause.retried ? "lock wait budget ran out" : "lock timeout";
    case "cancelled":
      return "cancelled";
    case "statement-timeout":
      return "statement timeout";
    case "interrupted":
      return cause.code ? `interrupted, the server ended the session (${cause.code})` : "interrupted, no error recorded";
    case "already-exists":
      return `${cause.relation ? `"${cause.relation}"` : "the index"} already existed (42P07)`;
    case "other":
      return `error ${cause.code ?? "(no SQLSTATE)"}`;
  }
}

/** One or more sentences: why the step stopped. */
export function causeDetails(cause: Cause, kind: StepKind, t: UniqueTarget | null, statementTimeout: string): string[] {
  const table = t ? tableText(t) : "the table";
  switch (cause.kind) {
    case "orphans":
      return foreignKeyDoctor.orphanDetails(cause, table);
    case "duplicates":
      if (cause.arrived) {
        return [
          `A row was written to ${table} during the build with the key of a row already there: ${cause.detail}`,
          "The build's last pass, which adds the rows written while it ran, refused it; a pre-check ran before that row existed.",
        ];
      }
      return cause.by === "precheck"
        ? [`${capital(table)} held rows that shared a key: ${cause.detail ?? "see the logs of the migration"}`]
        : [
            `${capital(table)} held rows that shared the ${t ? keyText(t) : "key"}: ${cause.detail ?? "see the logs of the migration"}`,
            "(PostgreSQL names only the first duplicate it meets; there may be more.)",
          ];
    case "null-rows":
      return cause.by === "precheck"
        ? [`${cause.detail ?? "The column has NULL rows"}: the pre-check stopped before anything was changed (the migration's log lists the first keys).`]
        : [
            `VALIDATE found NULLs: ${cause.detail ?? "see the logs of the migration"}.`,
            "They were there before the check was added: the NOT VALID check already refuses every new NULL, so no row written since can be one. The column is not NOT NULL yet; the check stays NOT VALID.",
          ];
    case "lock-timeout":
      if (cause.retried) return lockStepGaveUpDetails(cause.retried, kind, t);
      if (INDEX_STEP_LOCKS[kind]) {
        return [`It waited longer than lock_timeout for its ${locksText(INDEX_STEP_LOCKS[kind]!, t)}: another transaction held a conflicting lock, and nothing was changed.`];
      }
      return kind === "build"
        ? [`It waited longer than lock_timeout for ${table}: another transaction held a conflicting lock.`]
        : [
            `It waited longer than lock_timeout for its brief ACCESS EXCLUSIVE lock on ${table}: another transaction held a lock on it.`,
            "While it waited, every other query on the table queued behind its request, for up to that lock_timeout. " +
              "Folders written by this release retry short waits instead (lockAttemptTimeout, lockRetryBudget).",
          ];
    case "cancelled":
      return ["It was cancelled (pg_cancel_backend, or a person or a tool cancelled the query)."];
    case "statement-timeout":
      return [
        `It ran longer than statement_timeout allowed (${statementTimeout === "0" ? "statement_timeout is 0, no limit, on this connection now" : `on this connection statement_timeout is ${statementTimeout}`}).`,
      ];
    case "interrupted":
      return cause.code
        ? [`The server ended the deploy's session (${cause.code}: pg_terminate_backend, or a server shutdown or restart): the migration was interrupted, nothing refused it. Run it again.`]
        : ["No error was recorded: the deploy stopped while the migration ran (the process was killed, or its connection was lost)."];
    case "already-exists":
      return [`It stopped at once: ${cause.relation ? `"${cause.relation}"` : "what it creates"} already existed (42P07), so this run changed nothing.`];
    case "other":
      return [`PostgreSQL error ${cause.code ?? "(no SQLSTATE)"}: ${cause.message}`];
  }
}

/** The retrying lock step ran out of its budget: how it waited, and who held the table when it gave up. */
function lockStepGaveUpDetails(r: LockStepGaveUp, kind: StepKind, t: UniqueTarget | null): string[] {
  const lock = INDEX_STEP_LOCKS[kind] ? locksText(INDEX_STEP_LOCKS[kind]!, t) : `brief ACCESS EXCLUSIVE lock on ${t ? tableText(t) : "the table"}`;
  return [
    `It tried ${r.attempts} times in ${r.seconds} s to get its ${lock}, each attempt waiting at most ${r.attemptTimeout} (lockAttemptTimeout) ` +
      "so that the queries queued behind it were held up no longer than that, then gave up (lockRetryBudget). Nothing was changed.",
    r.holders.length
      ? "When it gave up, another transaction held the table:"
      : "When it gave up, no session held the table any more (the holder had just ended).",
    ...r.holders.map((h) => `  ${h}`),
  ];
}

export function holderText(h: LockHolder): string {
  const open = h.transactionSeconds === null ? "" : `, transaction open ${formatSeconds(h.transactionSeconds)}`;
  const who = [h.user ? `user "${h.user}"` : null, h.application ? `application "${h.application}"` : null].filter(Boolean).join(", ");
  return `pid ${h.pid} (${h.state ?? "state not visible"}${open}${who ? `, ${who}` : ""}) holds ${h.mode} on ${tableText(h)}`;
}

function formatSeconds(s: number): string {
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/** The steps that remove the cause, before the migration can run again. */
export function causeRemedy(cause: Cause, t: UniqueTarget | null, holders: LockHolder[], currentUser: string, statementTimeout: string): string[] {
  const table = t ? tableText(t) : "the table";
  switch (cause.kind) {
    case "orphans":
      return foreignKeyDoctor.orphanRemedy(t, table);
    case "duplicates":
      return [`Remove the rows of ${table} that share a ${t ? keyText(t) : "key"} (rows with a NULL in a key column never conflict): \`${commands.duplicates}\` lists them, \`${commands.duplicates} --sql\` prints a dedupe statement to review.`];
    case "null-rows":
      return ["Give those rows a value (UPDATE … SET <column> = … WHERE <column> IS NULL, in batches on a big table), or keep the field optional (`String?`) in the schema."];
    case "lock-timeout":
      return holders.length === 0
        ? [`No other transaction holds a lock on ${table} now: the next deploy should get its lock.`]
        : [
            `End the transaction(s) holding a lock on ${table} (commit or roll back in the application, or, once sure it may go, \`${commands.terminateSql(holders[0]!.pid)}\`):`,
            ...holders.map((h) => `  ${holderText(h)}`),
          ];
    case "statement-timeout":
      return statementTimeout === "0"
        ? ["statement_timeout is 0 (no limit) on this connection now."]
        : [`Lift statement_timeout for the deploy's connection, e.g. \`ALTER ROLE ${quoteIdent(currentUser)} SET statement_timeout = 0;\` (it is ${statementTimeout} on this connection), or deploy at a quieter time.`];
    case "cancelled":
    case "interrupted":
    case "already-exists":
      return [];
    case "other":
      return ["Fix the cause of the error above."];
  }
}

export function fixText(action: FixAction): string {
  return action.kind === "drop-index" ? commands.dropIndexSql(action.schema, action.index) : commands.resolveRolledBack(action.migration);
}

/** `npx … doctor --fix`, with the equivalent commands to run by hand under it. */
export function fixSteps(actions: FixAction[]): string[] {
  return [`\`${commands.fix}\`, or by hand:`, ...actions.map((a) => `  ${fixText(a)}`)];
}

export const doctorText = {
  failedTitle: (m: MigrationReport) => `${m.name} failed: ${m.cause ? causeTitle(m.cause) : "unknown cause"}.`,
  failedWhat: (m: MigrationReport) => `Prisma Migrate stopped at ${stepText(m.kind, m.target)}; every later deploy stops with P3009 until it is resolved.`,
  precheckChangedNothing: () => "The pre-check only reads: nothing was changed.",
  notNullRerun: () => "Each NOT NULL step can run again as it is: a failed CHECK NOT VALID added nothing, a failed VALIDATE leaves the check NOT VALID, SET NOT NULL and DROP CONSTRAINT repeat safely.",
  duplicatesNow: (d: DuplicatesNow) =>
    d.groups === 0
      ? `That was when the migration ran. Counted again just now: no two rows of ${tableText(d)} share the key (${d.columns.join(", ")}) any more.`
      : d.groups !== null
        ? `Counted again just now: ${d.groups} duplicate key group${d.groups === 1 ? "" : "s"} remain${d.groups === 1 ? "s" : ""}.`
        : `They could not be counted again just now (${d.error}): \`${commands.duplicates}\` counts them without a time limit.`,

  invalidLeft: (t: UniqueTarget, ready: boolean) =>
    `It left the INVALID index ${indexRef(t)} behind. ${invalidEffect(t, ready)} It must be dropped before the build runs again.`,
  resolvedByHand: (t: UniqueTarget, ready: boolean) =>
    `An earlier attempt failed and was marked rolled back (\`prisma migrate resolve --rolled-back\`) while the INVALID index ${indexRef(t)} it left was still there. ${invalidEffect(t, ready)}`,
  nothingLeft: (t: UniqueTarget) => `It left no index behind: "${t.index}" does not exist.`,
  validExists: (t: UniqueTarget, matches: boolean) =>
    matches
      ? `Yet the index ${indexRef(t)} exists, VALID and unique on (${t.columns?.join(", ")}): the build finished after all.`
      : `The index ${indexRef(t)} exists and is VALID, but it is not a unique index on the ${keyText(t)} this migration builds.`,
  busy: (t: UniqueTarget, index: CatalogIndex) =>
    `Backend pid ${index.busyPid} is working on the index ${indexRef(t)} right now${index.phase ? ` (${index.phase})` : ""}: it is still being built or dropped.`,
  busyNext: (pid: number) => [
    `Wait for it to finish, then run \`${commands.doctor}\` again; or stop it with \`${commands.cancelSql(pid)}\` and run \`${commands.fix}\`.`,
  ],
  constraintDone: (t: UniqueTarget, kind: "attach" | "drop") =>
    kind === "attach"
      ? `Yet the constraint "${t.index}" exists on ${tableText(t)}: the ALTER TABLE took effect (the file was applied statement by statement and failed after it).`
      : `Yet the constraint "${t.index}" no longer exists on ${tableText(t)}: the ALTER TABLE took effect.`,
  constraintUnchanged: (t: UniqueTarget, kind: "attach" | "drop") =>
    kind === "attach"
      ? `Nothing was changed: "${t.index}" is still a plain unique index, not a constraint.`
      : `Nothing was changed: the constraint "${t.index}" is still there.`,
  droppedAnyway: (t: UniqueTarget) => `Yet the index ${indexRef(t)} no longer exists: the drop took effect (or it was dropped by hand).`,
  dropIndexLeft: (t: UniqueTarget, valid: boolean) =>
    valid
      ? `The index ${indexRef(t)} is still there and VALID: nothing was changed. Running the migration again drops it.`
      : `It left the index ${indexRef(t)} INVALID (the drop had begun): writes no longer use it for reads, yet still maintain it. Running the migration again drops it (DROP INDEX CONCURRENTLY drops an INVALID index too).`,
  renameUnchanged: (t: UniqueTarget) =>
    `Nothing was changed: the index is still named ${indexRef(t)}, and "${t.renamedTo ?? "?"}" does not exist. The rename takes only a brief lock on the index; running it again when no transaction holds the index finishes the change.`,
  renameDone: (t: UniqueTarget) => `Yet the index is named "${t.renamedTo ?? "?"}" now and ${indexRef(t)} is gone: the rename took effect.`,
  renameUnclear: (t: UniqueTarget, temporaryExists: boolean, migration: string) =>
    temporaryExists
      ? `Both ${indexRef(t)} and "${t.renamedTo ?? "?"}" exist: the index of that name was made by hand or by another migration. Drop or rename one of them by hand, then \`${commands.resolveRolledBack(migration)}\` and deploy.`
      : `Neither ${indexRef(t)} nor "${t.renamedTo ?? "?"}" exists: the index was dropped by hand. Rebuild it with the CREATE INDEX CONCURRENTLY of the rebuild_index folder, then resolve and deploy.`,
  attachNoIndex: (t: UniqueTarget, index: CatalogIndex | undefined) =>
    index
      ? `The index ${indexRef(t)} it attaches is INVALID, so the attach cannot succeed: rebuild the index first (drop it with \`${commands.dropIndexSql(t.schema, t.index)}\` and run the CREATE UNIQUE INDEX CONCURRENTLY of the build folder again).`
      : `The index ${indexRef(t)} it attaches does not exist, so the attach cannot succeed: rebuild the index with the CREATE UNIQUE INDEX CONCURRENTLY of the build folder first.`,
  partitionedIncompleteTitle: (t: UniqueTarget, i: CatalogIndex) =>
    `The index ${indexRef(t)} of the partitioned ${tableText(t)} is INVALID: ${i.unattached?.length ?? "some"} partition${i.unattached?.length === 1 ? " has" : "s have"} no index attached to it yet.`,
  partitionedIncompleteDetails: (t: UniqueTarget, i: CatalogIndex) => [
    `Not attached yet: ${(i.unattached ?? []).map((p) => `"${p}"`).join(", ") || "(the catalog lists none: an attach is running?)"}. ` +
      `Prisma sees the index already; PostgreSQL ${i.unique ? "checks the key only within the partitions attached, and " : ""}does not use it for queries on ${tableText(t)} until every partition's is attached.`,
    "The migrations after it build each partition's index concurrently and attach it; the ones applied are not run again. The folders above say which partitions are built.",
  ],
  partitionedStepDone: (t: UniqueTarget, kind: "partitioned-index" | "attach-partition") =>
    kind === "partitioned-index"
      ? `Yet the index ${indexRef(t)} exists: the CREATE INDEX took effect.`
      : `Yet ${indexRef(t)} is attached to "${t.attachTo ?? "?"}": the ALTER INDEX took effect.`,
  partitionedStepUnchanged: (t: UniqueTarget, kind: "partitioned-index" | "attach-partition") =>
    kind === "partitioned-index"
      ? `Nothing was changed: the index ${indexRef(t)} does not exist.`
      : `Nothing was changed: ${indexRef(t)} is not attached to "${t.attachTo ?? "?"}" (a brief catalog change: running it again when no transaction holds the index finishes it).`,
  unreadable: (folder: string, why: string) => `The folder ${folder} cannot be understood: ${why}. Nothing can be fixed automatically; compare it with what \`npx prisma generate\` writes.`,
  resolveApplied: (migration: string) => [`Record it as applied: \`${commands.resolveApplied(migration)}\`.`],
  deploy: () => `\`${commands.deploy}\``,

  runningTitle: (m: MigrationReport, deployPid: number) => `${m.name} is running now (the deploy in backend pid ${deployPid}).`,
  runningNext: () => [`Let the deploy finish, then run \`${commands.doctor}\` again. Nothing should be changed while it runs.`],

  retryTitle: (m: MigrationReport) =>
    `${m.name} is pending: it was rolled back after failing (${m.cause ? causeTitle(m.cause) : "unknown cause"}) and runs again at the next deploy.`,
  retryReady: () => "Nothing seen in the database stands in its way now.",

  indexExistsTitle: (m: MigrationReport, t: UniqueTarget, valid: boolean) =>
    `${m.name} is pending, but its index ${indexRef(t)} on ${tableText(t)} already exists${valid ? "" : " (INVALID)"}: the next deploy would stop with "relation already exists".`,
  leftoverInvalid: (t: UniqueTarget, ready: boolean) =>
    `It is the INVALID leftover of an earlier failed build of ${uniqueText(t)} that was rolled back without dropping it. ${invalidEffect(t, ready)}`,
  handMadeNext: (t: UniqueTarget, migration: string) => [
    `If it is the unique index on ${uniqueText(t)} (made by hand?), record the migration as applied: \`${commands.resolveApplied(migration)}\`.`,
    `Otherwise drop it (\`${commands.dropIndexSql(t.schema, t.index)}\`) and run \`${commands.deploy}\`.`,
  ],

  appliedInvalidTitle: (m: MigrationReport, t: UniqueTarget, ready: boolean) =>
    `${m.name} is recorded as applied, but the index ${indexRef(t)} is INVALID: ${uniqueText(t)} is not ${ready ? "fully " : ""}enforced.`,
  appliedInvalidDetails: (ready: boolean) => [
    "A failed build was probably marked applied (`prisma migrate resolve --applied`). Prisma sees a unique index there. " +
      (ready
        ? "PostgreSQL refuses new duplicate keys through it, but never checked the rows that were there before, and does not use it for queries."
        : "PostgreSQL neither reads nor updates it."),
  ],
  appliedInvalidNext: (t: UniqueTarget, file: string) => [
    `Drop it: \`${commands.dropIndexSql(t.schema, t.index)}\``,
    `Remove the duplicate keys, if any: \`${commands.duplicates}\``,
    `Build it again by hand (Prisma will not re-run an applied migration): \`npx prisma db execute --file ${file}\``,
    `Then \`${commands.doctor}\` should report nothing.`,
  ],

  invalidIndexTitle: (i: CatalogIndex) =>
    `INVALID index "${i.schema}"."${i.name}" on ${tableText({ schema: i.schema, table: i.table, qualified: true })}${i.columns.length ? `, key (${i.columns.join(", ")})` : ""}: no migration of ${TOOL} creates it.`,
  invalidIndexDetails: (i: CatalogIndex) => [
    `A failed CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY leaves such an index. ${invalidEffect({ schema: i.schema, table: i.table, qualified: true }, i.ready, i.unique)}`,
    `${TOOL} leaves it alone.`,
  ],
  invalidIndexNext: (i: CatalogIndex) => [`Find out what created it; if nothing is building it, drop it: \`${commands.dropIndexSql(i.schema, i.name)}\``],
  buildingIndexTitle: (i: CatalogIndex) =>
    `Index "${i.schema}"."${i.name}" on ${tableText({ schema: i.schema, table: i.table, qualified: true })} is being built or dropped by backend pid ${i.busyPid}${i.phase ? ` (${i.phase})` : ""}.`,

  leftoverFolderTitle: (path: string) => `${path} is a temporary folder that an interrupted run of an earlier release left inside the migrations folder.`,
  leftoverFolderDetails: () => ["Prisma lists it as a pending migration, and `prisma migrate deploy` would apply it first (a dot sorts before every timestamp)."],
  leftoverFolderNext: (path: string) => [`Remove it before any deploy: rm -r ${shellQuote(path)}`],
  missingFolderTitle: (name: string) => `${name} failed, but its folder is not in the migrations folder.`,
  missingFolderNext: (dir: string) => [`Restore the folder into ${dir} (from version control), then run \`${commands.doctor}\` again.`],

  otherFailedTitle: (name: string, cause: Cause) => `${name} (not written by ${TOOL}) failed: ${causeTitle(cause)}.`,
  otherFailedNext: (name: string) => [
    `See \`${commands.status}\`; fix the cause, then \`${commands.resolveRolledBack(name)}\` (or \`--applied\` if you applied it by hand) and \`${commands.deploy}\`.`,
  ],

  header: (database: string, source: string, migrationsDir: string) => `${TOOL} doctor: ${database} (from ${source}), migrations in ${migrationsDir}`,
  noToolMigrations: () => `No migration folder of ${TOOL} in the migrations folder.`,
  statusLine: (m: MigrationReport) => {
    const what = !m.target ? m.kind : m.target.table ? `${m.kind.padEnd(8)} ${tableText(m.target)}, ${keyText(m.target)}` : `${m.kind} ${indexRef(m.target)}`;
    return `  ${m.status.padEnd(8)} ${m.name}  (${what})`;
  },
  pendingSummary: (count: number) => `${count} migration${count === 1 ? "" : "s"} of ${TOOL} pending: \`${commands.deploy}\` applies ${count === 1 ? "it" : "them"}.`,
  allGood: () => "Nothing needs attention.",
  attentionSummary: (count: number) => `${count} problem${count === 1 ? " needs" : "s need"} attention.`,

  fixDeployRunning: (pid: number) =>
    `${TOOL} doctor --fix: a Prisma Migrate command holds its lock (backend pid ${pid}): nothing was changed. Run it again when the deploy is done.`,
  fixNothing: () => `${TOOL} doctor --fix: nothing to fix automatically.`,
  fixDropping: (a: Extract<FixAction, { kind: "drop-index" }>, holders: LockHolder[]) =>
    `${TOOL} doctor --fix: ${commands.dropIndexSql(a.schema, a.index)}  (it waits for the transactions using table "${a.table}"; reads and writes go on)` +
    holders.map((h) => `\n  it waits for ${holderText(h)}`).join(""),
  fixDropSkipped: (a: Extract<FixAction, { kind: "drop-index" }>) =>
    `${TOOL} doctor --fix: skipped dropping "${a.schema}"."${a.index}": it is no longer an INVALID index nobody is working on.`,
  fixResolving: (migration: string) => `${TOOL} doctor --fix: ${commands.resolveRolledBack(migration)}`,
  fixFailed: (what: string, error: string) => `${TOOL} doctor --fix: ${what} failed: ${error}\nNothing after it was done; run \`${commands.doctor}\` to see the state.`,
  resolveMissed: (migration: string, database: string) =>
    `\`prisma migrate resolve\` ran, but ${migration} is still failed in ${database}: Prisma's CLI uses the database of prisma.config.ts (or DATABASE_URL), which is not this one. Run \`${commands.resolveRolledBack(migration)}\` against this database yourself.`,
  noPrismaCli: (dir: string) => `no Prisma CLI is installed in ${dir}, so \`prisma migrate resolve\` cannot run: install it (\`npm install --save-dev prisma\`) or run the commands above by hand`,
  afterFix: () => "State after --fix:",
};

/** What an INVALID index still does, by pg_index.indisready (verified on PostgreSQL: test/doctor-causes.test.ts). */
function invalidEffect(t: { schema: string; table: string; qualified?: boolean }, ready: boolean, unique = true): string {
  if (!ready) return "It was never ready for writes: PostgreSQL neither reads nor updates it, and Prisma cannot see it.";
  return `PostgreSQL never reads it for queries, but keeps it up to date on every write to ${tableText(t)}` +
    (unique ? " and refuses any INSERT or UPDATE that would duplicate its key (error 23505 in the application) until it is dropped" : "") +
    "; Prisma cannot see it.";
}
