// Migration folder names in Prisma's format, `YYYYMMDDHHMMSS_name`, ordered after every folder
// that exists so Prisma applies the new steps last and in the order given.
import { createHash } from "node:crypto";

export const TOOL_PREFIX = "concurrently_";

export function timestampOf(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}

function dateOfTimestamp(ts: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(ts);
  if (!m) return null;
  const date = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The part of a folder name after its timestamp (`20250101000000_init` → `init`). */
export function folderLabel(folder: string): string {
  return /^\d{14}_/.test(folder) ? folder.slice(15) : folder;
}

/** A readable, lower-case slug of an index name; a short hash keeps names distinct when characters had to go. */
export function indexSlug(schema: string, indexName: string): string {
  const base = indexName.replace(/_key$/, "").toLowerCase();
  let slug = base.replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 60).replace(/_+$/, "");
  if (!/^[a-z0-9_]*$/.test(base) || slug.length === 0) {
    const hash = createHash("sha256").update(`${schema}.${indexName}`).digest("hex").slice(0, 8);
    slug = slug ? `${slug}_${hash}` : hash;
  }
  return slug;
}

/**
 * `count` timestamps, one second apart, starting at `now` or just after the newest existing
 * folder, whichever is later; null when no timestamp can sort after the existing folders.
 */
export function nextTimestamps(existing: readonly string[], now: Date, count: number): string[] | null {
  const newest = [...existing].sort().at(-1);
  let start = now;
  if (newest) {
    const newestDate = dateOfTimestamp(newest.slice(0, 14));
    if (newestDate && newestDate.getTime() >= start.getTime()) start = new Date(newestDate.getTime() + 1000);
    else if (!newestDate && timestampOf(start) <= newest) return null;
  }
  const stamps = Array.from({ length: count }, (_, i) => timestampOf(new Date(start.getTime() + i * 1000)));
  if (stamps.some((s) => s.length !== 14)) return null; // beyond year 9999
  return stamps;
}
