// Running a program and a Prisma 7 project's config: shared by the tests and the benchmark (so
// nothing here may import vitest).
import { spawn } from "node:child_process";
import { constants as osConstants } from "node:os";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, in the order they arrived. */
  output: string;
  /** Wall time. */
  ms: number;
}

/** A program started in the background, in a process group of its own (as a CI job or a terminal runs it). */
export interface Started {
  pid: number;
  /** Sends a signal to the whole process group: the program and the children it spawned. */
  killGroup(signal: NodeJS.Signals): void;
  result: Promise<RunResult>;
}

/** Starts a program; with timeoutMs it is killed then (code -1, a line in output). */
export function startProcess(
  command: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string | undefined>; input?: string; timeoutMs?: number; detached?: boolean },
): Started {
  const started = performance.now();
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env as NodeJS.ProcessEnv, stdio: "pipe", detached: opts.detached });
  let stdout = "";
  let stderr = "";
  let output = "";
  child.stdout.on("data", (d: Buffer) => { stdout += d; output += d; });
  child.stderr.on("data", (d: Buffer) => { stderr += d; output += d; });
  const result = new Promise<RunResult>((resolvePromise, reject) => {
    let timedOut = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => { timedOut = true; output += `\n[killed after ${opts.timeoutMs} ms]`; child.kill("SIGKILL"); }, opts.timeoutMs)
      : null;
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      // Killed by a signal: 128 + its number, as a shell reports it.
      const byShell = signal && !timedOut ? 128 + osConstants.signals[signal] : -1;
      resolvePromise({ code: code ?? byShell, stdout, stderr, output, ms: performance.now() - started });
    });
  });
  child.stdin.end(opts.input ?? "");
  return {
    pid: child.pid!,
    killGroup: (signal) => process.kill(opts.detached ? -child.pid! : child.pid!, signal),
    result,
  };
}

/** Runs a program to its end; with timeoutMs it is killed then (code -1, a line in output). */
export function runProcess(
  command: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string | undefined>; input?: string; timeoutMs?: number },
): Promise<RunResult> {
  return startProcess(command, args, opts).result;
}

/** prisma.config.ts of a Prisma 7 project: schema and migrations under prisma/, the URL from DATABASE_URL. */
export const prisma7Config = `import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL! },
});
`;
