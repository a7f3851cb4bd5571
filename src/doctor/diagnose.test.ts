import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../sql/parse.js";
import { diagnose, duplicateTargets, fixPlan } from "./diagnose.js";
import { readToolFolders } from "./folders.js";
import type { CatalogIndex, DoctorInput, Finding, LockHolder, MigrationRow } from "./model.js";
import { adDate, p3018Logs, toolFiles } from "./test-helpers.js";
import { renderPlan } from "../core/render.js";

beforeAll(() => loadParser());

const INIT = "20250101000000_init";
const files = toolFiles(adDate);
const [PRE, BUILD, ATTACH] = files.map((f) => f.name) as [string, string, string];
const INDEX = adDate.name;

let clock = 0;
const next = () => new Date(Date.UTC(2026, 2, 1, 10, 0, clock++));
const applied = (name: string): MigrationRow => ({ name, startedAt: next(), finishedAt: next(), rolledBackAt: null, logs: null });
const failed = (name: string, code: string | null, message = ""): MigrationRow => ({
  name, startedAt: next(), finishedAt: null, rolledBackAt: null, logs: code === null ? null : p3018Logs(name, code, message),
});
const rolledBack = (r: MigrationRow): MigrationRow => ({ ...r, rolledBackAt: next() });

const DUPLICATE = 'could not create unique index "impression_counter_ad_id_impression_date_key"\nDETAIL: Key (ad_id, impression_date)=(5, 2026-01-01) is duplicated.';
const LOCK = "canceling statement due to lock timeout";
const CANCEL = "canceling statement due to user request";

function index(over: Partial<CatalogIndex> = {}): CatalogIndex {
  return { schema: "public", name: INDEX, table: "impression_counter", valid: false, ready: true, unique: true, columns: ["ad_id", "impression_date"], constraint: null, busyPid: null, phase: null, ...over };
}

const blocker: LockHolder = {
  pid: 4242, schema: "public", table: "impression_counter", mode: "AccessShareLock", state: "idle in transaction", user: "app", application: "worker", transactionSeconds: 754,
};

function input(rows: MigrationRow[], over: Partial<DoctorInput["catalog"]> = {}, folderFiles = files): DoctorInput {
  return {
    localFolders: [INIT, ...folderFiles.map((f) => f.name)],
    toolFolders: readToolFolders(folderFiles, "public"),
    rows: [applied(INIT), ...rows],
    catalog: { defaultSchema: "public", currentUser: "deployer", statementTimeout: "0", deployPid: null, indexes: [], lockHolders: [], ...over },
  };
}

const text = (f: Finding) => [f.title, ...f.details, ...f.next].join("\n");

