// Part 2, generator overhead: a synthetic project of 500 models, 1,000 uniques and a history of
// 1,000 migrations. `prisma generate` is timed with Prisma Client alone and with this generator
// added (interleaved, same run), the generator's peak memory is read through a probe, and the
// planning core (replay + desired + plan) is timed alone in a fresh process — on that history
// and on another shape: 800 migrations whose first one is a large baseline (a squashed history).
import { join } from "node:path";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { makeBenchProject, runProcess, generatorBin } from "./project.js";
import { spread, type Spread } from "./stats.js";

export interface OverheadOptions {
  models: number;
  migrations: number;
  repeat: number;
  databaseUrl: string;
  log: (line: string) => void;
}

export interface OverheadResult {
  models: number;
  uniques: number;
  migrations: number;
  pending: number;
  /**
   * overheadPct: the median over rounds of (client + generator) / (client only), minus one; the
   * generator resumes from its replay checkpoint (written by the untimed first run), as every run
   * after the first does. coldOverheadPct: the same with the checkpoint off (a project's first run).
   * noopOverheadPct: the same for a generator that does nothing (bench/noop-generator.ts): the floor.
   */
  generate: {
    clientOnlyMs: Spread; clientAndGeneratorMs: Spread; clientAndGeneratorColdMs: Spread; clientAndNoopMs: Spread; generatorOnlyMs: Spread;
    overheadPct: number; coldOverheadPct: number; noopOverheadPct: number;
  };
  generatorPeakRssMb: number;
  /** In the generator process: the history parsed from the manifest call on, then the generate call. */
  generatorPrefetchMs: number;
  generatorInProcessMs: number;
  core: { coreMs: Spread; replayMs: Spread; desiredMs: Spread; planMs: Spread; readMs: Spread; loadParserMs: Spread; peakRssMb: number };
  /** The planning core (replay + desired + plan) on 800 migrations whose first one is large. */
  largeHistory: { migrations: number; firstBytes: number; coreMs: Spread; replayMs: Spread };
}

/** Models with two uniques each: `a @unique` and `@@unique([b, c])`. */
export function syntheticSchema(models: number, generators: string): string {
  const blocks = Array.from({ length: models }, (_, i) => `model Model${i} {
  id Int    @id @default(autoincrement())
  a  Int    @unique
  b  Int
  c  String
  d  Int?

  @@unique([b, c])
}`);
  return `${generators}
datasource db {
  provider = "postgresql"
}

${blocks.join("\n\n")}
`;
}

export const CLIENT = `generator client {
  provider = "prisma-client"
  output   = "../generated"
}
`;

export const ours = (provider: string) => `generator concurrently {
  provider = "${provider}"
  emit     = "plan"
}
`;

const stamp = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString().replace(/\D/g, "").slice(0, 14);

/**
 * The history: one migration per table creating it (as Prisma writes CREATE TABLE), then one per
 * table adding column d and its uniques; the last `pending` tables' composite unique is left
 * out, so the plan has work (emit = "plan": nothing is written, every run sees the same project).
 */
export function syntheticHistory(models: number, migrations: number, pending: number): Array<{ name: string; sql: string }> {
  const out: Array<{ name: string; sql: string }> = [];
  for (let i = 0; i < migrations; i++) {
    const t = i % models;
    const table = `"Model${t}"`;
    const sql = i < models
      ? `-- CreateTable\nCREATE TABLE ${table} (\n    "id" SERIAL NOT NULL,\n    "a" INTEGER NOT NULL,\n    "b" INTEGER NOT NULL,\n    "c" TEXT NOT NULL,\n\n    CONSTRAINT "Model${t}_pkey" PRIMARY KEY ("id")\n);\n`
      : i < 2 * models
        ? `-- AlterTable\nALTER TABLE ${table} ADD COLUMN "d" INTEGER;\n\n-- CreateIndex\nCREATE UNIQUE INDEX "Model${t}_a_key" ON ${table}("a");\n` +
          (t < models - pending ? `\n-- CreateIndex\nCREATE UNIQUE INDEX "Model${t}_b_c_key" ON ${table}("b", "c");\n` : "")
        : `-- CreateIndex\nCREATE INDEX "Model${t}_b_idx_${i}" ON ${table}("b");\n`;
    out.push({ name: `${stamp(i)}_m${i}`, sql });
  }
  return out;
}

