import { flag, parseCommandArgs, stringOption, type Command, type ParsedArgs } from "../command.js";
import { redactUrl, resolveDatabaseUrl } from "../../config/database-url.js";
import { withClient } from "../../io/database.js";
import { UserError } from "../../messages/user-error.js";
import { watchMessages } from "../../messages/watch.js";
import { parseDuration } from "../../watch/duration.js";
import { barRenderer, jsonRenderer, plainRenderer, type Renderer } from "../../watch/render.js";
import { watchBuilds } from "../../watch/run.js";
import { databaseSource } from "../../watch/poll.js";

function duration(args: ParsedArgs, name: string, fallback: number): number {
  const given = stringOption(args, name);
  if (given === undefined) return fallback;
  const ms = parseDuration(given);
  if (ms === null) throw new UserError(watchMessages.badDuration(name, given));
  return ms;
}

export const watchCommand: Command = {
  name: "watch",
  summary: "show the index builds in progress (phase, progress, time left, what they wait for)",
  help: watchMessages.help,
  async run(argv) {
    const args = parseCommandArgs("watch", argv, {
      url: { type: "string" },
      config: { type: "string" },
      once: { type: "boolean" },
      json: { type: "boolean" },
      interval: { type: "string" },
      wait: { type: "string" },
      linger: { type: "string" },
      "all-databases": { type: "boolean" },
    });
    const json = flag(args, "json");
    const once = flag(args, "once");
    const bars = !json && !once && Boolean(process.stdout.isTTY);
    const intervalMs = Math.max(50, duration(args, "interval", process.stdout.isTTY ? 1000 : 2000));
    const waitMs = duration(args, "wait", 60_000);
    const lingerMs = duration(args, "linger", 0);
    const target = await resolveDatabaseUrl({ url: stringOption(args, "url"), config: stringOption(args, "config") });
    const renderer: Renderer = json ? jsonRenderer(process.stdout, process.stderr) : bars ? barRenderer(process.stdout) : plainRenderer(process.stdout);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      return await withClient(target, async (client) => {
        const database = flag(args, "all-databases") ? null : (await client.query<{ db: string }>("SELECT current_database() AS db")).rows[0]!.db;
        const where = database === null ? `every database of ${redactUrl(target.url)}` : redactUrl(target.url);
        const result = await watchBuilds(databaseSource(client, database), { intervalMs, waitMs, lingerMs, once, where, renderer, signal: abort.signal });
        return result.exitCode !== 0 || !abort.signal.aborted ? result.exitCode : 130;
      });
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
};
