import { beforeAll, describe, expect, it } from "vitest";
import { loadParser } from "../sql/parse.js";
import { queuedRow } from "./poll.js";
import { blocksWrites, QUEUED_PHASE } from "./phase.js";

beforeAll(loadParser);

// A row of QUEUED_SQL: a session waiting for a relation lock; "table" is the table of the locked relation.
const waiting = (query: string) => ({
  pid: 71, datname: "app", query, statement_start: "2026-03-01 10:00:00+00", elapsed_ms: 1200,
  wait_event_type: "Lock", wait_event: "relation", schema: "public", table: "post", blocking: [42],
});

describe("watch: a queued DROP INDEX or ALTER INDEX … RENAME of a deploy", () => {
  it("shows the catalog's DROP INDEX CONCURRENTLY and rename waiting for their lock; writes go on", () => {
    const drop = queuedRow(waiting(`DROP INDEX CONCURRENTLY "post_title_idx";\n`));
    expect(drop).toMatchObject({ command: "DROP INDEX CONCURRENTLY", phase: QUEUED_PHASE, table: "post", index: "post_title_idx", blockerPids: [42] });
    expect(blocksWrites(drop!.command)).toBe(false);
    const rename = queuedRow(waiting(`SET lock_timeout = '5s';\nALTER INDEX "post_title_idx_pcc_0a1b2c3d" RENAME TO "post_title_idx";\nRESET lock_timeout;\n`));
    expect(rename).toMatchObject({ command: "ALTER INDEX RENAME", table: "post", index: "post_title_idx_pcc_0a1b2c3d" });
    expect(blocksWrites(rename!.command)).toBe(false);
  });

  it("Prisma's plain DROP INDEX blocks writes; other waiting statements are not shown", () => {
    expect(blocksWrites(queuedRow(waiting(`-- DropIndex\nDROP INDEX "post_title_idx";`))!.command)).toBe(true);
    expect(queuedRow(waiting(`UPDATE "post" SET "title" = 'x';`))).toBeNull();
    expect(queuedRow(waiting(`DROP INDEX CONCURRENTLY "a"; DROP INDEX CONCURRENTLY "b";`))).toBeNull();
  });

  it("a queued CREATE INDEX is read as before", () => {
    expect(queuedRow(waiting(`CREATE INDEX "post_title_idx" ON "post"("title");`))).toMatchObject({ command: "CREATE INDEX", index: "post_title_idx" });
  });
});