describe("doctor: diagnosis", () => {
  it("all applied, or all pending: nothing needs attention", () => {
    const done = diagnose(input([applied(PRE), applied(BUILD), applied(ATTACH)], { indexes: [index({ valid: true, constraint: INDEX })] }));
    expect(done).toMatchObject({ attention: false, findings: [] });
    expect(done.migrations.map((m) => m.status)).toEqual(["applied", "applied", "applied"]);
    const fresh = diagnose(input([]));
    expect(fresh.attention).toBe(false);
    expect(fresh.migrations.map((m) => m.status)).toEqual(["pending", "pending", "pending"]);
  });

  it("a build failed on duplicates with an INVALID index: drop it, then mark the migration rolled back", () => {
    const d = diagnose(input([applied(PRE), failed(BUILD, "23505", DUPLICATE)], { indexes: [index()] }));
    expect(d.attention).toBe(true);
    expect(d.migrations[1]).toMatchObject({ status: "failed", cause: { kind: "duplicates", by: "build" } });
    const [finding] = d.findings;
    expect(finding).toMatchObject({ code: "failed", migration: BUILD, attention: true });
    expect(fixPlan(d)).toEqual([
      { kind: "drop-index", schema: "public", index: INDEX, table: "impression_counter" },
      { kind: "resolve-rolled-back", migration: BUILD },
    ]);
    const all = text(finding!);
    expect(all).toContain('table "impression_counter", key (ad_id, impression_date)');
    expect(all).toContain("Key (ad_id, impression_date)=(5, 2026-01-01) is duplicated.");
    expect(all).toContain(`DROP INDEX CONCURRENTLY "public"."${INDEX}";`);
    expect(all).toContain("npx prisma-concurrently duplicates");
    expect(finding!.next.at(-1)).toBe("`npx prisma migrate deploy`");
  });

  it("what an INVALID index still does depends on whether it became ready for writes", () => {
    const ready = text(diagnose(input([applied(PRE), failed(BUILD, "57014", CANCEL)], { indexes: [index()] })).findings[0]!);
    expect(ready).toContain("refuses any INSERT or UPDATE that would duplicate its key (error 23505 in the application) until it is dropped");
    expect(ready).not.toContain("never uses it");
    const notReady = text(diagnose(input([applied(PRE), failed(BUILD, "23505", DUPLICATE)], { indexes: [index({ ready: false })] })).findings[0]!);
    expect(notReady).toContain("It was never ready for writes: PostgreSQL neither reads nor updates it");
  });

  it("a build that a duplicate written during it stopped names the key and says when it came", () => {
    const arrived = 'duplicate key value violates unique constraint "x"\nDETAIL: Key (ad_id, impression_date)=(5, 2026-01-01) already exists.';
    const all = text(diagnose(input([applied(PRE), failed(BUILD, "23505", arrived)], { indexes: [index()] })).findings[0]!);
    expect(all).toContain('A row was written to table "impression_counter" during the build with the key of a row already there: Key (ad_id, impression_date)=(5, 2026-01-01) already exists.');
    expect(all).toContain("Remove the rows");
  });

  it("terminated by the server (57P01): interrupted, run it again after the cleanup", () => {
    const d = diagnose(input([applied(PRE), failed(BUILD, "57P01", "terminating connection due to administrator command")], { indexes: [index()] }));
    expect(d.findings[0]!.title).toBe(`${BUILD} failed: interrupted, the server ended the session (57P01).`);
    expect(text(d.findings[0]!)).toContain("the migration was interrupted, nothing refused it. Run it again.");
    expect(fixPlan(d)).toEqual([{ kind: "drop-index", schema: "public", index: INDEX, table: "impression_counter" }, { kind: "resolve-rolled-back", migration: BUILD }]);
  });

  it("42P07 after a resolve by hand that left the INVALID index: says what happened", () => {
    const d = diagnose(input([applied(PRE), rolledBack(failed(BUILD, "57014", CANCEL)), failed(BUILD, "42P07", `relation "${INDEX}" already exists`)], { indexes: [index()] }));
    const f = d.findings[0]!;
    expect(f.title).toBe(`${BUILD} failed: "${INDEX}" already existed (42P07).`);
    const all = text(f);
    expect(all).toContain("It stopped at once: \"" + INDEX + "\" already existed (42P07), so this run changed nothing.");
    expect(all).toContain(`An earlier attempt failed and was marked rolled back (\`prisma migrate resolve --rolled-back\`) while the INVALID index "public"."${INDEX}" it left was still there.`);
    expect(all).not.toContain("It left the INVALID index");
    expect(fixPlan(d)).toHaveLength(2);
  });

  it("a build that left no index (it failed before creating it): only the resolve", () => {
    const d = diagnose(input([applied(PRE), failed(BUILD, "55P03", LOCK)]));
    expect(fixPlan(d)).toEqual([{ kind: "resolve-rolled-back", migration: BUILD }]);
    expect(text(d.findings[0]!)).toContain(`It left no index behind: "${INDEX}" does not exist.`);
  });

  it("a build whose index finished after all is not rolled back: resolve --applied, by hand", () => {
    const d = diagnose(input([applied(PRE), failed(BUILD, null)], { indexes: [index({ valid: true })] }));
    expect(d.migrations[1]!.cause).toEqual({ kind: "interrupted" });
    expect(fixPlan(d)).toEqual([]);
    expect(text(d.findings[0]!)).toContain(`npx prisma migrate resolve --applied ${BUILD}`);
    const other = diagnose(input([applied(PRE), failed(BUILD, null)], { indexes: [index({ valid: true, columns: ["ad_id"] })] }));
    expect(text(other.findings[0]!)).toContain("it is not a unique index on the key (ad_id, impression_date)");
  });

  it("an INVALID index some backend is still working on is never dropped", () => {
    const d = diagnose(input([applied(PRE), failed(BUILD, null)], { indexes: [index({ busyPid: 777, phase: "building index: scanning table" })] }));
    expect(fixPlan(d)).toEqual([]);
    expect(text(d.findings[0]!)).toContain("Backend pid 777 is working on the index");
    expect(text(d.findings[0]!)).toContain("SELECT pg_cancel_backend(777);");
  });

  it("while a deploy holds Prisma's lock, an unfinished row is running, and --fix does nothing", () => {
    const d = diagnose(input([applied(PRE), failed(BUILD, null)], { deployPid: 99, indexes: [index({ busyPid: 99 })] }));
    expect(d.migrations[1]!.status).toBe("running");
    expect(d.findings).toMatchObject([{ code: "running", attention: false }]);
    expect(d.attention).toBe(false);
    const alsoFailed = diagnose(input([applied(PRE), failed(BUILD, "57014", CANCEL)], { deployPid: 99, indexes: [index()] }));
    expect(alsoFailed.findings[0]!.fix).toHaveLength(2);
    expect(fixPlan(alsoFailed)).toEqual([]);
  });

  it("a pre-check that found duplicates changed nothing: resolve only", () => {
    const report = 'prisma-concurrently: cannot add ImpressionCounter @@unique([adId, impressionDate]): table "impression_counter" has 1 duplicate key groups on (ad_id, impression_date) (2 surplus rows). Largest groups (key x rows):\n  (\'5\', \'2026-01-01\') x 3\nNothing was changed.';
    const d = diagnose(input([failed(PRE, "23505", report)]));
    expect(fixPlan(d)).toEqual([{ kind: "resolve-rolled-back", migration: PRE }]);
    const all = text(d.findings[0]!);
    expect(all).toContain('the duplicate pre-check of table "impression_counter", key (ad_id, impression_date)');
    expect(all).toContain("1 duplicate key groups on (ad_id, impression_date) (2 surplus rows)");
    expect(all).toContain("The pre-check only reads: nothing was changed.");
  });

  it("duplicates found then and counted again now: none left means resolve and deploy, never 'remove the rows'", () => {
    const report = 'prisma-concurrently: cannot add ImpressionCounter @@unique([adId, impressionDate]): table "impression_counter" has 1 duplicate key groups on (ad_id, impression_date) (2 surplus rows). Largest groups (key x rows):\n  (\'5\', \'2026-01-01\') x 3\nNothing was changed.';
    const now = (groups: number | null) => ({ schema: "public", table: "impression_counter", columns: ["ad_id", "impression_date"], groups, error: groups === null ? "it took longer than 60s" : null });
    const before = diagnose(input([failed(PRE, "23505", report)]));
    expect(duplicateTargets(before)).toEqual([expect.objectContaining({ table: "impression_counter", columns: ["ad_id", "impression_date"] })]);
    const gone = diagnose({ ...input([failed(PRE, "23505", report)]), duplicatesNow: [now(0)] });
    const all = text(gone.findings[0]!);
    expect(all).toContain('Table "impression_counter" held rows that shared a key'); // then, in the past: it no longer does
    expect(all).toContain("That was when the migration ran. Counted again just now: no two rows of table \"impression_counter\" share the key (ad_id, impression_date) any more.");
    expect(all).not.toContain("Remove the rows");
    expect(gone.findings[0]!.next).toEqual(["`npx prisma-concurrently doctor --fix`, or by hand:", `  npx prisma migrate resolve --rolled-back ${PRE}`, "`npx prisma migrate deploy`"]);
    const left = text(diagnose({ ...input([failed(PRE, "23505", report)]), duplicatesNow: [now(2)] }).findings[0]!);
    expect(left).toContain("Counted again just now: 2 duplicate key groups remain.");
    expect(left).toContain("Remove the rows");
    expect(text(diagnose({ ...input([failed(PRE, "23505", report)]), duplicatesNow: [now(null)] }).findings[0]!)).toContain("could not be counted again just now (it took longer than 60s)");
    // Rolled back and pending: with the duplicates gone nothing stands in the way of the deploy.
    const retry = diagnose({ ...input([rolledBack(failed(PRE, "23505", report))]), duplicatesNow: [now(0)] });
    expect(retry.attention).toBe(false);
    expect(retry.findings[0]!.next).toEqual(["`npx prisma migrate deploy`"]);
  });

  it("an attach that timed out on its lock names the sessions holding the table", () => {
    const d = diagnose(input([applied(PRE), applied(BUILD), failed(ATTACH, "55P03", LOCK)], { indexes: [index({ valid: true })], lockHolders: [blocker] }));
    expect(fixPlan(d)).toEqual([{ kind: "resolve-rolled-back", migration: ATTACH }]);
    const all = text(d.findings[0]!);
    expect(all).toContain(`attaching "${INDEX}" as a UNIQUE constraint of table "impression_counter", key (ad_id, impression_date)`);
    expect(all).toContain('pid 4242 (idle in transaction, transaction open 13 min, user "app", application "worker") holds AccessShareLock on table "impression_counter"');
    expect(all).toContain("SELECT pg_terminate_backend(4242);");
  });

  it("an attach whose retrying lock step ran out of budget: how it waited, who held the table then and now, the next commands", () => {
    const gaveUp = [
      "prisma-concurrently: gave up waiting for its lock after 17 attempts (lock_timeout 200ms each) in 60 s: another transaction kept impression_counter locked",
      "DETAIL: pid 4242 holds AccessShareLock on impression_counter, transaction open 75 s (idle in transaction): SELECT 1 FROM impression_counter LIMIT 1",
      "HINT: Nothing was changed.",
    ].join("\n");
    const d = diagnose(input([applied(PRE), applied(BUILD), failed(ATTACH, "55P03", gaveUp)], { indexes: [index({ valid: true })], lockHolders: [blocker] }));
    expect(fixPlan(d)).toEqual([{ kind: "resolve-rolled-back", migration: ATTACH }]);
    const all = text(d.findings[0]!);
    expect(d.findings[0]!.title).toContain("lock wait budget ran out");
    expect(all).toContain(`It tried 17 times in 60 s to get its brief ACCESS EXCLUSIVE lock on table "impression_counter", each attempt waiting at most 200ms (lockAttemptTimeout)`);
    expect(all).toContain("When it gave up, another transaction held the table:\n  pid 4242 holds AccessShareLock on impression_counter, transaction open 75 s (idle in transaction): SELECT 1 FROM impression_counter LIMIT 1");
    expect(all).toContain('pid 4242 (idle in transaction, transaction open 13 min, user "app", application "worker") holds AccessShareLock on table "impression_counter"');
    expect(all).toContain(`npx prisma migrate resolve --rolled-back ${ATTACH}`);
    expect(all).not.toContain("Failing fast");
  });

  it("an attach whose constraint exists took effect (split mode): resolve --applied, not rolled back", () => {
    const d = diagnose(input([applied(PRE), applied(BUILD), failed(ATTACH, "57014", CANCEL)], { indexes: [index({ valid: true, constraint: INDEX })] }));
    expect(fixPlan(d)).toEqual([]);
    expect(text(d.findings[0]!)).toContain(`npx prisma migrate resolve --applied ${ATTACH}`);
  });

  it("an attach over a missing or INVALID index cannot succeed by running again: no fix", () => {
    for (const indexes of [[], [index()]]) {
      const d = diagnose(input([applied(PRE), applied(BUILD), failed(ATTACH, "42704", `index "${INDEX}" does not exist`)], { indexes }));
      expect(fixPlan(d)).toEqual([]);
      expect(text(d.findings.find((f) => f.migration === ATTACH)!)).toContain("so the attach cannot succeed");
    }
  });

  it("a drop step is rolled back only while its constraint is still there", () => {
    const sql = `SET lock_timeout = '5s';\nALTER TABLE "impression_counter" DROP CONSTRAINT "${INDEX}";\nRESET lock_timeout;\n`;
    const drop = { name: "20260401000000_concurrently_drop_unique_impression_counter_ad_id_impression_date", sql };
    const withDrop = [...files, drop];
    const rows = [applied(PRE), applied(BUILD), applied(ATTACH), failed(drop.name, "55P03", LOCK)];
    const still = diagnose(input(rows, { indexes: [index({ valid: true, constraint: INDEX })] }, withDrop));
    expect(fixPlan(still)).toEqual([{ kind: "resolve-rolled-back", migration: drop.name }]);
    expect(text(still.findings[0]!)).toContain(`dropping the UNIQUE constraint "${INDEX}" from table "impression_counter", key (ad_id, impression_date)`);
    const gone = diagnose(input(rows, {}, withDrop));
    expect(fixPlan(gone)).toEqual([]);
    expect(text(gone.findings[0]!)).toContain(`npx prisma migrate resolve --applied ${drop.name}`);
  });

  it("rolled back and applied on a later attempt: nothing to say", () => {
    const d = diagnose(input([applied(PRE), rolledBack(failed(BUILD, "23505", DUPLICATE)), applied(BUILD), applied(ATTACH)], { indexes: [index({ valid: true, constraint: INDEX })] }));
    expect(d.findings).toEqual([]);
    expect(d.migrations[1]).toMatchObject({ status: "applied", rolledBackAttempts: 1, cause: null });
  });

  it("rolled back and pending: attention while the cause is likely still there", () => {
    const pending = (code: string, message: string, over: Partial<DoctorInput["catalog"]> = {}) =>
      diagnose(input([applied(PRE), rolledBack(failed(BUILD, code, message))], over)).findings;
    expect(pending("23505", DUPLICATE)).toMatchObject([{ code: "retry-pending", attention: true, fix: [] }]);
    expect(pending("57014", CANCEL)).toMatchObject([{ code: "retry-pending", attention: false }]);
    expect(pending("57014", "canceling statement due to statement timeout")).toMatchObject([{ attention: false }]);
    const timeout = pending("57014", "canceling statement due to statement timeout", { statementTimeout: "30s" });
    expect(timeout).toMatchObject([{ attention: true }]);
    expect(text(timeout[0]!)).toContain('ALTER ROLE "deployer" SET statement_timeout = 0;');
    expect(pending("55P03", LOCK)).toMatchObject([{ attention: false }]);
    expect(pending("55P03", LOCK, { lockHolders: [blocker] })).toMatchObject([{ attention: true }]);
  });

  it("rolled back without dropping the INVALID index: --fix drops it so the next deploy can build", () => {
    const d = diagnose(input([applied(PRE), rolledBack(failed(BUILD, "57014", CANCEL))], { indexes: [index()] }));
    expect(d.findings).toMatchObject([{ code: "index-exists", attention: true }]);
    expect(fixPlan(d)).toEqual([{ kind: "drop-index", schema: "public", index: INDEX, table: "impression_counter" }]);
    expect(d.findings[0]!.title).toContain('would stop with "relation already exists"');
  });

  it("a pending build whose index already exists and is valid: reported, never dropped", () => {
    const d = diagnose(input([applied(PRE)], { indexes: [index({ valid: true })] }));
    expect(d.findings).toMatchObject([{ code: "index-exists", attention: true, fix: [] }]);
    expect(text(d.findings[0]!)).toContain(`npx prisma migrate resolve --applied ${BUILD}`);
  });

  it("a build recorded as applied over an INVALID index: the key is not enforced; reported, not fixed", () => {
    const d = diagnose(input([applied(PRE), applied(BUILD)], { indexes: [index()] }));
    expect(d.findings).toMatchObject([{ code: "applied-invalid", attention: true, fix: [] }]);
    expect(text(d.findings[0]!)).toContain(`npx prisma db execute --file prisma/migrations/${BUILD}/migration.sql`);
  });

  it("INVALID indexes no folder of this tool creates: reported, never touched", () => {
    const other = index({ name: "Click_ad_id_idx", table: "Click", columns: ["ad_id"], unique: false });
    const d = diagnose(input([applied(PRE), applied(BUILD), applied(ATTACH)], { indexes: [index({ valid: true, constraint: INDEX }), other, index({ name: "x_ccnew", busyPid: 5 })] }));
    expect(d.findings).toMatchObject([
      { code: "invalid-index", attention: true, fix: [] },
      { code: "invalid-index", attention: false, fix: [] },
    ]);
    expect(d.findings[0]!.title).toBe('INVALID index "public"."Click_ad_id_idx" on table "public.Click", key (ad_id): no migration of prisma-concurrently creates it.');
    expect(fixPlan(d)).toEqual([]);
  });

  it("failed migrations outside this tool's folders: reported with Prisma's own commands", () => {
    const lost = "20260301100009_concurrently_index_unique_lost_key";
    const d = diagnose(input([failed(INIT.replace("init", "other"), "42601", 'syntax error at or near "x"'), failed(lost, "57014", CANCEL)]));
    expect(d.findings.map((f) => [f.code, f.attention, f.fix.length])).toEqual([
      ["other-failed", true, 0],
      ["missing-folder", true, 0],
    ]);
    expect(text(d.findings[0]!)).toContain('PostgreSQL error 42601: syntax error at or near "x"');
  });

  it("a folder whose SQL was edited: explained, nothing fixed", () => {
    const edited = files.map((f) => (f.name === BUILD ? { ...f, sql: "SELECT 1;" } : f));
    const d = diagnose(input([applied(PRE), failed(BUILD, "57014", CANCEL)], { indexes: [index()] }, edited));
    expect(fixPlan(d)).toEqual([]);
    expect(text(d.findings[0]!)).toContain("no CREATE [UNIQUE] INDEX CONCURRENTLY statement");
  });

  it("every finding about a unique names its table, its key and a next step", () => {
    const scenarios: DoctorInput[] = [
      input([failed(PRE, "23505", "prisma-concurrently: cannot add X")]),
      input([applied(PRE), failed(BUILD, "23505", DUPLICATE)], { indexes: [index()] }),
      input([applied(PRE), failed(BUILD, "57014", CANCEL)]),
      input([applied(PRE), failed(BUILD, "57014", "canceling statement due to statement timeout")], { statementTimeout: "1s", indexes: [index()] }),
      input([applied(PRE), applied(BUILD), failed(ATTACH, "55P03", LOCK)], { indexes: [index({ valid: true })], lockHolders: [blocker] }),
      input([applied(PRE), rolledBack(failed(BUILD, "23505", DUPLICATE))]),
      input([applied(PRE), rolledBack(failed(BUILD, "57014", CANCEL))], { indexes: [index()] }),
      input([applied(PRE), applied(BUILD)], { indexes: [index()] }),
    ];
    for (const scenario of scenarios) {
      const [finding] = diagnose(scenario).findings;
      expect(finding, JSON.stringify(scenario.rows.at(-1))).toBeDefined();
      const all = text(finding!);
      expect(all).toContain('table "impression_counter"');
      expect(all).toMatch(/key \(ad_id, impression_date\)/);
      expect(finding!.next.length).toBeGreaterThan(0);
    }
  });

  it("a concurrent build of a plain index (create_index) that was cancelled: drop its INVALID index, then resolve", () => {
    const build = { schema: "public", table: "Click", qualified: false, name: "Click_clicked_at_idx", statement: 'CREATE INDEX CONCURRENTLY "Click_clicked_at_idx" ON "Click"("clicked_at");', source: "Click @@index([clickedAt])" };
    const folders = renderPlan({ steps: [{ kind: "create-index", index: build }], skipped: [] }, { now: new Date("2026-03-01T10:00:00Z"), existing: [INIT] })
      .map((f) => ({ name: f.name, sql: f.sql }));
    const name = folders[0]!.name;
    expect(readToolFolders(folders, "public")[0]).toMatchObject({ kind: "build", target: { table: "Click", index: "Click_clicked_at_idx", columns: ["clicked_at"] } });
    const invalid = index({ name: "Click_clicked_at_idx", table: "Click", unique: false, columns: ["clicked_at"] });
    const d = diagnose(input([failed(name, "57014", CANCEL)], { indexes: [invalid] }, folders));
    expect(fixPlan(d)).toEqual([{ kind: "drop-index", schema: "public", index: "Click_clicked_at_idx", table: "Click" }, { kind: "resolve-rolled-back", migration: name }]);
  });
});

