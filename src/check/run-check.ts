// `check` over a migration history: replay every migration.sql in order and, for the migrations
// being checked, run each rule on each statement against the model as it was just before it.
import { applyStatement, endMigration, type MigrationFile } from "../core/replay.js";
import { emptyState, type AppliedState } from "../core/state.js";
import { parseStatements, SqlParseError, type Statement } from "../sql/parse.js";
import { sourcePositions } from "../sql/source-positions.js";
import { checkMessages, DISABLE_NEXT_LINE } from "../messages/check.js";
import type { Finding, Rule, RuleContext } from "./rule.js";
import { rules as allRules } from "./rules/index.js";

export interface WalkHandlers {
  statement?(ctx: RuleContext): void;
  parseError?(migration: string, error: SqlParseError): void;
}

/**
 * Rule ids turned off for a statement by `-- prisma-concurrently-disable-next-line <rule>[, <rule>…]`
 * on the line right before it (text after a further ` -- ` is a reason and is ignored).
 */
export function suppressedRules(statement: Statement, lines: readonly string[]): Set<string> {
  const previous = lines[statement.line - 2]?.trim();
  const ids = new Set<string>();
  if (!previous || !statement.leadingComments.some((c) => c.trim() === previous)) return ids;
  const body = previous.replace(/^--\s*/, "");
  if (!body.startsWith(`${DISABLE_NEXT_LINE} `)) return ids;
  for (const id of body.slice(DISABLE_NEXT_LINE.length).split(" -- ")[0]!.split(/[\s,]+/)) if (id) ids.add(id);
  return ids;
}

/**
 * Replays the history statement by statement, showing each one to the handler before it is
 * applied; from `start` (changed in place) when the migrations before `history` were replayed already.
 */
export function walkHistory(history: readonly MigrationFile[], handlers: WalkHandlers, start: AppliedState = emptyState()): AppliedState {
  const state = start;
  for (const migration of history) {
    let statements: Statement[];
    try {
      statements = parseStatements(migration.sql);
    } catch (error) {
      if (!(error instanceof SqlParseError)) throw error;
      handlers.parseError?.(migration.name, error);
      continue;
    }
    const positionOf = sourcePositions(migration.sql);
    const lines = migration.sql.split("\n");
    statements.forEach((statement, index) => {
      handlers.statement?.({
        migration: migration.name,
        statement,
        statements,
        index,
        state,
        suppressed: suppressedRules(statement, lines),
        positionOf,
      });
      applyStatement(state, statement, { migration: migration.name, warn: () => {} });
    });
    endMigration(state);
  }
  return state;
}

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
