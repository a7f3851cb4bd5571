// This checkout's CLI (dist/bin.js) run inside a test project, as a user runs `npx prisma-concurrently`.
import { join } from "node:path";
import { repoRoot, type Project, type RunResult } from "./project.js";

export const ownCli = (project: Project, args: string[], env?: Record<string, string>): Promise<RunResult> =>
  project.run(process.execPath, [join(repoRoot, "dist", "bin.js"), ...args], { env });

/** `prisma-concurrently duplicates …` in the project. */
export const duplicatesCli = (project: Project, args: string[]): Promise<RunResult> => ownCli(project, ["duplicates", ...args]);

/** Prisma's own SQL for going from the history to the schema (`migrate diff --script`), without the CLI's chatter. */
export async function prismaScript(project: Project): Promise<string> {
  const result = await project.diffScript();
  if (result.code !== 0) throw new Error(`migrate diff --script failed:\n${result.output}`);
  return result.stdout.split("\n").filter((l) => !l.startsWith("Loaded Prisma config")).join("\n").trim() + "\n";
}

/** `check --format json`: the exit code, what was printed, and the parsed report. */
export async function jsonCheck(project: Project, args: string[] = []) {
  const result = await ownCli(project, ["check", "--format", "json", ...args]);
  return { code: result.code, output: result.output, report: JSON.parse(result.stdout) };
}

export { addAdDateUnique } from "./ads.js";
