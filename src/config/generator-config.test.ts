import { describe, expect, it } from "vitest";
import { parseGeneratorConfig } from "./generator-config.js";

describe("generator block options", () => {
  it("defaults: write, pre-check and attach on, 5s lock timeout", () => {
    expect(parseGeneratorConfig({}, {})).toEqual({
      migrations: null, attachConstraint: true, precheck: true, lockTimeout: "5s", emit: "write", emitSource: "default",
    });
  });

  it("reads every option", () => {
    expect(parseGeneratorConfig({ migrations: "db/migrations", attachConstraint: "false", precheck: "false", lockTimeout: "500ms", emit: "plan" }, {}))
      .toMatchObject({ migrations: "db/migrations", attachConstraint: false, precheck: false, lockTimeout: "500ms", emit: "plan", emitSource: "config" });
  });

  it("plans only on a build server unless emit is given", () => {
    expect(parseGeneratorConfig({}, { CI: "true" })).toMatchObject({ emit: "plan", emitSource: "ci" });
    expect(parseGeneratorConfig({ emit: "write" }, { CI: "true" })).toMatchObject({ emit: "write", emitSource: "config" });
    expect(parseGeneratorConfig({}, { CI: "false" })).toMatchObject({ emit: "write", emitSource: "default" });
    expect(parseGeneratorConfig({}, { CI: "1" })).toMatchObject({ emit: "plan", emitSource: "ci" });
  });

  it("names an unknown key and the accepted ones", () => {
    expect(() => parseGeneratorConfig({ precheckk: "true" }, {})).toThrowError(
      'prisma-concurrently: unknown option "precheckk" in the generator block. Accepted options: migrations, attachConstraint, precheck, lockTimeout, emit.',
    );
  });

  it("names a bad value and the accepted values", () => {
    expect(() => parseGeneratorConfig({ precheck: "yes" }, {})).toThrowError('option precheck = "yes" is not valid. Accepted: "true" or "false".');
    expect(() => parseGeneratorConfig({ emit: "apply" }, {})).toThrowError('Accepted: "write" or "plan"');
    expect(() => parseGeneratorConfig({ lockTimeout: "0" }, {})).toThrowError(/lockTimeout = "0" is not valid/);
    expect(() => parseGeneratorConfig({ lockTimeout: "5 parsecs" }, {})).toThrowError(/lockTimeout/);
  });
});
