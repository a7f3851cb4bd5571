// The three outputs of `check`: text for people, JSON for tools (a stable format, documented in
// docs/check-and-fix.md; version 1), and GitHub workflow commands that annotate the pull request.
import { join } from "node:path";
import type { Finding } from "./rule.js";
import type { CheckResult } from "./run-check.js";
import { checkMessages } from "../messages/check.js";

export const FORMATS = ["text", "json", "github"] as const;
export type Format = (typeof FORMATS)[number];

export interface Located extends Finding {
  /** Path of the migration.sql, relative to the current folder, with `/` separators. */
  file: string;
}

export function locate(result: CheckResult, shownDir: string): Located[] {
  return result.findings.map((f) => ({ file: join(shownDir, f.migration, "migration.sql").split("\\").join("/"), ...f }));
}

function totals(result: CheckResult) {
  const errors = result.findings.filter((f) => f.severity === "error").length;
  return { errors, warnings: result.findings.length - errors, suppressed: result.suppressed, checked: result.checked.length };
}

function text(findings: Located[], result: CheckResult): string {
  const blocks = findings.map((f) => `${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.rule}\n  ${f.message}\n  Fix: ${f.fix}\n`);
  return [...blocks, checkMessages.summary(totals(result))].join("\n");
}

function json(findings: Located[], result: CheckResult, shownDir: string): string {
  return JSON.stringify({
    version: 1,
    migrationsDir: shownDir.split("\\").join("/"),
    checked: result.checked,
    findings: findings.map((f) => ({
      file: f.file, migration: f.migration, line: f.line, column: f.column,
      rule: f.rule, severity: f.severity, message: f.message, fix: f.fix,
    })),
    summary: totals(result),
  }, null, 2);
}

// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

function github(findings: Located[], result: CheckResult): string {
  const lines = findings.map((f) =>
    `::${f.severity} file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(`prisma-concurrently ${f.rule}`)}::` +
    escapeData(`${f.message}\nFix: ${f.fix}`));
  return [...lines, checkMessages.summary(totals(result))].join("\n");
}

export function formatResult(result: CheckResult, format: Format, shownDir: string): string {
  const findings = locate(result, shownDir);
  if (format === "json") return json(findings, result, shownDir);
  if (format === "github") return github(findings, result);
  return text(findings, result);
}

export const hasErrors = (result: CheckResult) => result.findings.some((f) => f.severity === "error");
