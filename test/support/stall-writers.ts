// The application while a deploy runs: a few sessions writing to the ads fixture's counter table
// back to back (an INSERT of a new key, then an UPDATE of a seeded row), each recording its
// longest single write: how long a writer was stalled behind a lock.
import pg from "pg";

export interface WriterReport {
  /** The longest time one write took, over all writers (ms). */
  longestStallMs: number;
  writes: number;
  /** Writes completed between two instants (performance.now()), e.g. while a lock step was retrying. */
  completedBetween(from: number, to: number): number;
  errors: string[];
}

/** Starts `count` writers on the ads fixture's impression_counter (rows 1..`rows` exist); stop() reports. */
export async function startWriters(url: string, count: number, rows: number): Promise<{ stop(): Promise<WriterReport> }> {
  let running = true;
  let longest = 0;
  const ends: number[] = [];
  const errors: string[] = [];
  const clients = await Promise.all(
    Array.from({ length: count }, async () => {
      const client = new pg.Client({ connectionString: url, application_name: "test-writer" });
      client.on("error", () => {});
      await client.connect();
      return client;
    }),
  );
  const loops = clients.map(async (client, w) => {
    for (let i = 0; running; i++) {
      const started = performance.now();
      try {
        // New keys never collide with the seeded ones (2026 on) nor with each other's (one ad per writer).
        if (i % 2 === 0) await client.query("INSERT INTO impression_counter (ad_id, impression_date, counter) VALUES ($1, DATE '2040-01-01' + $2::int, 1)", [1 + w, i]);
        else await client.query("UPDATE impression_counter SET counter = counter + 1 WHERE id = $1", [1 + ((i * 7919 + w) % rows)]);
        const ended = performance.now();
        longest = Math.max(longest, ended - started);
        ends.push(ended);
      } catch (error) {
        if (errors.length < 5) errors.push((error as Error).message);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
      return {
        longestStallMs: longest,
        writes: ends.length,
        completedBetween: (from, to) => ends.filter((t) => t >= from && t <= to).length,
        errors,
      };
    },
  };
}