/**
 * A squashed history: the first migration is a large baseline (every model's table and uniques, and
 * `extraTables` more tables, as Prisma writes them, with non-ASCII comments), then one small
 * migration each. The last `pending` models' composite unique is left out, as in syntheticHistory.
 */
export function largeFirstHistory(models: number, migrations: number, extraTables: number, pending: number): Array<{ name: string; sql: string }> {
  const parts: string[] = [];
  for (let t = 0; t < models; t++) {
    const table = `"Model${t}"`;
    parts.push(`-- CreateTable\nCREATE TABLE ${table} (\n    "id" SERIAL NOT NULL,\n    "a" INTEGER NOT NULL,\n    "b" INTEGER NOT NULL,\n    "c" TEXT NOT NULL,\n    "d" INTEGER,\n\n    CONSTRAINT "Model${t}_pkey" PRIMARY KEY ("id")\n);\n`);
    parts.push(`-- CreateIndex\nCREATE UNIQUE INDEX "Model${t}_a_key" ON ${table}("a");\n`);
    if (t < models - pending) parts.push(`-- CreateIndex\nCREATE UNIQUE INDEX "Model${t}_b_c_key" ON ${table}("b", "c");\n`);
  }
  for (let t = 0; t < extraTables; t++) {
    parts.push(`-- CreateTable (Größe ${t}, « legacy » 表)\nCREATE TABLE "Legacy${t}" (\n    "id" TEXT NOT NULL,\n    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\n` +
      `    "name" TEXT NOT NULL DEFAULT 'Zoë',\n    "amount" DECIMAL(65,30) NOT NULL,\n    "ownerId" TEXT,\n    "tags" TEXT[],\n\n    CONSTRAINT "Legacy${t}_pkey" PRIMARY KEY ("id")\n);\n\n` +
      `-- CreateIndex\nCREATE INDEX "Legacy${t}_ownerId_idx" ON "Legacy${t}"("ownerId");\n`);
  }
  const out = [{ name: `${stamp(0)}_baseline`, sql: parts.join("\n") }];
  for (let i = 1; i < migrations; i++) {
    const t = i % models;
    out.push({ name: `${stamp(i)}_m${i}`, sql: `-- CreateIndex\nCREATE INDEX "Model${t}_b_idx_${i}" ON "Model${t}"("b");\n` });
  }
  return out;
}

