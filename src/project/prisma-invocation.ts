// How the generator learns which config Prisma used. Prisma starts a generator as a child process
// in its own working folder (its configRoot) and passes it the schema path, but not the config
// file: `prisma generate --config <file>` is visible only on the command line of the Prisma CLI
// process that started this one. On Linux that line is read from /proc (the generator runs under
// `sh -c`, so Prisma is its parent or grandparent); on macOS and the BSDs from `ps` (and the
// working folder from `lsof`); elsewhere it cannot be read: the generator then says so, uses the
// config Prisma finds by itself, and points to PRISMA_CONCURRENTLY_CONFIG.
import { spawnSync } from "node:child_process";
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

/** Where this system lets a process read another's command line: /proc, `ps`, or nowhere. */
export type CommandLineSource = "proc" | "ps" | null;

/** /proc where it exists (Linux); `ps -o args=` on macOS and the BSDs; nothing on Windows and the rest. */
export function commandLineSource(platform: NodeJS.Platform, hasProc: boolean): CommandLineSource {
  if (hasProc) return "proc";
  if (platform === "darwin" || platform === "freebsd" || platform === "openbsd" || platform === "netbsd") return "ps";
  return null;
}

/** One ancestor process as the system shows it. */
interface ProcessView {
  argv: string[];
  cwd: string;
  parent: number;
}

function viaProc(pid: number): ProcessView {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return {
    argv: readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter((a) => a.length > 0),
    cwd: readlinkSync(`/proc/${pid}/cwd`),
    parent: Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]),
  };
}

/** `ps` joins the arguments with spaces: a path with a space in it is cut there (then not recognised). */
function viaPs(pid: number): ProcessView {
  const ps = spawnSync("ps", ["-o", "ppid=", "-o", "args=", "-p", String(pid)], { encoding: "utf8" });
  const m = /^\s*(\d+)\s+(.*)$/.exec(ps.stdout ?? "");
  if (ps.status !== 0 || !m) throw new Error(`ps -p ${pid}`);
  const lsof = spawnSync("lsof", ["-a", "-p", String(pid), "-d", "cwd", "-Fn"], { encoding: "utf8" });
  const cwd = (lsof.stdout ?? "").split("\n").find((l) => l.startsWith("n"))?.slice(1);
  if (!cwd) throw new Error(`lsof -p ${pid}`);
  return { argv: m[2]!.trim().split(/\s+/), cwd, parent: Number(m[1]) };
}

export interface InvocationLookup {
  /** The Prisma CLI process' invocation; null when it was not found. */
  invocation: PrismaInvocation | null;
  /** The ancestors' command lines could not be read here: a `--config` of Prisma is invisible. */
  unreadable: boolean;
}

/** The Prisma CLI process among this process' nearest ancestors. */
export function prismaInvocation(pid = process.ppid, source = commandLineSource(process.platform, existsSync("/proc/self/cmdline"))): InvocationLookup {
  if (source === null) return { invocation: null, unreadable: true };
  const view = source === "proc" ? viaProc : viaPs;
  let current = pid;
  for (let depth = 0; depth < 4 && current > 1; depth++) {
    let seen: ProcessView;
    try {
      seen = view(current);
    } catch {
      // Not even the first ancestor can be read: say so; a later one gone is the end of the chain.
      return { invocation: null, unreadable: depth === 0 };
    }
    const found = invocationOf(seen.argv, seen.cwd);
    if (found) return { invocation: found, unreadable: false };
    current = seen.parent;
  }
  return { invocation: null, unreadable: false };
}
