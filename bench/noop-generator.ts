// A generator that does nothing, for measurements only: what any generator costs `prisma generate`
// (a process, Prisma's manifest call, the DMMF sent over stdin), the floor under this generator's overhead.
import generatorHelper from "@prisma/generator-helper";

generatorHelper.generatorHandler({
  onManifest: () => ({ prettyName: "no-op generator (bench)", defaultOutput: ".", requiresEngines: [] }),
  onGenerate: async () => {},
});
