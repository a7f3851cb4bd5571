// Why a migration failed, read from the text Prisma records in `_prisma_migrations.logs` (the
// P3018 report: `Database error code: 23505`, then `Database error:` with PostgreSQL's message and
// DETAIL). This is log text, not SQL: plain string matching is the right tool here.
import type { Cause, LockStepGaveUp } from "./model.js";
import { PRECHECK_ERROR, PRECHECK_REPORT_END } from "../messages/headers.js";
import { ORPHAN_PRECHECK_ERROR } from "../messages/operations/foreign-key.js";
import { HOLDER_LINE, LOCK_STEP_ERROR } from "../messages/lock-step.js";
import { NULL_PRECHECK_ERROR } from "../messages/operations/not-null.js";
import { isNotNullCheckName } from "../catalog/temporary-name.js";

export interface LoggedError {
  code: string | null;
  /** PostgreSQL's message and DETAIL lines, without the `ERROR: ` prefix. */
  message: string;
}

/** The SQLSTATE and the database's message recorded in a failed migration's logs. */
export function loggedError(logs: string): LoggedError {
  const code = /Database error code: ([0-9A-Z]{5})/.exec(logs)?.[1] ?? /SqlState\(E([0-9A-Z]{5})\)/.exec(logs)?.[1] ?? null;
  const start = logs.indexOf("Database error:\n");
  let message: string;
  if (start >= 0) {
    const body = logs.slice(start + "Database error:\n".length);
    const end = body.search(/\n\s*\n|\nDbError \{/);
    message = (end >= 0 ? body.slice(0, end) : body).trim();
  } else {
    message = logs.split("\n").find((l) => l.trim() !== "" && !l.startsWith("A migration failed"))?.trim() ?? "";
  }
  return { code, message: message.replace(/^(db error: )?ERROR: /, "") };
}

export function classifyFailure(logs: string | null): Cause {
  if (logs === null || logs.trim() === "") return { kind: "interrupted" };
  const { code, message } = loggedError(logs);
  // Before the duplicate pre-check: both reports begin "prisma-concurrently: cannot add".
  if (message.startsWith(ORPHAN_PRECHECK_ERROR) || (code === "23503" && logs.includes(ORPHAN_PRECHECK_ERROR))) {
    const end = message.indexOf("\nNothing was changed");
    return { kind: "orphans", by: "precheck", detail: /\bhas (\d+ rows whose key [\s\S]*)/.exec(end >= 0 ? message.slice(0, end) : message)?.[1]?.trim() ?? null };
  }
  // VALIDATE CONSTRAINT met a row without its referenced row: "Key (a)=(1) is not present in table "t"."
  if (code === "23503") return { kind: "orphans", by: "validate", detail: /Key \(.*\)=\(.*\) is not present in table ".*"\./.exec(message)?.[0] ?? null };
  if (message.startsWith(PRECHECK_ERROR) || (code === "23505" && logs.includes(PRECHECK_ERROR))) {
    const end = message.indexOf(`\n${PRECHECK_REPORT_END}`);
    const groups = /\bhas (\d+ duplicate key groups? on [\s\S]*)/.exec(end >= 0 ? message.slice(0, end) : "")?.[1] ?? null;
    return { kind: "duplicates", by: "precheck", detail: groups };
  }
  if (message.startsWith(NULL_PRECHECK_ERROR)) {
    // `cannot make "c" of "t" NOT NULL (…): 3 rows have NULL there.`
    const column = /^\S+ cannot make (.*?) NOT NULL /.exec(message)?.[1];
    const rows = /: (\d+) rows? have NULL there\./.exec(message)?.[1];
    return { kind: "null-rows", by: "precheck", detail: column && rows ? `${rows} rows have NULL in ${column}` : null };
  }
  const violated = code === "23514" ? /check constraint "(.*)" of relation "(.*)" is violated by some row/.exec(message) : null;
  if (violated && isNotNullCheckName(violated[1]!)) return { kind: "null-rows", by: "validate", detail: `"${violated[2]}" has rows where the column is NULL (check "${violated[1]}")` };
  if (code === "23505") {
    // The build's first scan met the duplicate: "Key (…)=(…) is duplicated." Its last pass, which adds
    // the rows written during the build, met one: "duplicate key value violates …", "Key (…)=(…) already exists."
    const arrived = /Key \(.*\)=\(.*\) already exists\./.exec(message)?.[0];
    if (arrived) return { kind: "duplicates", by: "build", detail: arrived, arrived: true };
    return { kind: "duplicates", by: "build", detail: /Key \(.*\)=\(.*\) is duplicated\./.exec(message)?.[0] ?? null };
  }
  if (code === "42P07") return { kind: "already-exists", relation: /relation "(.*)" already exists/.exec(message)?.[1] ?? null };
  // The server ended the session (pg_terminate_backend, shutdown, restart, crash of another backend).
  if (code === "57P01" || code === "57P02" || code === "57P03" || message.startsWith("terminating connection")) return { kind: "interrupted", code: code ?? undefined };
  if (code === "55P03" && message.startsWith(LOCK_STEP_ERROR)) return { kind: "lock-timeout", retried: lockStepGaveUp(message) };
  if (code === "55P03" || message.includes("due to lock timeout")) return { kind: "lock-timeout" };
  if (code === "57014" || message.startsWith("canceling statement")) {
    if (message.includes("statement timeout")) return { kind: "statement-timeout" };
    if (message.includes("user request")) return { kind: "cancelled" };
  }
  return { kind: "other", code, message: message.split("\n")[0] ?? "" };
}

/**
 * The retrying lock step's own error (messages/lock-step.ts): "… after 12 attempts (lock_timeout
 * 200ms each) in 60 s: …", then one DETAIL line per session that held the table.
 */
function lockStepGaveUp(message: string): LockStepGaveUp {
  const counts = /after (\d+) attempts \(lock_timeout (\S+) each\) in (\d+) s/.exec(message);
  const lines = message.split("\n").map((l) => l.replace(/^DETAIL: {2}|^DETAIL: /, ""));
  return {
    attempts: Number(counts?.[1] ?? 0),
    attemptTimeout: counts?.[2] ?? "?",
    seconds: Number(counts?.[3] ?? 0),
    holders: lines.filter((l) => l.startsWith(HOLDER_LINE)),
  };
}
