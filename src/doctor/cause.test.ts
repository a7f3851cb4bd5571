import { describe, expect, it } from "vitest";
import { classifyFailure, loggedError } from "./cause.js";
import { p3018Logs } from "./test-helpers.js";

const build = "20260301100001_concurrently_index_unique_impression_counter_ad_id_impression_date";

describe("doctor: why a migration failed, from its logs", () => {
  it("a build that met duplicate keys, with the key PostgreSQL names", () => {
    const logs = p3018Logs(build, "23505", 'could not create unique index "impression_counter_ad_id_impression_date_key"\nDETAIL: Key (ad_id, impression_date)=(5, 2026-01-01) is duplicated.');
    expect(loggedError(logs)).toEqual({
      code: "23505",
      message: 'could not create unique index "impression_counter_ad_id_impression_date_key"\nDETAIL: Key (ad_id, impression_date)=(5, 2026-01-01) is duplicated.',
    });
    expect(classifyFailure(logs)).toEqual({ kind: "duplicates", by: "build", detail: "Key (ad_id, impression_date)=(5, 2026-01-01) is duplicated." });
  });

  it("a build whose last pass met a row written during the build: the key, and that it arrived then", () => {
    const logs = p3018Logs(build, "23505", 'duplicate key value violates unique constraint "impression_counter_ad_id_impression_date_key"\nDETAIL: Key (ad_id, impression_date)=(5, 2026-01-01) already exists.');
    expect(classifyFailure(logs)).toEqual({ kind: "duplicates", by: "build", detail: "Key (ad_id, impression_date)=(5, 2026-01-01) already exists.", arrived: true });
  });

  it("a session the server ended (57P01) was interrupted; 42P07 names what already existed", () => {
    expect(classifyFailure(p3018Logs(build, "57P01", "terminating connection due to administrator command"))).toEqual({ kind: "interrupted", code: "57P01" });
    expect(classifyFailure(p3018Logs(build, "42P07", 'relation "impression_counter_ad_id_impression_date_key" already exists'))).toEqual({
      kind: "already-exists", relation: "impression_counter_ad_id_impression_date_key",
    });
  });

  it("the pre-check's own report, with its counts and largest groups", () => {
    const message =
      'prisma-concurrently: cannot add ImpressionCounter @@unique([adId, impressionDate]): table "impression_counter" has 2 duplicate key groups on (ad_id, impression_date) (3 surplus rows). Largest groups (key x rows):\n' +
      "  ('5', '2026-01-01') x 3\n  ('7', '2026-01-02') x 2\nNothing was changed. Next: `npx prisma-concurrently duplicates` reports them.";
    expect(classifyFailure(p3018Logs("x_concurrently_precheck_unique_y", "23505", message))).toEqual({
      kind: "duplicates",
      by: "precheck",
      detail: "2 duplicate key groups on (ad_id, impression_date) (3 surplus rows). Largest groups (key x rows):\n  ('5', '2026-01-01') x 3\n  ('7', '2026-01-02') x 2",
    });
  });

  it("a foreign key's orphan pre-check and a VALIDATE that met a row without its referenced row (not duplicates)", () => {
    const report =
      'prisma-concurrently: cannot add the foreign key "Click_source_ad_id_fkey" (Click.sourceAd @relation(fields: [sourceAdId], references: [id])): table "Click" has 5 rows whose key (source_ad_id) has no row in "Ad" (id) (2 distinct keys). Most frequent missing keys (key x rows):\n' +
      "  ('9999') x 4\n  ('9998') x 1\nNothing was changed. Find the rows with: SELECT …";
    expect(classifyFailure(p3018Logs("x_concurrently_precheck_fk_y", "23503", report))).toEqual({
      kind: "orphans", by: "precheck",
      detail: "5 rows whose key (source_ad_id) has no row in \"Ad\" (id) (2 distinct keys). Most frequent missing keys (key x rows):\n  ('9999') x 4\n  ('9998') x 1",
    });
    const validate = 'insert or update on table "Click" violates foreign key constraint "Click_source_ad_id_fkey"\nDETAIL: Key (source_ad_id)=(9999) is not present in table "Ad".';
    expect(classifyFailure(p3018Logs("x_concurrently_validate_fk_y", "23503", validate))).toEqual({
      kind: "orphans", by: "validate", detail: 'Key (source_ad_id)=(9999) is not present in table "Ad".',
    });
  });

  it("lock timeout, cancel and statement timeout", () => {
    expect(classifyFailure(p3018Logs(build, "55P03", "canceling statement due to lock timeout"))).toEqual({ kind: "lock-timeout" });
    expect(classifyFailure(p3018Logs(build, "57014", "canceling statement due to user request"))).toEqual({ kind: "cancelled" });
    expect(classifyFailure(p3018Logs(build, "57014", "canceling statement due to statement timeout"))).toEqual({ kind: "statement-timeout" });
  });

  it("the retrying lock step's own 55P03: attempts, each attempt's lock_timeout, seconds, and every session that held the table", () => {
    const attach = "20260301100002_concurrently_attach_unique_impression_counter_ad_id_impression_date";
    const logs = p3018Logs(attach, "55P03", [
      "prisma-concurrently: gave up waiting for its lock after 17 attempts (lock_timeout 200ms each) in 60 s: another transaction kept impression_counter locked",
      "DETAIL: pid 4242 holds AccessShareLock on impression_counter, transaction open 75 s (idle in transaction): SELECT 1 FROM impression_counter LIMIT 1",
      "pid 4343 holds RowExclusiveLock on impression_counter, transaction open 61 s (active): UPDATE impression_counter SET counter = counter + 1",
      `HINT: Nothing was changed; queries queued behind it waited at most 200ms at a time. End the transaction(s) above or wait for them (\`SELECT pg_terminate_backend(4242);\` ends one), then \`npx prisma migrate resolve --rolled-back ${attach}\` and \`npx prisma migrate deploy\`.`,
    ].join("\n"));
    expect(classifyFailure(logs)).toEqual({
      kind: "lock-timeout",
      retried: {
        attempts: 17, attemptTimeout: "200ms", seconds: 60,
        holders: [
          "pid 4242 holds AccessShareLock on impression_counter, transaction open 75 s (idle in transaction): SELECT 1 FROM impression_counter LIMIT 1",
          "pid 4343 holds RowExclusiveLock on impression_counter, transaction open 61 s (active): UPDATE impression_counter SET counter = counter + 1",
        ],
      },
    });
  });

  it("no logs: the deploy stopped without recording an error", () => {
    expect(classifyFailure(null)).toEqual({ kind: "interrupted" });
    expect(classifyFailure("  ")).toEqual({ kind: "interrupted" });
  });

  it("anything else keeps its SQLSTATE and first line", () => {
    expect(classifyFailure(p3018Logs(build, "25001", "CREATE INDEX CONCURRENTLY cannot run inside a transaction block"))).toEqual({
      kind: "other", code: "25001", message: "CREATE INDEX CONCURRENTLY cannot run inside a transaction block",
    });
    expect(classifyFailure(p3018Logs(build, "57014", "canceling statement due to conflict with recovery"))).toMatchObject({ kind: "other", code: "57014" });
    // Logs in another shape: the SQLSTATE from the DbError dump, the first meaningful line as message.
    expect(classifyFailure('db error: ERROR: deadlock detected\nDbError { code: SqlState(E40P01) }')).toEqual({
      kind: "other", code: "40P01", message: "deadlock detected",
    });
  });

  it("NOT NULL: the NULL pre-check's report (23502) and a VALIDATE that met NULLs (23514 on this tool's check)", () => {
    const precheck = "20260301100000_concurrently_precheck_not_null_click_label";
    const report = 'prisma-concurrently: cannot make "label" of "Click" NOT NULL (Click.label (now required)): 3 rows have NULL there. First of them (id):\n  (\'1\')\nNothing was changed. Next: …';
    expect(classifyFailure(p3018Logs(precheck, "23502", report))).toEqual({ kind: "null-rows", by: "precheck", detail: '3 rows have NULL in "label" of "Click"' });
    const validate = "20260301100002_concurrently_validate_not_null_click_label";
    expect(classifyFailure(p3018Logs(validate, "23514", 'check constraint "Click_label_pcc_nn_0123abcd" of relation "Click" is violated by some row'))).toEqual({
      kind: "null-rows", by: "validate", detail: '"Click" has rows where the column is NULL (check "Click_label_pcc_nn_0123abcd")',
    });
    // Another check's violation stays an error like any other.
    expect(classifyFailure(p3018Logs(validate, "23514", 'check constraint "price_positive" of relation "Click" is violated by some row')).kind).toBe("other");
  });
});
