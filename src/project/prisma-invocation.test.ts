import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commandLineSource, invocationOf, optionValue, prismaInvocation } from "./prisma-invocation.js";

const dir = mkdtempSync(join(tmpdir(), "pgc-invocation-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// A project with the Prisma CLI package and its bin link, as npm installs them.
mkdirSync(join(dir, "node_modules", "prisma", "build"), { recursive: true });
mkdirSync(join(dir, "node_modules", ".bin"));
writeFileSync(join(dir, "node_modules", "prisma", "package.json"), JSON.stringify({ name: "prisma", version: "7.10.1" }));
writeFileSync(join(dir, "node_modules", "prisma", "build", "index.js"), "");
symlinkSync("../prisma/build/index.js", join(dir, "node_modules", ".bin", "prisma"));
writeFileSync(join(dir, "tool.js"), "");

describe("the Prisma CLI process that started the generator", () => {
  it("is recognised by its script (also through the .bin link) and gives its --config and --schema, resolved against its folder", () => {
    expect(invocationOf(["node", "node_modules/.bin/prisma", "generate", "--config", "conf/p.ts", "--schema=db/s.prisma"], dir)).toEqual({
      cwd: dir,
      cliDir: join(dir, "node_modules", "prisma"),
      config: join(dir, "conf", "p.ts"),
      schema: join(dir, "db", "s.prisma"),
    });
    expect(invocationOf(["/usr/bin/node", join(dir, "node_modules", "prisma", "build", "index.js"), "generate"], dir)).toEqual({ cwd: dir, cliDir: join(dir, "node_modules", "prisma") });
  });

  it("is not the shell Prisma starts generators in, nor another node program", () => {
    expect(invocationOf(["/bin/sh", "-c", "node dist/bin.js"], dir)).toBeNull();
    expect(invocationOf(["node", "tool.js", "--config", "x.ts"], dir)).toBeNull();
    expect(invocationOf(["node"], dir)).toBeNull();
  });

  it("reads an option in both spellings, and nothing when it is absent", () => {
    expect(optionValue(["--config", "a.ts"], "--config")).toBe("a.ts");
    expect(optionValue(["--config=b.ts"], "--config")).toBe("b.ts");
    expect(optionValue(["--configs", "c.ts"], "--config")).toBeUndefined();
  });
});

describe("where the command line of Prisma can be read", () => {
  it("is /proc where it exists, `ps` on macOS and the BSDs, and nowhere on Windows and the rest", () => {
    expect(commandLineSource("linux", true)).toBe("proc");
    expect(commandLineSource("darwin", false)).toBe("ps");
    expect(commandLineSource("freebsd", false)).toBe("ps");
    expect(commandLineSource("win32", false)).toBeNull();
    expect(commandLineSource("aix", false)).toBeNull();
  });

  it("nowhere: the lookup says it could not read it (the generator then warns), rather than finding no Prisma", () => {
    expect(prismaInvocation(process.ppid, null)).toEqual({ invocation: null, unreadable: true });
  });

  it("a process chain without Prisma in it, read from /proc, is readable and finds none", () => {
    expect(prismaInvocation(process.pid, "proc")).toEqual({ invocation: null, unreadable: false });
  });
});
