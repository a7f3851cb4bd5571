// A stand-in for `dist/bin.js` as the generator, for measurements only: it runs the same
// prefetchHistory() and runGenerator() of the build as the real handler, then writes the generator process's peak memory and the DMMF
// datamodel Prisma sent (for timing the planning core alone) to BENCH_PROBE_OUT.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "./engine-env.js";

const out = process.env.BENCH_PROBE_OUT;
if (!out) throw new Error("BENCH_PROBE_OUT is not set");
const dist = (file: string) => import(pathToFileURL(join(repoRoot, "dist", file)).href);
const helper = (await import("@prisma/generator-helper")).default;
const { generatorInput } = await dist("generator/handler.js");

// As src/generator/handler.ts: the manifest is answered before the planner is loaded; from then on
// the planner is imported and the history parsed, then planned on generate.
let prefetched: Promise<number> = Promise.resolve(0);
helper.generatorHandler({
  onManifest(config) {
    const started = performance.now();
    prefetched = dist("generator/run-generator.js")
      .then((p) => p.prefetchHistory({ schemaPath: config.sourceFilePath, config: config.config, cwd: process.cwd(), env: process.env }))
      .then(() => performance.now() - started);
    return { prettyName: "prisma-concurrently (bench probe)", defaultOutput: ".", requiresEngines: [] };
  },
  async onGenerate(options) {
    const prefetchMs = await prefetched;
    const started = performance.now();
    const { runGenerator } = await dist("generator/run-generator.js");
    const outcome = await runGenerator(generatorInput(options));
    writeFileSync(out, JSON.stringify({
      prefetchMs,
      generateMs: performance.now() - started,
      maxRssKb: process.resourceUsage().maxRSS,
      lines: outcome.lines.length,
      datamodel: options.dmmf.datamodel,
    }));
  },
});