export async function generatorOverhead(options: OverheadOptions): Promise<OverheadResult> {
  const pending = 5;
  const project = makeBenchProject("overhead", options.databaseUrl);
  try {
    for (const m of syntheticHistory(options.models, options.migrations, pending)) project.addMigration(m.name, m.sql);
    const withGenerator = syntheticSchema(options.models, `${CLIENT}\n${ours(`node ${generatorBin}`)}`);
    const variants = {
      clientOnly: { schema: syntheticSchema(options.models, CLIENT), env: {} },
      clientAndGenerator: { schema: withGenerator, env: {} },
      clientAndGeneratorCold: { schema: withGenerator, env: { PRISMA_CONCURRENTLY_CACHE: "off" } },
      generatorOnly: { schema: syntheticSchema(options.models, ours(`node ${generatorBin}`)), env: {} },
      clientAndNoop: { schema: syntheticSchema(options.models, `${CLIENT}\n${ours(`node ${join(import.meta.dirname, "noop-generator.js")}`)}`), env: {} },
    };
    const times: Record<keyof typeof variants, number[]> = { clientOnly: [], clientAndGenerator: [], clientAndGeneratorCold: [], generatorOnly: [], clientAndNoop: [] };
    // One untimed run of each warms the file cache (and writes the generator's replay checkpoint).
    for (let round = -1; round < options.repeat; round++) {
      for (const [name, { schema, env }] of Object.entries(variants) as Array<[keyof typeof variants, { schema: string; env: Record<string, string> }]>) {
        project.writeSchema(schema);
        const run = await project.prisma(["generate"], { env });
        if (run.code !== 0) throw new Error(`prisma generate (${name}) failed:\n${run.output}`);
        if (name !== "clientOnly" && name !== "clientAndNoop" && !run.output.includes("would write")) throw new Error(`the generator planned nothing:\n${run.output}`);
        if (round >= 0) times[name].push(run.ms);
      }
      if (round >= 0) options.log(`overhead round ${round + 1}: client ${times.clientOnly.at(-1)!.toFixed(0)} ms, client + generator ${times.clientAndGenerator.at(-1)!.toFixed(0)} ms (no checkpoint: ${times.clientAndGeneratorCold.at(-1)!.toFixed(0)} ms)`);
    }

    const probeOut = join(project.dir, "probe.json");
    const probe = join(import.meta.dirname, "generator-probe.js");
    project.writeSchema(syntheticSchema(options.models, ours(`node ${probe}`)));
    const probed = await project.prisma(["generate"], { env: { BENCH_PROBE_OUT: probeOut } });
    if (probed.code !== 0) throw new Error(`prisma generate (probe) failed:\n${probed.output}`);
    const probeResult = JSON.parse(readFileSync(probeOut, "utf8")) as { prefetchMs: number; generateMs: number; maxRssKb: number };

    const cores: Array<{ coreMs: number; maxRssKb: number; times: Record<string, number>; uniques: number; migrations: number }> = [];
    for (let i = 0; i < options.repeat; i++) {
      const run = await runProcess(process.execPath, [join(import.meta.dirname, "core-child.js"), project.migrationsDir, probeOut], { cwd: project.dir, env: process.env });
      if (run.code !== 0) throw new Error(`core-child failed:\n${run.output}`);
      cores.push(JSON.parse(run.stdout));
    }
    // The squashed history's shape: the same datamodel, planned against a large first migration.
    const largeDir = mkdtempSync(join(tmpdir(), "pgc-bench-large-history-"));
    const large = largeFirstHistory(options.models, 800, 1500, pending);
    const larges: typeof cores = [];
    try {
      for (const m of large) {
        mkdirSync(join(largeDir, m.name));
        writeFileSync(join(largeDir, m.name, "migration.sql"), m.sql);
      }
      for (let i = 0; i < options.repeat; i++) {
        const run = await runProcess(process.execPath, [join(import.meta.dirname, "core-child.js"), largeDir, probeOut], { cwd: project.dir, env: process.env });
        if (run.code !== 0) throw new Error(`core-child (large first migration) failed:\n${run.output}`);
        larges.push(JSON.parse(run.stdout));
      }
    } finally {
      rmSync(largeDir, { recursive: true, force: true });
    }
    options.log(`large history: ${large.length} migrations, first ${(Buffer.byteLength(large[0]!.sql) / 2 ** 20).toFixed(1)} MB: replay + plan ${spread(larges.map((c) => c.coreMs)).median.toFixed(0)} ms`);
    const median = (xs: number[]) => spread(xs).median;
    const core = (name: string) => spread(cores.map((c) => c.times[name]!));
    return {
      models: options.models,
      uniques: cores[0]!.uniques,
      migrations: cores[0]!.migrations,
      pending,
      generate: {
        clientOnlyMs: spread(times.clientOnly),
        clientAndGeneratorMs: spread(times.clientAndGenerator),
        clientAndGeneratorColdMs: spread(times.clientAndGeneratorCold),
        generatorOnlyMs: spread(times.generatorOnly),
        // Paired: each round runs both back to back, so drift in the machine's load cancels out.
        overheadPct: 100 * (median(times.clientAndGenerator.map((t, i) => t / times.clientOnly[i]!)) - 1),
        coldOverheadPct: 100 * (median(times.clientAndGeneratorCold.map((t, i) => t / times.clientOnly[i]!)) - 1),
        clientAndNoopMs: spread(times.clientAndNoop),
        noopOverheadPct: 100 * (median(times.clientAndNoop.map((t, i) => t / times.clientOnly[i]!)) - 1),
      },
      generatorPeakRssMb: probeResult.maxRssKb / 1024,
      generatorPrefetchMs: probeResult.prefetchMs,
      generatorInProcessMs: probeResult.generateMs,
      core: {
        coreMs: spread(cores.map((c) => c.coreMs)),
        replayMs: core("replay"),
        desiredMs: core("desired"),
        planMs: core("plan"),
        readMs: core("read"),
        loadParserMs: core("loadParser"),
        peakRssMb: Math.max(...cores.map((c) => c.maxRssKb)) / 1024,
      },
      largeHistory: {
        migrations: large.length,
        firstBytes: Buffer.byteLength(large[0]!.sql),
        coreMs: spread(larges.map((c) => c.coreMs)),
        replayMs: spread(larges.map((c) => c.times.replay!)),
      },
    };
  } finally {
    project.remove();
  }
}
