// A duration written into SQL for PostgreSQL (SET lock_timeout = '5s', statement_timeout): a whole
// number with one of PostgreSQL's units (none means milliseconds); 0, which means "no limit", is
// refused. Client-side waits of the CLI (watch's --interval) are parsed in src/watch/duration.ts.
const POSTGRES_DURATION = /^([1-9]\d*)\s*(ms|s|min|h|d)?$/;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

export function isPostgresDuration(text: string): boolean {
  return POSTGRES_DURATION.test(text);
}

/** Milliseconds of a valid duration (a bare number is milliseconds, as for lock_timeout). */
export function durationMs(text: string): number {
  const match = POSTGRES_DURATION.exec(text.trim());
  if (!match) throw new Error(`not a PostgreSQL duration: ${text}`);
  return Number(match[1]) * UNIT_MS[match[2] ?? "ms"]!;
}
