#!/usr/bin/env node
// One executable, two roles: the generator when Prisma spawns it (Prisma sets
// PRISMA_GENERATOR_INVOCATION and talks JSON-RPC over stdio), the CLI otherwise.
// Each role loads only its own modules (the generator's start-up is part of every `prisma generate`).
if (process.env.PRISMA_GENERATOR_INVOCATION && process.argv.length <= 2) {
  (await import("./generator/handler.js")).startGenerator();
} else {
  const { runCli } = await import("./cli/main.js");
  runCli(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack ?? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
