// A real process and a real signal: the compiled module (npm run build) runs in a child.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const compiled = fileURLToPath(new URL("../../dist/io/interrupt.js", import.meta.url));

/** A child that does 1.5 s of synchronous work inside withInterruptCleanup, signalled once it has started. */
function interrupted(signal: NodeJS.Signals): Promise<{ code: number | null; output: string }> {
  const script = `
    const { withInterruptCleanup } = await import(${JSON.stringify(compiled)});
    await withInterruptCleanup(() => console.log("cleanup"), async () => {
      console.log("started");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      console.log("work done");
    });
    console.log("after");`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d;
      if (output === "started\n") child.kill(signal);
    });
    child.stderr.on("data", (d: Buffer) => { output += d; });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("a signal while the folders are moved", () => {
  it.each([["SIGINT", 130], ["SIGTERM", 143]] as const)("%s takes effect once the synchronous work is done: cleanup, then exit %i", async (signal, code) => {
    const result = await interrupted(signal);
    expect(result.output).toBe("started\nwork done\ncleanup\n");
    expect(result.code).toBe(code);
  });
});
