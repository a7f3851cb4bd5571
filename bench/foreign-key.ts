// Scenario: a foreign key added to a big table (issue 12). `clicks` holds N rows with an `ad_id`
// column; the schema change adds `ad Ad @relation(fields: [adId], references: [id])`. Two ways
// through the real `prisma migrate deploy` while W writers insert and update clicks: (A) Prisma's
// own migration (`migrate diff --script`: one ADD CONSTRAINT … FOREIGN KEY, a scan under SHARE ROW
// EXCLUSIVE on both tables), (B) the generator's folders (orphan pre-check, ADD … NOT VALID,
// VALIDATE CONSTRAINT). Reported side by side: the writers' longest stall (the longest time no write
// completed during the deploy), the slowest single write, and the deploy time.
import { readdirSync } from "node:fs";
import pg from "pg";
import { makeBenchProject, generatorBin, type BenchProject } from "./project.js";
import { must, sleep } from "./availability.js";
import { query, withDatabase } from "../test/support/sql.js";
import { longestGapAt, maximum } from "./stats.js";
import { WriteLog } from "./writers.js";

const METHODS = ["A: prisma", "B: generator"] as const;
type Method = (typeof METHODS)[number];
const INIT = "20250101000000_init";
const FK = "clicks_ad_id_fkey";

export interface ForeignKeyOptions {
  rows: number;
  writers: number;
  warmupMs: number;
  cooldownMs: number;
  deployTimeoutMs: number;
  log: (line: string) => void;
}

export interface ForeignKeyRun {
  method: Method;
  problems: string[];
  deployMs: number;
  writes: number;
  longestStallMs: number;
  slowestWriteMs: number;
  folders: string[];
}

const schema = (generator: string, relation: boolean) => `${generator}
datasource db {
  provider = "postgresql"
}

model Ad {
  id     Int     @id @default(autoincrement())
  title  String
${relation ? "  clicks Click[]\n" : ""}}

model Click {
  id      Int @id @default(autoincrement())
  adId    Int @map("ad_id")
  counter Int @default(0)
${relation ? "  ad      Ad  @relation(fields: [adId], references: [id])\n" : ""}
  @@map("clicks")
}
`;

