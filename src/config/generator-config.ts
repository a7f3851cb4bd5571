// The generator block's options. All values are strings (Prisma passes them as written); an
// unknown key or a bad value is an error that names the key and what it accepts.
import { isPostgresDuration } from "../sql/pg-duration.js";
import { UserError } from "../messages/user-error.js";
import { notices } from "../messages/notices.js";

export interface GeneratorConfig {
  /** Migrations folder as written (resolved by the caller), or null for the default. */
  migrations: string | null;
  attachConstraint: boolean;
  precheck: boolean;
  lockTimeout: string;
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

export const CONFIG_KEYS = ["migrations", "attachConstraint", "precheck", "lockTimeout", "emit"] as const;

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
  const lockTimeout = values.lockTimeout ?? "5s";
  if (!isPostgresDuration(lockTimeout)) {
    throw new UserError(notices.badConfigValue("lockTimeout", lockTimeout, ['a positive duration such as "5s", "500ms" or "1min"']));
  }
  const emitGiven = values.emit !== undefined;
  if (values.migrations === "") throw new UserError(notices.badConfigValue("migrations", "", ["a folder path"]));
  return {
    migrations: values.migrations ?? null,
    attachConstraint: oneOf("attachConstraint", values.attachConstraint ?? "true", BOOLEAN) === "true",
    precheck: oneOf("precheck", values.precheck ?? "true", BOOLEAN) === "true",
    lockTimeout: lockTimeout.replace(/\s+/g, ""),
    emit: emitGiven ? oneOf("emit", values.emit!, EMIT) : inCi(env) ? "plan" : "write",
    emitSource: emitGiven ? "config" : inCi(env) ? "ci" : "default",
  };
}
