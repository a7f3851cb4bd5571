// The clock for folder timestamps. PRISMA_CONCURRENTLY_NOW (an ISO date) fixes it, for
// reproducible output in tests, demos and reviews.
export function clockFrom(env: Record<string, string | undefined>): Date {
  const fixed = env.PRISMA_CONCURRENTLY_NOW;
  if (!fixed) return new Date();
  const date = new Date(fixed);
  if (Number.isNaN(date.getTime())) throw new Error(`PRISMA_CONCURRENTLY_NOW="${fixed}" is not a date (expected e.g. 2026-01-31T12:00:00Z)`);
  return date;
}
