#!/usr/bin/env node
// One executable, two roles: the generator when Prisma spawns it (Prisma sets
// PRISMA_GENERATOR_INVOCATION and talks JSON-RPC over stdio), the CLI otherwise.
import { startGenerator } from "./generator/handler.js";
import { runCli } from "./cli/main.js";

if (process.env.PRISMA_GENERATOR_INVOCATION && process.argv.length <= 2) {
  startGenerator();
} else {
  runCli(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack ?? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
