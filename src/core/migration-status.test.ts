import { describe, expect, it } from "vitest";
import { groupRows, migrationStatus, rowState } from "./migration-status.js";
import type { MigrationRow } from "../doctor/model.js";

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

describe("migrationStatus: the one meaning for fix and duplicates", () => {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
  const row = (name: string, s: number, finished: boolean, rolledBack = false) => ({ name, startedAt: at(s), finishedAt: finished ? at(s + 1) : null, rolledBackAt: rolledBack ? at(s + 2) : null, logs: null });

  it("applied, failed, pending; a re-run that finished after a rolled-back failure is applied (fix's former reader missed this)", () => {
    const rows = [row("a", 0, true), row("b", 10, false), row("c", 20, false, true), row("c", 30, true)];
    expect(["a", "b", "c", "d"].map((n) => migrationStatus(rows, n))).toEqual(["applied", "failed", "applied", "pending"]);
  });
});
