// The generator block's options. All values are strings (Prisma passes them as written); an
// unknown key or a bad value is an error that names the key and what it accepts.
import { durationMs, isPostgresDuration } from "../sql/pg-duration.js";
import { UserError } from "../messages/user-error.js";
import { notices } from "../messages/notices.js";
import type { LockRetry } from "../catalog/sql-shapes.js";

export interface GeneratorConfig {
  /** Migrations folder as written (resolved by the caller), or null for the default. */
  migrations: string | null;
  attachConstraint: boolean;
  precheck: boolean;
  /** How every step that takes a strong lock waits for it (catalog/sql-shapes.ts, the retrying lock step). */
  lock: LockRetry;
  emit: "write" | "plan";
  /** Why `emit` is what it is, for the output: written in the block, or the CI variable. */
  emitSource: "config" | "default" | "ci" | "cli";
}

type Raw = Record<string, string | string[] | undefined>;

const BOOLEAN = ["true", "false"] as const;
const EMIT = ["write", "plan"] as const;

function oneOf<T extends string>(key: string, value: string, accepted: readonly T[]): T {
  if (!(accepted as readonly string[]).includes(value)) throw new UserError(notices.badConfigValue(key, value, accepted.map((a) => `"${a}"`)));
  return value as T;
}

export const CONFIG_KEYS = ["migrations", "attachConstraint", "precheck", "lockAttemptTimeout", "lockRetryBudget", "lockTimeout", "emit"] as const;

/**
 * Measured (docs/benchmarks-and-watch.md, "Lock waits"): with writers running, an attach gets its
 * lock in a few milliseconds when no long transaction holds the table, so 200ms per attempt is
 * ample, and it is the longest any query waits behind the step. One minute of retries outlasts
 * most long reads and batch jobs and still ends a stuck deploy soon.
 */
export const DEFAULT_LOCK_RETRY: LockRetry = { attemptTimeout: "200ms", retryBudget: "1min" };

const DURATION_EXAMPLES = ['a positive duration such as "200ms", "5s" or "1min"'];

function duration(key: string, value: string | undefined, fallback: string): string {
  const text = value ?? fallback;
  if (!isPostgresDuration(text)) throw new UserError(notices.badConfigValue(key, text, DURATION_EXAMPLES));
  return text.replace(/\s+/g, "");
}

/**
 * lockAttemptTimeout and lockRetryBudget. `lockTimeout`, the single wait of earlier releases, still
 * works: it bounds how long the step may take to get its lock, which is the budget now.
 */
function lockRetry(values: Record<string, string>): LockRetry {
  if (values.lockTimeout !== undefined && values.lockRetryBudget !== undefined) throw new UserError(notices.lockTimeoutAndBudget());
  const legacy = values.lockTimeout !== undefined;
  const retryBudget = legacy
    ? duration("lockTimeout", values.lockTimeout, DEFAULT_LOCK_RETRY.retryBudget)
    : duration("lockRetryBudget", values.lockRetryBudget, DEFAULT_LOCK_RETRY.retryBudget);
  // A lockTimeout shorter than the default attempt meant "never wait longer than this": one attempt of it.
  const defaultAttempt = legacy && durationMs(retryBudget) < durationMs(DEFAULT_LOCK_RETRY.attemptTimeout) ? retryBudget : DEFAULT_LOCK_RETRY.attemptTimeout;
  const attemptTimeout = duration("lockAttemptTimeout", values.lockAttemptTimeout, defaultAttempt);
  if (durationMs(attemptTimeout) > durationMs(retryBudget)) {
    throw new UserError(notices.lockAttemptOverBudget(attemptTimeout, retryBudget, legacy ? "lockTimeout" : "lockRetryBudget"));
  }
  return { attemptTimeout, retryBudget };
}

/** CI set to anything but "false" or "0" (as Prisma's own CI detection reads it). */
function inCi(env: Record<string, string | undefined>): boolean {
  return Boolean(env.CI) && env.CI !== "false" && env.CI !== "0";
}

export function parseGeneratorConfig(raw: Raw, env: Record<string, string | undefined>): GeneratorConfig {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) throw new UserError(notices.unknownConfigKey(key, CONFIG_KEYS));
    if (typeof value !== "string") throw new UserError(notices.badConfigValue(key, JSON.stringify(value), ["a string"]));
    values[key] = value.trim();
  }
  const lock = lockRetry(values);
  const emitGiven = values.emit !== undefined;
  if (values.migrations === "") throw new UserError(notices.badConfigValue("migrations", "", ["a folder path"]));
  return {
    migrations: values.migrations ?? null,
    attachConstraint: oneOf("attachConstraint", values.attachConstraint ?? "true", BOOLEAN) === "true",
    precheck: oneOf("precheck", values.precheck ?? "true", BOOLEAN) === "true",
    lock,
    emit: emitGiven ? oneOf("emit", values.emit!, EMIT) : inCi(env) ? "plan" : "write",
    emitSource: emitGiven ? "config" : inCi(env) ? "ci" : "default",
  };
}
