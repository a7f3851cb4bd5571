import { describe, expect, it } from "vitest";
import { groupRows, rowState } from "./history.js";
import type { MigrationRow } from "./model.js";

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 10, minute));
const row = (minute: number, state: "applied" | "failed" | "rolled-back", name = "m"): MigrationRow => ({
  name,
  startedAt: at(minute),
  finishedAt: state === "applied" ? at(minute + 1) : null,
  rolledBackAt: state === "rolled-back" ? at(minute + 2) : null,
  logs: state === "applied" ? null : "Database error code: 57014",
});

describe("doctor: a migration's state from its rows, as Prisma reads them", () => {
  it("no rows: pending", () => {
    expect(rowState(undefined)).toEqual({ status: "pending", current: null, rolledBack: [] });
  });

  it("one finished row: applied; one unfinished row: failed", () => {
    expect(rowState([row(0, "applied")]).status).toBe("applied");
    expect(rowState([row(0, "failed")]).status).toBe("failed");
  });

  it("failed, rolled back, not run again: pending, with the failed attempt kept", () => {
    const state = rowState([row(0, "rolled-back")]);
    expect(state.status).toBe("pending");
    expect(state.rolledBack).toHaveLength(1);
  });

  it("failed, rolled back and run again: the latest attempt decides", () => {
    expect(rowState([row(0, "rolled-back"), row(5, "applied")])).toMatchObject({ status: "applied", rolledBack: [row(0, "rolled-back")] });
    expect(rowState([row(0, "rolled-back"), row(5, "rolled-back"), row(9, "failed")])).toMatchObject({ status: "failed", current: row(9, "failed") });
  });

  it("groups rows by migration, oldest first, whatever order they come in", () => {
    const groups = groupRows([row(9, "applied", "b"), row(5, "applied", "a"), row(0, "rolled-back", "a")]);
    expect([...groups.keys()]).toEqual(["a", "b"]);
    expect(groups.get("a")!.map((r) => r.startedAt)).toEqual([at(0), at(5)]);
  });
});
