// The Prisma schema engine for machines that cannot download Prisma's native binary: the offline
// engine of ../shared/prisma-offline (the real engine compiled to Wasm), from the shell's
// `source env.sh` or, when PRISMA_SCHEMA_ENGINE_BINARY is not set and the folder exists beside the
// project, from its env.sh. Either way it runs through schema-engine-pg18.cjs, which applies
// Prisma's pending PostgreSQL 18 fix to it. Elsewhere Prisma uses its own native engine.
// Used by the test setup and the demo.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wrapper = resolve(here, "schema-engine-pg18.cjs");

/** The offline engine (not a native binary) is wrapped; anything else is left as it is. */
function wrapOffline(env) {
  const engine = env.PRISMA_SCHEMA_ENGINE_BINARY;
  if (!engine || engine === wrapper || basename(dirname(engine)) !== "prisma-offline") return env;
  return { ...env, PRISMA_OFFLINE_ENGINE: engine, PRISMA_SCHEMA_ENGINE_BINARY: wrapper };
}

export function prismaEngineEnv() {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
    const wrapped = wrapOffline({ PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY });
    return wrapped.PRISMA_OFFLINE_ENGINE ? wrapped : {};
  }
  const envSh = resolve(here, "../../shared/prisma-offline/env.sh");
  if (!existsSync(envSh)) return {};
  const out = execFileSync("bash", ["-c", `source "${envSh}" >&2 && env -0`], { encoding: "utf8" });
  const env = {};
  for (const entry of out.split("\0")) {
    const eq = entry.indexOf("=");
    const key = entry.slice(0, eq);
    if (/^(PRISMA_|CHECKPOINT_DISABLE)/.test(key)) env[key] = entry.slice(eq + 1);
  }
  return wrapOffline(env);
}
