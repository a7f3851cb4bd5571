import { describe, expect, it } from "vitest";
import { parseGeneratorConfig } from "./generator-config.js";

describe("generator block options", () => {
  it("defaults: write, pre-check and attach on, lock attempts of 200ms retried for 1min", () => {
    expect(parseGeneratorConfig({}, {})).toEqual({
      migrations: null, attachConstraint: true, precheck: true, lock: { attemptTimeout: "200ms", retryBudget: "1min" }, emit: "write", emitSource: "default",
    });
  });

  it("reads every option", () => {
    expect(parseGeneratorConfig({ migrations: "db/migrations", attachConstraint: "false", precheck: "false", lockAttemptTimeout: "500ms", lockRetryBudget: "5 min", emit: "plan" }, {}))
      .toMatchObject({ migrations: "db/migrations", attachConstraint: false, precheck: false, lock: { attemptTimeout: "500ms", retryBudget: "5min" }, emit: "plan", emitSource: "config" });
  });

  it("lockTimeout, the earlier single wait, is the retry budget now; a shorter one than an attempt is the attempt too", () => {
    expect(parseGeneratorConfig({ lockTimeout: "5s" }, {}).lock).toEqual({ attemptTimeout: "200ms", retryBudget: "5s" });
    expect(parseGeneratorConfig({ lockTimeout: "100ms" }, {}).lock).toEqual({ attemptTimeout: "100ms", retryBudget: "100ms" });
    expect(parseGeneratorConfig({ lockTimeout: "5s", lockAttemptTimeout: "1s" }, {}).lock).toEqual({ attemptTimeout: "1s", retryBudget: "5s" });
    expect(() => parseGeneratorConfig({ lockTimeout: "5s", lockRetryBudget: "1min" }, {})).toThrowError(
      "prisma-concurrently: the generator block sets both lockTimeout and lockRetryBudget. lockTimeout is the earlier name of lockRetryBudget",
    );
  });

  it("an attempt longer than the whole budget is refused, naming both", () => {
    expect(() => parseGeneratorConfig({ lockAttemptTimeout: "2s", lockRetryBudget: "1s" }, {})).toThrowError(
      'lockAttemptTimeout = "2s" is longer than lockRetryBudget = "1s"',
    );
  });

  it("plans only on a build server unless emit is given", () => {
    expect(parseGeneratorConfig({}, { CI: "true" })).toMatchObject({ emit: "plan", emitSource: "ci" });
    expect(parseGeneratorConfig({ emit: "write" }, { CI: "true" })).toMatchObject({ emit: "write", emitSource: "config" });
    expect(parseGeneratorConfig({}, { CI: "false" })).toMatchObject({ emit: "write", emitSource: "default" });
    expect(parseGeneratorConfig({}, { CI: "1" })).toMatchObject({ emit: "plan", emitSource: "ci" });
  });

  it("names an unknown key and the accepted ones", () => {
    expect(() => parseGeneratorConfig({ precheckk: "true" }, {})).toThrowError(
      'prisma-concurrently: unknown option "precheckk" in the generator block. Accepted options: migrations, attachConstraint, precheck, lockAttemptTimeout, lockRetryBudget, lockTimeout, emit.',
    );
  });

  it("names a bad value and the accepted values", () => {
    expect(() => parseGeneratorConfig({ precheck: "yes" }, {})).toThrowError('option precheck = "yes" is not valid. Accepted: "true" or "false".');
    expect(() => parseGeneratorConfig({ emit: "apply" }, {})).toThrowError('Accepted: "write" or "plan"');
    expect(() => parseGeneratorConfig({ lockTimeout: "0" }, {})).toThrowError(/lockTimeout = "0" is not valid/);
    expect(() => parseGeneratorConfig({ lockTimeout: "5 parsecs" }, {})).toThrowError(/lockTimeout/);
    expect(() => parseGeneratorConfig({ lockAttemptTimeout: "0" }, {})).toThrowError(/lockAttemptTimeout = "0" is not valid/);
    expect(() => parseGeneratorConfig({ lockRetryBudget: "soon" }, {})).toThrowError(/lockRetryBudget = "soon" is not valid/);
  });
});