/** W connections: alternately INSERT a click of a random existing ad and UPDATE a random click. */
class ClickWriters {
  log = new WriteLog();
  errors: string[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  constructor(private readonly clients: pg.Client[], private readonly rows: number) {}
  start() {
    this.log = new WriteLog();
    this.running = true;
    this.loops = this.clients.map(async (client, w) => {
      let insert = w % 2 === 0;
      while (this.running) {
        const started = performance.now();
        try {
          if (insert) await client.query({ name: "fk-insert", text: "INSERT INTO clicks (ad_id) VALUES (1 + floor(random() * 1000))" });
          else await client.query({ name: "fk-update", text: "UPDATE clicks SET counter = counter + 1 WHERE id = $1", values: [1 + Math.floor(Math.random() * this.rows)] });
          this.log.add(started, performance.now());
        } catch (error) {
          if (this.errors.length < 5) this.errors.push((error as Error).message);
        }
        insert = !insert;
      }
    });
  }
  async stop() {
    this.running = false;
    await Promise.all(this.loops);
  }
}

export async function foreignKeyScenario(adminUrl: string, options: ForeignKeyOptions): Promise<ForeignKeyRun[]> {
  const cleanup: Array<() => unknown> = [];
  const dbName = `pgc_bench_fk_${process.pid}`;
  try {
    await query(adminUrl, `CREATE DATABASE ${dbName}`);
    cleanup.push(() => query(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    const url = withDatabase(adminUrl, dbName);
    const projects = Object.fromEntries(METHODS.map((m, i) => [m, makeBenchProject(`fk${i}`, url)])) as Record<Method, BenchProject>;
    for (const p of Object.values(projects)) cleanup.push(() => p.remove());
    const a = projects["A: prisma"];
    const generator = `generator concurrently {\n  provider = "node ${generatorBin}"\n}\n`;
    a.writeSchema(schema("", false));
    const init = await must("migrate diff (init)", a.prisma(["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"]));
    for (const m of METHODS) projects[m].addMigration(INIT, init.stdout);
    await must("migrate deploy (init)", a.prisma(["migrate", "deploy"]));

    options.log(`foreign key: loading ${options.rows.toLocaleString("en-US")} clicks…`);
    await query(url, `INSERT INTO "Ad" (title) SELECT 'ad ' || g FROM generate_series(1, 1000) g`);
    await query(url, `INSERT INTO clicks (ad_id) SELECT 1 + g % 1000 FROM generate_series(0, $1::int - 1) g`, [options.rows]);
    await query(url, "VACUUM ANALYZE clicks");

    a.writeSchema(schema("", true));
    projects["B: generator"].writeSchema(schema(generator, true));
    const diff = await must("migrate diff (A)", a.prisma(["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--script"]));
    if (!diff.stdout.includes(`ADD CONSTRAINT "${FK}" FOREIGN KEY`)) throw new Error(`Prisma's migration is not the expected ADD CONSTRAINT … FOREIGN KEY:\n${diff.output}`);
    a.addMigration("20250102000000_add_relation", diff.stdout);
    await must("prisma generate (B)", projects["B: generator"].prisma(["generate"]));
    const folders = Object.fromEntries(METHODS.map((m) => [m, readdirSync(projects[m].migrationsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== INIT).map((d) => d.name).sort()])) as Record<Method, string[]>;
    for (const m of METHODS) options.log(`foreign key, ${m}: ${folders[m].join(", ")}`);

    const clients: pg.Client[] = [];
    cleanup.push(async () => { for (const c of clients) await c.end().catch(() => {}); });
    for (let w = 0; w < options.writers; w++) {
      const client = new pg.Client({ connectionString: url, application_name: `bench-fk-writer-${w}` });
      await client.connect();
      clients.push(client);
    }
    const writers = new ClickWriters(clients, options.rows);
    const runs: ForeignKeyRun[] = [];
    for (const method of METHODS) {
      await query(url, `ALTER TABLE clicks DROP CONSTRAINT IF EXISTS "${FK}"`);
      await query(url, `DELETE FROM _prisma_migrations WHERE migration_name <> $1`, [INIT]);
      await query(url, "VACUUM ANALYZE clicks");
      writers.errors = [];
      writers.start();
      await sleep(options.warmupMs);
      const t0 = performance.now();
      const deploy = await projects[method].prisma(["migrate", "deploy"], { timeoutMs: options.deployTimeoutMs });
      const t1 = performance.now();
      await sleep(options.cooldownMs);
      await writers.stop();
      const problems = deploy.code === 0 ? [] : [`migrate deploy exited with ${deploy.code}: ${deploy.output.slice(-1500)}`];
      const fk = (await query<{ valid: boolean }>(url, "SELECT convalidated AS valid FROM pg_constraint WHERE conname = $1", [FK]))[0];
      if (!fk?.valid) problems.push(`the foreign key ${FK} is ${fk ? "NOT VALID" : "missing"}`);
      if (writers.errors.length) problems.push(`writes failed: ${writers.errors.join(" | ")}`);
      const completions = writers.log.completions();
      const run: ForeignKeyRun = {
        method,
        problems,
        deployMs: t1 - t0,
        writes: writers.log.completedBetween(t0, t1),
        longestStallMs: longestGapAt(completions, t0, t1).ms,
        slowestWriteMs: maximum(writers.log.latenciesOverlapping(t0, t1)),
        folders: folders[method],
      };
      options.log(`foreign key, ${method}: deploy ${(run.deployMs / 1000).toFixed(2)} s, writers' longest stall ${run.longestStallMs.toFixed(0)} ms` +
        `${problems.length ? `, PROBLEMS: ${problems.join("; ")}` : ""}`);
      runs.push(run);
    }
    return runs;
  } finally {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
  }
}

/** The side-by-side table of the scenario. */
export function foreignKeyTable(runs: readonly ForeignKeyRun[], rows: number, writers: number): string {
  const header = ["method", "deploy (s)", "writers' longest stall (ms)", "slowest write (ms)", "writes during deploy", "migrations"];
  const lines = runs.map((r) => [r.method, (r.deployMs / 1000).toFixed(2), r.longestStallMs.toFixed(0), r.slowestWriteMs.toFixed(0), String(r.writes), r.folders.map((f) => /_concurrently_(\w+?_fk)_/.exec(f)?.[1] ?? f.slice(15)).join(", ")]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  return [`Foreign key added to a ${rows.toLocaleString("en-US")}-row table, ${writers} writers (Prisma's own migration beside the generator's folders):`,
    row(header), row(widths.map((w) => "-".repeat(w))), ...lines.map(row)].join("\n");
}
