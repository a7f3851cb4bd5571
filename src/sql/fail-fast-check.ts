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
  /** A statement to run first (e.g. a planner setting for this transaction). */
  setup?: string;
  exists: string;
  /** SELECT of the two counts and the sample keys text. */
  report: string;
  errcode: string;
  /** format() template with three %s. */
  message: string;
}

export function failFastCheck(c: FailFastCheck): string {
  const filled = [...c.counts, "sample_keys"].join(", ");
  return doBlock(`DECLARE
  ${c.found} boolean;
${c.counts.map((v) => `  ${v} bigint;`).join("\n")}
  sample_keys text;
BEGIN
${c.setup ? `  ${c.setup}\n` : ""}  EXECUTE ${quoteLiteral(c.exists)}
    INTO ${c.found};
  IF ${c.found} THEN
    EXECUTE ${quoteLiteral(c.report)}
      INTO ${filled};
    RAISE EXCEPTION USING ERRCODE = '${c.errcode}', MESSAGE = format(
      ${quoteLiteral(c.message)},
      ${filled});
  END IF;
END`, "prisma_concurrently") + "\n";
}
