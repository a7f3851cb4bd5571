// ALTER TABLE … ADD COLUMN … DEFAULT <volatile expression> on a table that existed before the
// migration (e.g. Prisma's `@default(dbgenerated("gen_random_uuid()"))` on a new field): PostgreSQL
// rewrites the whole table under ACCESS EXCLUSIVE to store a value per row. A constant or stable
// default is instant on PostgreSQL 11+ and is not flagged. Volatility: src/sql/volatility.ts.
import type { Rule } from "../rule.js";
import { stringList, type Node } from "../../sql/parse.js";
import { existingTable } from "../sql-facts.js";
import { columnDefaultVolatility } from "../../sql/volatility.js";
import { alterClauses } from "../../sql/alter-clauses.js";
import { notNullMessages } from "../../messages/operations/not-null.js";

export const volatileDefault: Rule = {
  id: "volatile-default",
  severity: "error",
  summary: "ADD COLUMN with a volatile DEFAULT (gen_random_uuid(), random(), SERIAL …) on a table that existed before the migration (rewrites the table under ACCESS EXCLUSIVE)",
  check(ctx) {
    const n = ctx.statement.node;
    if (ctx.statement.kind !== "AlterTableStmt" || n.objtype !== "OBJECT_TABLE") return [];
    const table = existingTable(ctx, n.relation);
    if (!table) return [];
    const found = [];
    const cmds: Node[] = n.cmds ?? [];
    for (const [i, c] of cmds.entries()) {
      const column = c.AlterTableCmd?.subtype === "AT_AddColumn" ? c.AlterTableCmd.def?.ColumnDef : null;
      if (!column) continue;
      const volatility = columnDefaultVolatility(column);
      if (!volatility.volatile) continue;
      const parts = columnParts(ctx.statement, i, column);
      found.push(notNullMessages.volatileDefault({
        column: column.colname,
        ...parts,
        because: volatility.because!,
        unknown: volatility.unknown,
        table: table.sql,
        notNull: (column.constraints ?? []).some((k: Node) => k.Constraint?.contype === "CONSTR_NOTNULL"),
      }));
    }
    return found;
  },
};

/** The column's type and its default as written in the clause (text between the constraints' positions). */
function columnParts(statement: Parameters<typeof alterClauses>[0], clause: number, column: Node): { type: string; defaultSql: string } {
  const bytes = Buffer.from(statement.text, "utf8");
  const split = alterClauses(statement);
  const clauseEnd = split.starts[clause + 1] ?? bytes.length;
  const at = (location: number) => location - statement.byteOffset;
  const constraints: Node[] = (column.constraints ?? []).map((k: Node) => k.Constraint).filter(Boolean);
  const starts = constraints.map((k) => at(k.location)).sort((a, b) => a - b);
  const typeStart = at(column.typeName.location);
  const text = (from: number, to: number) => bytes.subarray(from, to).toString("utf8").trim().replace(/,$/, "").trim();
  const type = text(typeStart, starts[0] ?? clauseEnd);
  const def = constraints.find((k) => k.contype === "CONSTR_DEFAULT");
  if (!def) {
    // A serial type: its value comes from a sequence the column would own.
    const serial = stringList(column.typeName.names).at(-1)?.toLowerCase() ?? "";
    const integer = ["bigserial", "serial8"].includes(serial) ? "BIGINT" : ["smallserial", "serial2"].includes(serial) ? "SMALLINT" : "INTEGER";
    return { type: integer, defaultSql: "nextval(<a sequence you create>)" };
  }
  const defStart = at(def.location);
  const next = starts.find((s) => s > defStart) ?? clauseEnd;
  return { type, defaultSql: text(defStart, next).replace(/^DEFAULT\s+/i, "") };
}
