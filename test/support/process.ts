// Running a program and a Prisma 7 project's config: shared by the tests and the benchmark (so
// nothing here may import vitest).
import { spawn } from "node:child_process";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, in the order they arrived. */
  output: string;
  /** Wall time. */
  ms: number;
}

/** Runs a program to its end; with timeoutMs it is killed then (code -1, a line in output). */
export function runProcess(
  command: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string | undefined>; input?: string; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env as NodeJS.ProcessEnv, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout.on("data", (d: Buffer) => { stdout += d; output += d; });
    child.stderr.on("data", (d: Buffer) => { stderr += d; output += d; });
    const timer = opts.timeoutMs
      ? setTimeout(() => { output += `\n[killed after ${opts.timeoutMs} ms]`; child.kill("SIGKILL"); }, opts.timeoutMs)
      : null;
    child.on("error", reject);
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr, output, ms: performance.now() - started });
    });
    child.stdin.end(opts.input ?? "");
  });
}

/** prisma.config.ts of a Prisma 7 project: schema and migrations under prisma/, the URL from DATABASE_URL. */
export const prisma7Config = `import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL! },
});
`;
