// The Prisma schema engine for machines that cannot download Prisma's native binary: when
// PRISMA_SCHEMA_ENGINE_BINARY is not set and ../shared/prisma-offline exists beside the project,
// the variables of its env.sh (the real engine compiled to Wasm). Elsewhere Prisma uses its own
// native engine. Used by the test setup and the demo.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export function prismaEngineEnv() {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY) return {};
  const envSh = resolve(dirname(fileURLToPath(import.meta.url)), "../../shared/prisma-offline/env.sh");
  if (!existsSync(envSh)) return {};
  const out = execFileSync("bash", ["-c", `source "${envSh}" >&2 && env -0`], { encoding: "utf8" });
  const env = {};
  for (const entry of out.split("\0")) {
    const eq = entry.indexOf("=");
    const key = entry.slice(0, eq);
    if (/^(PRISMA_|CHECKPOINT_DISABLE)/.test(key)) env[key] = entry.slice(eq + 1);
  }
  return env;
}
