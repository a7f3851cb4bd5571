import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "./duration.js";

describe("durations", () => {
  it("reads the units of the options, and a bare number as seconds", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("2s")).toBe(2000);
    expect(parseDuration("1.5min")).toBe(90_000);
    expect(parseDuration("1h")).toBe(3_600_000);
    expect(parseDuration("3")).toBe(3000);
    expect(parseDuration("0")).toBe(0);
    expect(parseDuration("soon")).toBeNull();
    expect(parseDuration("-1s")).toBeNull();
  });

  it("writes short durations with a decimal, long ones in minutes and hours", () => {
    expect(formatDuration(412)).toBe("0.4s");
    expect(formatDuration(4_100)).toBe("4.1s");
    expect(formatDuration(12_400)).toBe("12s");
    expect(formatDuration(123_000)).toBe("2m03s");
    expect(formatDuration(59_600)).toBe("1m00s");
    expect(formatDuration(3_725_000)).toBe("1h02m");
    expect(formatDuration(-5)).toBe("0.0s");
  });
});