describe("doctor: the index drop and rename folders", () => {
  const target = { schema: "public", table: "post", name: "post_title_idx", qualified: false };
  const TEMPORARY = "post_title_idx_pcc_0a1b2c3d";
  const indexFiles = renderPlan(
    { steps: [{ kind: "drop-index", index: { ...target, name: "post_body_idx" } }, { kind: "retire-index", index: target, temporary: TEMPORARY, source: "Post" }, { kind: "rename-index", index: target, temporary: TEMPORARY, source: "Post" }], skipped: [] },
    { now: new Date("2026-03-01T10:00:00Z"), existing: [INIT] },
  ).map((f) => ({ name: f.name, sql: f.sql }));
  const [DROP, RETIRE, RENAME] = indexFiles.map((f) => f.name) as [string, string, string];
  const plain = (name: string, over: Partial<CatalogIndex> = {}) => index({ name, table: "post", unique: false, valid: true, columns: ["title"], ...over });
  const postHolder: LockHolder = { ...blocker, table: "post" };

  it("reads the index of each folder from its migration.sql; the rename's both names", () => {
    const folders = readToolFolders(indexFiles, "public");
    expect(folders.map((f) => [f.kind, f.target?.index, f.target?.renamedTo])).toEqual([
      ["drop-index", "post_body_idx", undefined],
      ["drop-index", "post_title_idx", undefined],
      ["rename-index", TEMPORARY, "post_title_idx"],
    ]);
  });

  it("a failed DROP INDEX CONCURRENTLY that left the index INVALID: resolve and deploy drop it again", () => {
    const d = diagnose(input([failed(DROP, "57014", CANCEL)], { indexes: [plain("post_body_idx", { valid: false })] }, indexFiles));
    const f = d.findings[0]!;
    expect(f).toMatchObject({ code: "failed", migration: DROP, attention: true });
    expect(d.findings).toHaveLength(1); // the INVALID index is this migration's, not a stray one
    expect(fixPlan(d)).toEqual([{ kind: "resolve-rolled-back", migration: DROP }]);
    expect(text(f)).toContain(`Prisma Migrate stopped at DROP INDEX CONCURRENTLY of "public"."post_body_idx" on table "post"`);
    expect(text(f)).toContain('It left the index "public"."post_body_idx" INVALID');
    expect(f.next.at(-1)).toBe("`npx prisma migrate deploy`");
  });

  it("a failed retire whose index is gone took effect: resolve --applied, by hand", () => {
    const d = diagnose(input([failed(RETIRE, null)], { indexes: [plain(TEMPORARY)] }, indexFiles.slice(1)));
    expect(fixPlan(d)).toEqual([]);
    expect(text(d.findings[0]!)).toContain(`npx prisma migrate resolve --applied ${RETIRE}`);
    expect(text(d.findings[0]!)).toContain('"public"."post_title_idx" no longer exists');
  });

  it("a rename that timed out on its lock changed nothing: names its lock and the holder, resolve and deploy", () => {
    const d = diagnose(input([applied(RETIRE), failed(RENAME, "55P03", LOCK)], { indexes: [plain(TEMPORARY)], lockHolders: [postHolder] }, indexFiles.slice(1)));
    const f = d.findings[0]!;
    expect(fixPlan(d)).toEqual([{ kind: "resolve-rolled-back", migration: RENAME }]);
    const all = text(f);
    expect(all).toContain(`renaming the index "public"."${TEMPORARY}" to "post_title_idx" on table "post"`);
    expect(all).toContain(`It waited longer than lock_timeout for its SHARE UPDATE EXCLUSIVE on the index "${TEMPORARY}"`);
    expect(all).toContain("Nothing was changed");
    expect(all).toContain("pid 4242");
  });

  it("a rename that took effect (only the new name exists): resolve --applied, by hand", () => {
    const d = diagnose(input([applied(RETIRE), failed(RENAME, null)], { indexes: [plain("post_title_idx")] }, indexFiles.slice(1)));
    expect(fixPlan(d)).toEqual([]);
    expect(text(d.findings[0]!)).toContain("the rename took effect");
    expect(text(d.findings[0]!)).toContain(`npx prisma migrate resolve --applied ${RENAME}`);
  });
});

