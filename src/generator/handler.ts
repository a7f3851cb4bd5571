// The generator as Prisma runs it: the manifest (a default output, so no `output` line is
// needed; no client code is written) and `generate`, which prints what it wrote.
import { writeFileSync } from "node:fs";
import generatorHelper, { type GeneratorOptions } from "@prisma/generator-helper";
import { prefetchHistory, runGenerator, type GeneratorInput } from "./run-generator.js";
import { desiredFromDatamodel } from "../core/desired.js";
import { desiredToJson } from "../core/desired-json.js";
import { clockFrom } from "../io/clock.js";
import { TOOL } from "../messages/notices.js";
import { VERSION } from "../version.js";

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
  let prefetched: Promise<void> = Promise.resolve();
  generatorHelper.generatorHandler({
    onManifest(config) {
      // Parse the history while Prisma computes the DMMF and runs the other generators.
      if (config?.sourceFilePath) prefetched = prefetchHistory({ schemaPath: config.sourceFilePath, config: config.config, cwd: process.cwd(), env: process.env });
      return { prettyName: TOOL, defaultOutput: ".", version: VERSION, requiresEngines: [] };
    },
    async onGenerate(options) {
      await prefetched;
      const outcome = await runGenerator(generatorInput(options));
      // Prisma shows a generator's stdout to the user.
      for (const line of outcome.lines) process.stdout.write(`${line}\n`);
      const reportFile = process.env.PRISMA_CONCURRENTLY_REPORT;
      if (reportFile) {
        writeFileSync(reportFile, JSON.stringify({
          migrationsDir: outcome.migrationsDir,
          lines: outcome.lines,
          folders: outcome.folders.map((f) => ({ name: f.name, kind: f.step.kind })),
          written: outcome.written,
          plan: outcome.plan,
          config: outcome.config,
          desired: desiredToJson(desiredFromDatamodel(options.dmmf.datamodel)),
        }));
      }
    },
  });
}
