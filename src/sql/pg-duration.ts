// A duration written into SQL for PostgreSQL (SET lock_timeout = '5s', statement_timeout): a whole
// number with one of PostgreSQL's units (none means milliseconds); 0, which means "no limit", is
// refused. Client-side waits of the CLI (watch's --interval) are parsed in src/watch/duration.ts.
const POSTGRES_DURATION = /^[1-9]\d*\s*(ms|s|min|h|d)?$/;

export function isPostgresDuration(text: string): boolean {
  return POSTGRES_DURATION.test(text);
}
