// The generator as Prisma runs it: the manifest (a default output, so no `output` line is
// needed; no client code is written) and `generate`, which prints what it wrote.
//
// Start-up is part of every `prisma generate`: this module loads only what the manifest answer
// needs; the planner (the SQL parser, the rules, the config loader) is imported once Prisma has
// its answer, while it computes the DMMF.
import { writeFileSync } from "node:fs";
import generatorHelper, { type GeneratorOptions } from "@prisma/generator-helper";
import type { GeneratorInput } from "./run-generator.js";
import { clockFrom } from "../io/clock.js";
import { TOOL } from "../messages/notices.js";
import { VERSION } from "../version.js";

const planner = () => import("./run-generator.js");

/** What runGenerator needs from Prisma's request. */
export function generatorInput(options: GeneratorOptions): GeneratorInput {
  const datasource = options.datasources[0];
  return {
    datamodel: options.dmmf.datamodel,
    provider: datasource?.activeProvider ?? datasource?.provider ?? "unknown",
    schemaPath: options.schemaPath,
    generatorFile: options.generator.sourceFilePath ?? options.schemaPath,
    datasourceFile: datasource?.sourceFilePath ?? null,
    config: options.generator.config,
    cwd: process.cwd(),
    env: process.env,
    now: clockFrom(process.env),
  };
}

export function startGenerator(): void {
  let prefetched: Promise<unknown> = Promise.resolve();
  generatorHelper.generatorHandler({
    onManifest(config) {
      // Load the planner and parse the history while Prisma computes the DMMF and runs the other
      // generators; the manifest is answered first (the import resolves after this returns).
      if (config?.sourceFilePath) {
        const input = { schemaPath: config.sourceFilePath, config: config.config, cwd: process.cwd(), env: process.env };
        prefetched = planner().then((p) => p.prefetchHistory(input), () => {});
      }
      return { prettyName: TOOL, defaultOutput: ".", version: VERSION, requiresEngines: [] };
    },
    async onGenerate(options) {
      await prefetched;
      const { runGenerator } = await planner();
      const outcome = await runGenerator(generatorInput(options));
      // Prisma shows a generator's stdout to the user.
      for (const line of outcome.lines) process.stdout.write(`${line}\n`);
      const reportFile = process.env.PRISMA_CONCURRENTLY_REPORT;
      if (reportFile) {
        const { desiredFromDatamodel } = await import("../core/desired.js");
        const { desiredToJson } = await import("../core/desired-json.js");
        writeFileSync(reportFile, JSON.stringify({
          migrationsDir: outcome.migrationsDir,
          lines: outcome.lines,
          folders: outcome.folders.map((f) => ({ name: f.name, kind: f.step.kind })),
          written: outcome.written,
          leftovers: outcome.leftovers,
          plan: outcome.plan,
          config: outcome.config,
          desired: desiredToJson(desiredFromDatamodel(options.dmmf.datamodel)),
        }));
      }
    },
  });
}
