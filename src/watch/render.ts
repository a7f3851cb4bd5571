// Where `watch` writes: progress bars on a terminal (cli-progress, one bar and one detail line per
// build), timestamped plain lines otherwise, or one JSON object per line.
import cliProgress from "cli-progress";
import { barText, jsonBuild, plainLines } from "./format.js";
import type { BuildView } from "./model.js";
import type { BuildOutcome } from "../messages/watch.js";

export interface Renderer {
  /** The builds of one poll (possibly none). */
  poll(views: readonly BuildView[], at: Date): void;
  /** A build left the view: how it ended, as a sentence. */
  finished(view: BuildView, outcome: BuildOutcome, sentence: string, at: Date): void;
  /** A message of the watcher itself (waiting, done). */
  message(text: string): void;
  stop(): void;
}

type Out = Pick<NodeJS.WriteStream, "write">;

const clock = (at: Date) => at.toISOString().slice(11, 19);

export function plainRenderer(out: Out): Renderer {
  return {
    poll(views, at) {
      for (const v of views) for (const line of plainLines(v)) out.write(`${clock(at)} ${line}\n`);
    },
    finished(_view, _outcome, sentence, at) {
      out.write(`${clock(at)} ${sentence}\n`);
    },
    message: (text) => out.write(`${text}\n`),
    stop() {},
  };
}

/** One JSON object per line: `{"at", "builds": [...]}` per poll, `{"at", "finished": {...}}` per build that ended. */
export function jsonRenderer(out: Out, messages: Out): Renderer {
  return {
    poll(views, at) {
      out.write(`${JSON.stringify({ at: at.toISOString(), builds: views.map(jsonBuild) })}\n`);
    },
    finished(view, outcome, sentence, at) {
      out.write(`${JSON.stringify({ at: at.toISOString(), finished: { ...jsonBuild(view), outcome, message: sentence } })}\n`);
    },
    message: (text) => messages.write(`${text}\n`),
    stop() {},
  };
}

const BAR_SCALE = 1000;

interface BarPair {
  bar: cliProgress.SingleBar;
  detail: cliProgress.SingleBar;
}

export function barRenderer(stream: NodeJS.WriteStream): Renderer {
  const multibar = new cliProgress.MultiBar({
    stream,
    hideCursor: true,
    clearOnComplete: false,
    barsize: 24,
    emptyOnZero: true,
    linewrap: true,
    fps: 5,
    gracefulExit: false, // the watch loop handles Ctrl-C and stops the bars itself
    barCompleteChar: "\u2588",
    barIncompleteChar: "\u2591",
    format: (options, params, payload: { title: string; status: string }) =>
      `${payload.title}  ${cliProgress.Format.BarFormat(params.progress, options)}  ${payload.status}`,
  });
  const bars = new Map<string, BarPair>();
  const detailFormat = (_o: cliProgress.Options, _p: cliProgress.Params, payload: { detail: string }) => `  ${payload.detail}`;
  return {
    poll(views) {
      for (const v of views) {
        const text = barText(v);
        const value = Math.round(((v.percent ?? 0) * BAR_SCALE) / 100);
        let pair = bars.get(v.key);
        if (!pair) {
          pair = {
            bar: multibar.create(BAR_SCALE, value, text),
            detail: multibar.create(BAR_SCALE, 0, text, { format: detailFormat }),
          };
          bars.set(v.key, pair);
        }
        pair.bar.update(value, text);
        pair.detail.update(0, text);
      }
    },
    finished(view, _outcome, sentence) {
      const pair = bars.get(view.key);
      if (pair) {
        multibar.remove(pair.bar);
        multibar.remove(pair.detail);
        bars.delete(view.key);
      }
      multibar.log(`${sentence}\n`);
      multibar.update();
    },
    message(text) {
      if (!multibar.isActive) {
        stream.write(`${text}\n`);
        return;
      }
      multibar.log(`${text}\n`);
      multibar.update();
    },
    stop: () => multibar.stop(),
  };
}
