export class PostgresStartError extends Error {}
export function embeddedBindir(): string;
export function startPostgres(options: { bindir?: string; port: number; password?: string; flags?: string[]; temps?: string[] }): Promise<{
  adminUrl: string;
  version: string;
  stop(): Promise<void>;
}>;
export function localPostgres(port: number, options?: { bindir?: string; password?: string; flags?: string[] }): {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};
