// ADD CONSTRAINT … FOREIGN KEY without NOT VALID on a table that existed before the migration
// (Prisma's new relation): it scans the table under SHARE ROW EXCLUSIVE on both tables, so writes
// wait. An error: `fix` (and the generator) add it NOT VALID, then VALIDATE it in its own folder.
import type { Rule } from "../rule.js";
import { blockingForeignKey as recognise } from "../../catalog/foreign-key/recognise.js";
import { foreignKeyMessages } from "../../messages/operations/foreign-key.js";

export const blockingForeignKey: Rule = {
  id: "blocking-foreign-key",
  severity: "error",
  summary: "ADD CONSTRAINT … FOREIGN KEY without NOT VALID on a table that existed before the migration",
  check(ctx) {
    const found = recognise(ctx);
    if (!found) return [];
    return [foreignKeyMessages.blockingForeignKey({
      name: found.fk.name, table: found.table.sql, referenced: found.referenced.sql, migration: ctx.migration, partitioned: found.partitioned,
    })];
  },
  notice(ctx) {
    const found = recognise(ctx);
    return found && foreignKeyMessages.blockingForeignKeyNotice({ name: found.fk.name, table: found.table.sql });
  },
};
