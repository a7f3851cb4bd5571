// `check` over a migration history: walk the one replay (core/replay.ts `walkHistory`) and, for the
// migrations being checked, run each rule on each statement against the model just before it: the
// rules of the catalog's operations (catalog order), then the generic ones (rules/index.ts).
import { walkHistory, type MigrationFile } from "../core/replay.js";
import { checkMessages } from "../messages/check.js";
import type { Finding, Rule } from "./rule.js";
import { rules as allRules } from "./rules/index.js";

export interface CheckOptions {
  /** Check only the migrations after this one (the ones before are still replayed). */
  since?: string | null;
  /** Check only these migrations. */
  only?: ReadonlySet<string>;
  rules?: readonly Rule[];
}

export interface CheckResult {
  findings: Finding[];
  suppressed: number;
  /** Names of the migrations that were checked. */
  checked: string[];
}

export function checkHistory(history: readonly MigrationFile[], options: CheckOptions = {}): CheckResult {
  const sinceIndex = options.since ? history.findIndex((m) => m.name === options.since) : -1;
  const checked = history
    .filter((_, i) => i > sinceIndex)
    .map((m) => m.name)
    .filter((name) => !options.only || options.only.has(name));
  const inScope = new Set(checked);
  const rules = options.rules ?? allRules;
  const result: CheckResult = { findings: [], suppressed: 0, checked };
  walkHistory(history, {
    statement(ctx) {
      if (!inScope.has(ctx.migration)) return;
      for (const rule of rules) {
        for (const violation of rule.check(ctx)) {
          if (ctx.suppressed.has(rule.id)) {
            result.suppressed++;
            continue;
          }
          const at = violation.at === undefined ? ctx.statement : ctx.positionOf(violation.at);
          result.findings.push({
            migration: ctx.migration, line: at.line, column: at.column,
            rule: rule.id, severity: rule.severity, message: violation.message, fix: violation.fix,
          });
        }
      }
    },
    parseError(migration, error) {
      if (!inScope.has(migration)) return;
      result.findings.push({ migration, line: error.line, column: error.column, rule: "parse-error", severity: "error", ...checkMessages.parseError(error.message) });
    },
  });
  return result;
}
