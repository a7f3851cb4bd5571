// How the generator learns which config Prisma used. Prisma starts a generator as a child process
// in its own working folder (its configRoot) and passes it the schema path, but not the config
// file: `prisma generate --config <file>` is visible only on the command line of the Prisma CLI
// process that started this one. On Linux that line is read from /proc (the generator runs under
// `sh -c`, so Prisma is its parent or grandparent); elsewhere there is no invocation to read, and
// the generator uses the config Prisma finds by itself (or PRISMA_CONCURRENTLY_CONFIG).
import { existsSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export interface PrismaInvocation {
  /** The Prisma CLI process' working folder. */
  cwd: string;
  /** Its `prisma` package folder. */
  cliDir: string;
  /** `--config` and `--schema` as given, resolved against cwd. */
  config?: string;
  schema?: string;
}

/** The Prisma CLI package that a script path (process.argv[1] of a node process) belongs to. */
function prismaPackageOf(script: string): string | null {
  let dir = dirname(script);
  for (let i = 0; i < 4; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "prisma" ? dir : null;
      } catch {
        return null;
      }
    }
    dir = dirname(dir);
  }
  return null;
}

/** The value of `--name <v>` or `--name=<v>` in an argument list. */
export function optionValue(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i]!.startsWith(`${name}=`)) return args[i]!.slice(name.length + 1);
  }
  return undefined;
}

/** Parses one /proc entry: the Prisma CLI's invocation if this process is one. */
export function invocationOf(argv: string[], cwd: string): PrismaInvocation | null {
  const script = argv[1];
  if (!script) return null;
  let path: string;
  try {
    path = realpathSync(resolve(cwd, script));
  } catch {
    return null;
  }
  const cliDir = prismaPackageOf(path);
  if (!cliDir) return null;
  const args = argv.slice(2);
  const config = optionValue(args, "--config");
  const schema = optionValue(args, "--schema");
  return { cwd, cliDir, ...(config ? { config: resolve(cwd, config) } : {}), ...(schema ? { schema: resolve(cwd, schema) } : {}) };
}

/** The Prisma CLI process among this process' nearest ancestors, or null (not Linux, or not run by Prisma). */
export function prismaInvocation(pid = process.ppid): PrismaInvocation | null {
  let current = pid;
  for (let depth = 0; depth < 4 && current > 1; depth++) {
    try {
      const argv = readFileSync(`/proc/${current}/cmdline`, "utf8").split("\0").filter((a) => a.length > 0);
      const found = invocationOf(argv, readlinkSync(`/proc/${current}/cwd`));
      if (found) return found;
      const stat = readFileSync(`/proc/${current}/stat`, "utf8");
      current = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      return null;
    }
  }
  return null;
}
