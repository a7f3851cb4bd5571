// The application under load: W connections, each running single-row writes back to back —
// alternately an INSERT of a new key and an UPDATE of a random existing row — and recording
// when every write started and completed. The keys of new rows never collide with the loaded
// rows (their ad_id is above them) nor with each other (each writer counts its own days).
import pg from "pg";

export const WRITER_AD_BASE = 1_000_000;

/** Start and end times (performance.now(), ms) of completed writes, in completion order. */
export class WriteLog {
  private starts = new Float64Array(1 << 16);
  private ends = new Float64Array(1 << 16);
  length = 0;

  add(start: number, end: number) {
    if (this.length === this.ends.length) {
      const grow = (a: Float64Array) => { const b = new Float64Array(a.length * 2); b.set(a); return b; };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  /** Completion times, sorted. */
  completions(): number[] {
    return Array.from(this.ends.subarray(0, this.length)).sort((a, b) => a - b);
  }

  /** Latencies of the writes that were in flight at some point of [from, to]. */
  latenciesOverlapping(from: number, to: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.length; i++) if (this.ends[i]! >= from && this.starts[i]! <= to) out.push(this.ends[i]! - this.starts[i]!);
    return out;
  }

  completedBetween(from: number, to: number): number {
    let n = 0;
    for (let i = 0; i < this.length; i++) if (this.ends[i]! >= from && this.ends[i]! <= to) n++;
    return n;
  }
}

export interface WriterTotals {
  inserts: number;
  updates: number;
  errors: number;
  /** The first few error messages. */
  errorSamples: string[];
}

export class Writers {
  log = new WriteLog();
  readonly totals: WriterTotals = { inserts: 0, updates: 0, errors: 0, errorSamples: [] };
  private clients: pg.Client[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  /** Next day offset of each writer's new keys; kept across runs so keys stay new. */
  private nextDay: number[];

  constructor(private readonly url: string, private readonly count: number, private readonly rows: number) {
    this.nextDay = Array.from({ length: count }, () => 0);
  }

  async connect() {
    for (let w = 0; w < this.count; w++) {
      const client = new pg.Client({ connectionString: this.url, application_name: `bench-writer-${w}` });
      await client.connect();
      this.clients.push(client);
    }
  }

  /** Starts writing with a fresh log. */
  start() {
    this.log = new WriteLog();
    this.running = true;
    this.loops = this.clients.map((client, w) => this.loop(client, w));
  }

  async stop() {
    this.running = false;
    await Promise.all(this.loops);
  }

  async close() {
    await this.stop();
    for (const c of this.clients) await c.end().catch(() => {});
  }

  private async loop(client: pg.Client, w: number) {
    let insert = w % 2 === 0;
    while (this.running) {
      const started = performance.now();
      try {
        if (insert) {
          const day = this.nextDay[w]!++;
          await client.query({
            name: "bench-insert",
            text: `INSERT INTO impression_counter (ad_id, impression_date, counter) VALUES ($1, DATE '2000-01-01' + $2::int, 0)`,
            values: [WRITER_AD_BASE + w, day],
          });
          this.totals.inserts++;
        } else {
          const id = 1 + Math.floor(Math.random() * this.rows);
          const result = await client.query({ name: "bench-update", text: "UPDATE impression_counter SET counter = counter + 1 WHERE id = $1", values: [id] });
          if (result.rowCount !== 1) throw new Error(`UPDATE of id ${id} changed ${result.rowCount} rows`);
          this.totals.updates++;
        }
        this.log.add(started, performance.now());
      } catch (error) {
        if (this.totals.errors++ < 5) this.totals.errorSamples.push((error as Error).message);
      }
      insert = !insert;
    }
  }
}