describe("doctor: a unique changed under its name (swap_unique, attach USING the temporary index)", () => {
  const target = { schema: "public", table: "post", name: "post_key", qualified: false };
  const TEMPORARY = "post_key_pcc_0a1b2c3d";
  const unique = { ...target, columns: [{ name: "b", desc: false }, { name: "a", desc: false }], source: { model: "Post", fields: [], onField: false, map: "post_key" } };
  const rebuild = { ...target, name: TEMPORARY, statement: `CREATE UNIQUE INDEX CONCURRENTLY "${TEMPORARY}" ON "post"("b", "a");`, source: "Post" };
  const files = (last: "swap" | "attach") => renderPlan(
    {
      steps: [
        { kind: "rebuild-index", index: rebuild, name: "post_key" },
        last === "swap" ? { kind: "swap-unique", index: target, temporary: TEMPORARY, source: "Post" } : { kind: "attach", unique, usingIndex: TEMPORARY },
      ],
      skipped: [],
    },
    { now: new Date("2026-03-01T10:00:00Z"), existing: [INIT] },
  ).map((f) => ({ name: f.name, sql: f.sql }));
  const swapFiles = files("swap");
  const [REBUILD, SWAP] = swapFiles.map((f) => f.name) as [string, string];
  const uniqueIndex = (name: string, over: Partial<CatalogIndex> = {}) => index({ name, table: "post", valid: true, columns: ["b", "a"], ...over });

  it("reads the constraint and the index it takes; the key columns from the rebuild", () => {
    expect(readToolFolders(swapFiles, "public").map((f) => [f.kind, f.target?.index, f.target?.usingIndex, f.target?.columns])).toEqual([
      ["build", TEMPORARY, undefined, ["b", "a"]],
      ["attach", "post_key", TEMPORARY, ["b", "a"]],
    ]);
  });

  it("a swap that timed out changed nothing while the temporary index is there (the old constraint still holds the name): resolve and deploy", () => {
    const indexes = [uniqueIndex("post_key", { columns: ["a", "b"], constraint: "post_key" }), uniqueIndex(TEMPORARY)];
    const d = diagnose(input([applied(REBUILD), failed(SWAP, "55P03", LOCK)], { indexes }, swapFiles));
    expect(fixPlan(d)).toEqual([{ kind: "resolve-rolled-back", migration: SWAP }]);
    expect(text(d.findings[0]!)).toContain(`Nothing was changed: "${TEMPORARY}" is still a plain unique index, not a constraint.`);
  });

  it("a swap that took effect (the temporary index renamed to the constraint's name): resolve --applied", () => {
    const d = diagnose(input([applied(REBUILD), failed(SWAP, null)], { indexes: [uniqueIndex("post_key", { constraint: "post_key" })] }, swapFiles));
    expect(fixPlan(d)).toEqual([]);
    expect(text(d.findings[0]!)).toContain(`npx prisma migrate resolve --applied ${SWAP}`);
  });

  it("an attach USING the temporary index after the old one was retired: names the temporary index, not the retired name", () => {
    const attachFiles = files("attach");
    const ATTACH_USING = attachFiles[1]!.name;
    const d = diagnose(input([applied(attachFiles[0]!.name), failed(ATTACH_USING, "55P03", LOCK)], { indexes: [uniqueIndex(TEMPORARY)] }, attachFiles));
    expect(fixPlan(d)).toEqual([{ kind: "resolve-rolled-back", migration: ATTACH_USING }]);
    const invalid = diagnose(input([applied(attachFiles[0]!.name), failed(ATTACH_USING, null)], { indexes: [uniqueIndex(TEMPORARY, { valid: false })] }, attachFiles));
    expect(text(invalid.findings.find((f) => f.migration === ATTACH_USING)!)).toContain(`The index "public"."${TEMPORARY}" it attaches is INVALID`);
  });
});
