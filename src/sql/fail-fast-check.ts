// The shape of this tool's pre-checks (a unique's duplicates, a foreign key's orphan rows): one DO
// block that first asks only whether a bad row exists (cheap, stops at the first), and only then
// runs the report query and raises it as an error with a readable message. Both queries go
// through EXECUTE: PL/pgSQL plans its own statements without parallel workers, and these read whole tables.
import { doBlock, quoteLiteral } from "./quote.js";

export interface FailFastCheck {
  /** The boolean variable the existence query fills. */
  found: string;
  /** The two bigint variables the report fills before `sample_keys`; the message's %s, in order. */
  counts: readonly [string, string];
  /** Statements to run first (e.g. planner settings for this transaction). */
  setup?: readonly string[];
  /**
   * A cheaper first question that may answer "maybe" but never misses a bad row: only when it says
   * yes (or fails with the condition `unsure`) does the exact `exists` run.
   */
  quick?: { query: string; unsure: string };
  exists: string;
  /** SELECT of the two counts and the sample keys text. */
  report: string;
  errcode: string;
  /** format() template with three %s. */
  message: string;
}

export function failFastCheck(c: FailFastCheck): string {
  const filled = [...c.counts, "sample_keys"].join(", ");
  const exact = `EXECUTE ${quoteLiteral(c.exists)}\n    INTO ${c.found};`;
  const question = c.quick
    ? `  BEGIN
    EXECUTE ${quoteLiteral(c.quick.query)}
      INTO ${c.found};
  EXCEPTION WHEN ${c.quick.unsure} THEN
    ${c.found} := true;
  END;
  IF ${c.found} THEN
    ${exact.replace("\n", "\n  ")}
  END IF;
`
    : `  ${exact}\n`;
  return doBlock(`DECLARE
  ${c.found} boolean;
${c.counts.map((v) => `  ${v} bigint;`).join("\n")}
  sample_keys text;
BEGIN
${(c.setup ?? []).map((line) => `  ${line}\n`).join("")}${question}  IF ${c.found} THEN
    EXECUTE ${quoteLiteral(c.report)}
      INTO ${filled};
    RAISE EXCEPTION USING ERRCODE = '${c.errcode}', MESSAGE = format(
      ${quoteLiteral(c.message)},
      ${filled});
  END IF;
END`, "prisma_concurrently") + "\n";
}
