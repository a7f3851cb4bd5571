// The PostgreSQL server of the benchmark: an embedded one started for the run, or the one of
// BENCH_DATABASE_URL, which must be on this machine (a loopback host): the benchmark loads the
// server as hard as it can and must never aim that at another host.
import { startServer } from "../test/support/postgres-server.js";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_NAMES.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) || hostname.endsWith(".localhost");
}

export interface BenchServer {
  adminUrl: string;
  version: string;
  kind: string;
  stop(): Promise<void>;
}

export async function benchServer(given: string | undefined): Promise<BenchServer> {
  if (given) {
    let url: URL;
    try {
      url = new URL(given);
    } catch {
      throw new Error("BENCH_DATABASE_URL is not a URL (postgresql://user:password@127.0.0.1:5432/postgres)");
    }
    if (!isLoopbackHost(url.hostname) || url.searchParams.has("host")) {
      throw new Error(`BENCH_DATABASE_URL must point at this machine (localhost, 127.x.x.x or [::1]), not "${url.hostname}": the benchmark loads its server with writes.`);
    }
    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: given });
    await client.connect();
    const version = (await client.query<{ v: string }>("SHOW server_version")).rows[0]!.v;
    await client.end();
    return { adminUrl: given, version, kind: "BENCH_DATABASE_URL", stop: async () => {} };
  }
  const server = await startServer("embedded");
  return { ...server, kind: "embedded" };
}
