// The text of each clause of one ALTER TABLE statement (`ADD COLUMN …, ALTER COLUMN … SET NOT NULL`):
// Prisma writes every change of a table as one ALTER TABLE with comma-separated clauses, and `fix`
// must move some of them while the others stay byte for byte. Split with PostgreSQL's own scanner
// (libpg-query): commas at parenthesis depth 0 after the table name; clause i is the statement's cmds[i].
import { scanSync } from "libpg-query";
import type { Statement } from "./parse.js";

export interface AlterClauses {
  /** `ALTER TABLE "t" ` up to the first clause. */
  head: string;
  /** Each clause's text, without the separating comma and surrounding blanks. */
  clauses: string[];
  /** Byte offsets (in the statement's text) where each clause starts. */
  starts: number[];
}

export function alterClauses(statement: Statement): AlterClauses {
  const bytes = Buffer.from(statement.text, "utf8");
  const tokens = scanSync(statement.text).tokens;
  const slice = (from: number, to: number) => bytes.subarray(from, to).toString("utf8");
  // The relation name: from its first token (the RangeVar's location) over `.`-joined parts.
  const relationAt = statement.node.relation.location - statement.byteOffset;
  let i = tokens.findIndex((t) => t.start >= relationAt);
  while (tokens[i + 1]?.text === ".") i += 2;
  if (tokens[i + 1]?.text === "*") i += 1;
  const first = tokens[i + 1]?.start ?? bytes.length;
  const starts = [first];
  const ends: number[] = [];
  let depth = 0;
  for (const token of tokens.slice(i + 1)) {
    if (token.text === "(" || token.text === "[") depth++;
    else if (token.text === ")" || token.text === "]") depth--;
    else if (token.text === "," && depth === 0) {
      ends.push(token.start);
      const next = tokens[tokens.indexOf(token) + 1];
      starts.push(next?.start ?? bytes.length);
    }
  }
  ends.push(bytes.length);
  return { head: slice(0, first), clauses: starts.map((s, k) => slice(s, ends[k]!).trim()), starts };
}

/** The statement with only the clauses at `keep` (indexes into cmds), or null when none is kept. */
export function alterWithClauses(statement: Statement, keep: readonly number[]): string | null {
  if (keep.length === 0) return null;
  const { head, clauses } = alterClauses(statement);
  return `${head}${keep.map((k) => clauses[k]).join(",\n")};`;
}
