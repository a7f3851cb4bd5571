// Ctrl-C (SIGINT) and a cancelled job (SIGTERM) while a run holds the migrations folder. With a
// listener installed, Node runs it only between event-loop turns, so a signal that arrives while
// the folders are being moved (synchronous) takes effect once the move is over: a set is never
// left half-moved by a signal. The listener then removes what the run left (its staging folder,
// its lock) and exits with 128 + the signal's number (130, 143), as a shell reports it.
import { constants } from "node:os";
import { setImmediate as nextTurn } from "node:timers/promises";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

export async function withInterruptCleanup<T>(cleanup: () => void, work: () => Promise<T>): Promise<T> {
  let cleaned = false;
  const cleanupOnce = () => {
    if (!cleaned) cleanup();
    cleaned = true;
  };
  const listeners = SIGNALS.map((signal) => {
    const listener = () => {
      cleanupOnce();
      process.exit(128 + constants.signals[signal]);
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  try {
    return await work();
  } finally {
    cleanupOnce();
    // A signal that arrived during synchronous work is delivered on the next turns: keep the
    // listeners until then, or it would be lost.
    await nextTurn();
    await nextTurn();
    for (const [signal, listener] of listeners) process.off(signal, listener);
  }
}
