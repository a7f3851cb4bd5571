// What `prisma-concurrently watch` says. Layout of the progress lines lives in src/watch/format.ts;
// the sentences are here.
import { TOOL } from "./notices.js";

export type BuildOutcome = "valid" | "invalid" | "missing" | "unknown";

export const watchMessages = {
  help: `Usage: prisma-concurrently watch [--url <url>] [--config <file>] [--once] [--json]
                                  [--interval <duration>] [--wait <duration>] [--linger <duration>]
                                  [--all-databases]

Shows every index build in progress on the database (pg_stat_progress_create_index): table,
index, phase in words, blocks and tuples done/total, percent, elapsed time and time left, and what
the build waits for (the blocking transactions' pids, age and query). Run it while
\`prisma migrate deploy\` runs in another terminal or CI step.

One progress bar per build on a terminal; plain lines otherwise; one JSON object per poll with
--json. While a \`prisma migrate deploy\` runs (it holds Prisma's migration lock) watch follows it,
build after build, and exits when it ends. Otherwise it exits when no build remains after it saw one,
or when no build starts within --wait. Exit code 1 when a build it watched left an INVALID index (even after Ctrl-C), else 130 after
Ctrl-C, else 0.

Options:
  --url <url>            the database (default: as Prisma finds it: datasource.url of the Prisma
                         config, else the schema's directUrl or url, else DATABASE_URL)
  --config <file>        the Prisma config file to read the URL from (default: the one the
                         installed Prisma finds here)
  --once                 print one snapshot and exit
  --json                 one JSON line per poll (and one per finished build)
  --interval <duration>  time between polls (default: 1s on a terminal, 2s otherwise)
  --wait <duration>      how long to wait for a first build (default: 60s; 0 waits forever)
  --linger <duration>    after the last build ends, keep watching this long for another (default: 0s)
  --all-databases        show builds on every database of the server, not only the URL's (how a
                         build elsewhere ended is not checked: the catalog is per database)
  -h, --help             this help

Durations: 500ms, 2s, 1min (a number alone is seconds).`,

  badDuration: (option: string, value: string) =>
    `${TOOL} watch: --${option} "${value}" is not a duration. Write e.g. 500ms, 2s or 1min (a number alone is seconds).`,

  waitingForFirst: (where: string, waitMs: number | null, wait: string) =>
    `${TOOL} watch: no index build in progress on ${where}; ${waitMs === 0 ? "waiting for one" : `waiting up to ${wait} for one`} (Ctrl-C to stop).`,

  noneStarted: (wait: string) => `${TOOL} watch: no index build started within ${wait}; nothing to watch.`,

  connectionLost: (where: string, reason: string) =>
    `${TOOL} watch: lost the connection to ${where} (${reason}). The builds go on without watch; run it again to follow them.`,

  noneNow: (where: string) => `${TOOL} watch: no index build in progress on ${where}.`,

  allDone: (count: number) => `${TOOL} watch: no index build remains (${count} watched).`,

  followingDeploy: (pid: number) =>
    `${TOOL} watch: a Prisma Migrate command is running (it holds Prisma's migration lock, backend pid ${pid}); following it until it ends.`,

  deployEnded: (pid: number, count: number) =>
    `${TOOL} watch: the Prisma Migrate command (backend pid ${pid}) ended; no index build remains (${count} watched).`,

  /** A partition's build of a partitioned table's index, as its change's job. */
  partitionJob: (position: number, total: number, root: string, left: string | null) =>
    `partition ${position} of ${total} of ${root}${left ? `, ~${left} left for all` : ""}`,
  blocksWrites: (table: string) => `plain CREATE INDEX: every write to "${table}" waits until it ends`,

  waitingFor: (what: string) => `waiting for ${what}`,

  olderSnapshots: (sessions: string) =>
    `transactions older than the build, still open: ${sessions}. The build cannot finish before they end: ` +
    "commit or roll them back (or pg_cancel_backend(pid) / pg_terminate_backend(pid)).",

  waitingForUnknown: (event: string) => `waiting (${event}); no blocking session found`,

  finished(title: string, elapsed: string, outcome: BuildOutcome, index: string | null): string {
    switch (outcome) {
      case "valid":
        return `${title}: finished after ${elapsed}; the index is valid.`;
      case "invalid":
        return `${title}: ended after ${elapsed}, but the index is INVALID: the build failed (duplicates, cancel or timeout) ` +
          "and left it behind; queries never use it, yet it may still be updated by writes and refuse duplicate keys until it is dropped. " +
          "`npx prisma-concurrently doctor` says why and what to do; when the build " +
          `is one of this tool's migrations, \`doctor --fix\` drops it (DROP INDEX CONCURRENTLY "${index ?? "…"}") and marks the ` +
          "migration rolled back, so the next deploy runs it again.";
      case "unknown":
        return `${title}: ended after ${elapsed}.`;
      case "missing":
        return `${title}: ended after ${elapsed}; the index is not visible: the build failed, or its transaction has not committed yet.`;
    }
  },
};
