// The "Lock:" line of a header, rendered from a step's lock data (catalog/locks.ts).
import { blocksReads, blocksWrites, type LockTaken } from "../../catalog/locks.js";

export function lockLine(locks: readonly LockTaken[], names: { table: string; index: string; referenced?: string }): string {
  const on = (l: LockTaken) => (l.on === "table" ? `"${names.table}"` : l.on === "referenced" ? `"${names.referenced ?? "?"}"` : `the index "${names.index}"`);
  const parts = locks.map((l) => `${l.mode} on ${on(l)}${l.held === "brief" ? ", briefly" : ""}`);
  const modes = locks.map((l) => l.mode);
  const effect = modes.some(blocksReads)
    ? "reads and writes wait"
    : modes.some(blocksWrites)
      ? "writes wait, reads go on"
      : locks.some((l) => l.held === "build")
        ? "reads and writes go on throughout"
        : "reads and writes go on";
  return `Lock: ${parts.join(" and ")}: ${effect}.`;
}
