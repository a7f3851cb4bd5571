import { beforeAll, describe, expect, it } from "vitest";
import { loadParser, parseStatements } from "../sql/parse.js";
import { replayHistory } from "../core/replay.js";
import { durationMs } from "../sql/pg-duration.js";
import { LOCK_STEP_LABEL, lockStep, lockStepStatements, withLockStepsOpened } from "./sql-shapes.js";

beforeAll(loadParser);

const ctx = { folder: "20260301100002_concurrently_attach_unique_t_a_key", lock: { attemptTimeout: "200ms", retryBudget: "1min" } };
const attach = 'ALTER TABLE "t" ADD CONSTRAINT "t_a_key" UNIQUE USING INDEX "t_a_key";';

describe("the retrying lock step's SQL", () => {
  it("is one DO block (one statement in either engine script mode) that runs the statement in each attempt", () => {
    const sql = lockStep(ctx, attach);
    const statements = parseStatements(sql);
    expect(statements.map((s) => s.kind)).toEqual(["DoStmt"]);
    expect(lockStepStatements(statements[0]!)!.map((s) => s.text)).toEqual(['ALTER TABLE "t" ADD CONSTRAINT "t_a_key" UNIQUE USING INDEX "t_a_key"']);
    // The attempt: a short lock_timeout in a subtransaction that catches lock_not_available; then backoff, within the budget.
    expect(sql).toContain("attempt_timeout CONSTANT text := '200ms';");
    expect(sql).toContain("interval '60000 milliseconds'");
    expect(sql).toContain("PERFORM set_config('lock_timeout', attempt_timeout, true);");
    expect(sql).toContain("EXCEPTION WHEN lock_not_available THEN");
    expect(sql).toContain("pg_sleep(");
    expect(sql).toContain("ERRCODE = 'lock_not_available'");
    // Its error names the folder in the next command, and reads who holds the tables the statement names.
    expect(sql).toContain(`npx prisma migrate resolve --rolled-back ${ctx.folder}`);
    expect(sql).toContain(`relations CONSTANT regclass[] := ARRAY[to_regclass('"t"')]::regclass[];`);
  });

  it("names every relation of its statements for the holder report: both tables of a foreign key, a schema-qualified one", () => {
    const sql = lockStep(ctx, 'ALTER TABLE "billing"."Invoice" ADD CONSTRAINT "fk" FOREIGN KEY ("adId") REFERENCES "Ad"("id") NOT VALID;');
    expect(sql).toContain(`ARRAY[to_regclass('"billing"."Invoice"'), to_regclass('"Ad"')]::regclass[]`);
  });

  it("runs several statements under the lock the first one takes, in order", () => {
    const sql = lockStep(ctx, 'ALTER TABLE "t" ALTER COLUMN "a" SET NOT NULL;', 'ALTER TABLE "t" DROP CONSTRAINT "t_a_not_null";');
    expect(withLockStepsOpened(parseStatements(sql)).map((s) => s.text)).toEqual([
      'ALTER TABLE "t" ALTER COLUMN "a" SET NOT NULL',
      'ALTER TABLE "t" DROP CONSTRAINT "t_a_not_null"',
    ]);
  });

  it("keeps a statement over several lines as written (a line may be inside a string literal)", () => {
    const check = `ALTER TABLE "t" ADD CONSTRAINT "c" CHECK ("a" <> 'x\n  y') NOT VALID;`;
    expect(withLockStepsOpened(parseStatements(lockStep(ctx, check))).map((s) => s.text)).toEqual([check.slice(0, -1)]);
  });

  it("takes another dollar-quote tag when a name holds its own", () => {
    const sql = lockStep(ctx, 'ALTER TABLE "x$lock_step$y" DROP CONSTRAINT "c";');
    expect(sql).toContain("DO $lock_step_1$");
    expect(withLockStepsOpened(parseStatements(sql)).map((s) => s.text)).toEqual(['ALTER TABLE "x$lock_step$y" DROP CONSTRAINT "c"']);
  });

  it("places the opened statements at the line of the statement in the file", () => {
    const sql = `-- header\n--\n${lockStep(ctx, attach)}`;
    const [opened] = withLockStepsOpened(parseStatements(sql));
    expect(sql.split("\n")[opened!.line - 1]).toContain(attach);
  });
});

describe("reading a lock step back (by PostgreSQL's parsers, not by its text)", () => {
  it("any other DO block is not one: a plain one, one with the label in another language, one without an attempt", () => {
    const plain = parseStatements("DO $$ BEGIN ALTER TABLE t ADD COLUMN x int; END $$;")[0]!;
    expect(lockStepStatements(plain)).toBeNull();
    const noAttempt = parseStatements(`DO $$ <<${LOCK_STEP_LABEL}>> BEGIN ALTER TABLE t ADD COLUMN x int; END $$;`)[0]!;
    expect(lockStepStatements(noAttempt)).toBeNull();
    const otherLanguage = parseStatements(`DO LANGUAGE plperl $$ my $x = 1; $$;`)[0]!;
    expect(lockStepStatements(otherLanguage)).toBeNull();
    expect(lockStepStatements(parseStatements("SELECT 1;")[0]!)).toBeNull();
  });

  it("the replay follows what a lock step does and does not report it; another DO block stays unfollowed", () => {
    const init = { name: "20250101000000_init", sql: 'CREATE TABLE "t" ("id" SERIAL NOT NULL, "a" INTEGER, CONSTRAINT "t_pkey" PRIMARY KEY ("id"));' };
    const build = { name: "20260301100001_concurrently_index_unique_t_a_key", sql: 'CREATE UNIQUE INDEX CONCURRENTLY "t_a_key" ON "t"("a");' };
    const attachFolder = { name: ctx.folder, sql: `-- header\n${lockStep(ctx, attach)}` };
    const { state, warnings } = replayHistory([init, build, attachFolder]);
    expect(warnings).toEqual([]);
    expect(state.unfollowed).toEqual([]);
    expect([...state.indexes.values()].find((i) => i.name === "t_a_key")).toMatchObject({ constraint: "unique", origin: ctx.folder });

    const drop = { name: "20260301100003_concurrently_drop_unique_t_a_key", sql: lockStep({ ...ctx, folder: "x" }, 'ALTER TABLE "t" DROP CONSTRAINT "t_a_key";') };
    expect([...replayHistory([init, build, attachFolder, drop]).state.indexes.keys()].some((k) => k.includes("t_a_key"))).toBe(false);

    const foreign = { name: "20260301100004_by_hand", sql: "DO $$ BEGIN ALTER TABLE t ADD COLUMN x int; END $$;" };
    expect(replayHistory([init, foreign]).state.unfollowed).toMatchObject([{ migration: foreign.name, what: "a DO block" }]);
  });
});

describe("durations", () => {
  it("in milliseconds, a bare number being milliseconds as for lock_timeout", () => {
    expect(["200ms", "5s", "1min", "2h", "1d", "500"].map(durationMs)).toEqual([200, 5_000, 60_000, 7_200_000, 86_400_000, 500]);
  });
});
