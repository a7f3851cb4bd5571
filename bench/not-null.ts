// The NOT NULL scenario (issue 12): `label String? @default("x")` → `String @default("x")` on the
// loaded `impression_counter` table, deployed through the real `prisma migrate deploy` while W
// writers keep inserting and updating rows: (A) Prisma's own migration (one ALTER COLUMN … SET NOT
// NULL: ACCESS EXCLUSIVE while it reads every row) and (B) this generator's folders (NULL pre-check,
// CHECK NOT VALID, VALIDATE, SET NOT NULL without a scan). The writers' longest stall of each, side
// by side. After each run the column is checked NOT NULL with no check constraint left.
import pg from "pg";
import { readdirSync } from "node:fs";
import { makeBenchProject, generatorBin, type BenchProject } from "./project.js";
import { query, withDatabase } from "../test/support/sql.js";
import { Writers } from "./writers.js";
import { baseSchema } from "./availability.js";
import { changeFigures, sideBySide, type ChangeFigures } from "./side-by-side.js";

const INIT = "20250101000000_init";
const METHODS = ["Prisma's migration", "prisma-concurrently"] as const;

const schema = (generator: string, label: string) => baseSchema(generator).replace("%UNIQUE%", `  label          ${label} @default("x")`);
const generatorBlock = `generator concurrently {\n  provider = "node ${generatorBin}"\n}\n`;

export interface NotNullResult {
  runs: Array<{ label: string; figures: ChangeFigures; problems: string[] }>;
  table: string;
}

async function must(what: string, run: Promise<{ code: number | null; output: string; stdout: string }>) {
  const result = await run;
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.output}`);
  return result;
}

export async function notNullScenario(adminUrl: string, options: { rows: number; writers: number; warmupMs: number; log: (line: string) => void }): Promise<NotNullResult> {
  const dbName = `pgc_bench_nn_${process.pid}`;
  const cleanup: Array<() => unknown> = [];
  try {
    await query(adminUrl, `CREATE DATABASE ${dbName}`);
    cleanup.push(() => query(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    const url = withDatabase(adminUrl, dbName);
    const projects: Record<(typeof METHODS)[number], BenchProject> = {
      "Prisma's migration": makeBenchProject("nn-prisma", url),
      "prisma-concurrently": makeBenchProject("nn-ours", url),
    };
    for (const p of Object.values(projects)) cleanup.push(() => p.remove());
    const a = projects["Prisma's migration"];
    const b = projects["prisma-concurrently"];
    a.writeSchema(schema("", "String?"));
    const init = await must("migrate diff (init)", a.prisma(["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"]));
    for (const p of [a, b]) p.addMigration(INIT, init.stdout);
    await must("migrate deploy (init)", a.prisma(["migrate", "deploy"]));
    options.log(`not-null: loading ${options.rows.toLocaleString("en-US")} rows…`);
    await query(url, `INSERT INTO impression_counter (ad_id, impression_date, counter, label)
      SELECT 1 + (g % 1000), DATE '2000-01-01' + (g / 1000), 0, 'l' || g FROM generate_series(0, ${options.rows} - 1) g`);
    await query(url, "VACUUM ANALYZE impression_counter");

    a.writeSchema(schema("", "String "));
    const diff = await must("migrate diff (A)", a.prisma(["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--script"]));
    if (!diff.stdout.includes('ALTER COLUMN "label" SET NOT NULL')) throw new Error(`Prisma's migration is not the expected SET NOT NULL:\n${diff.output}`);
    a.addMigration("20250102000000_required_label", diff.stdout);
    b.writeSchema(schema(generatorBlock, "String "));
    await must("prisma generate (B)", b.prisma(["generate"]));
    options.log(`not-null: ours: ${readdirSync(b.migrationsDir).filter((n) => n !== INIT && /^\d{14}_/.test(n)).sort().join(", ")}`);

    const writers = new Writers(url, options.writers, options.rows);
    cleanup.push(() => writers.close());
    await writers.connect();
    const runs: NotNullResult["runs"] = [];
    for (const method of METHODS) {
      // Back to the column before the change: nullable, only the init migration applied.
      await query(url, `ALTER TABLE impression_counter ALTER COLUMN label DROP NOT NULL`);
      await query(url, `DELETE FROM _prisma_migrations WHERE migration_name <> '${INIT}'`);
      const errorsBefore = writers.totals.errors;
      writers.start();
      await new Promise((r) => setTimeout(r, options.warmupMs));
      const t0 = performance.now();
      const deploy = await projects[method].prisma(["migrate", "deploy"], { timeoutMs: 15 * 60_000 });
      const t1 = performance.now();
      await writers.stop();
      const problems = deploy.code === 0 ? [] : [`migrate deploy exited with ${deploy.code}: ${deploy.output.slice(-1500)}`];
      const [state] = await query<{ notnull: boolean; checks: string }>(url,
        `SELECT a.attnotnull AS notnull, (SELECT count(*) FROM pg_constraint c WHERE c.conrelid = a.attrelid AND c.contype = 'c')::text AS checks
           FROM pg_attribute a WHERE a.attrelid = 'impression_counter'::regclass AND a.attname = 'label'`);
      if (!state?.notnull) problems.push("label is not NOT NULL after the deploy");
      if (state?.checks !== "0") problems.push(`${state?.checks} check constraint(s) left on the table`);
      if (writers.totals.errors > errorsBefore) problems.push(`${writers.totals.errors - errorsBefore} writes failed: ${writers.totals.errorSamples.join(" | ")}`);
      const figures = changeFigures(writers.log, t0, t1);
      options.log(`not-null ${method}: deploy ${(figures.deployMs / 1000).toFixed(2)} s, writers' longest stall ${figures.blockedMs.toFixed(0)} ms${problems.length ? `, PROBLEMS: ${problems.join("; ")}` : ""}`);
      runs.push({ label: method, figures, problems });
    }
    return { runs, table: sideBySide(runs) };
  } finally {
    for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
  }
}
