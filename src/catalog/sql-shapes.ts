// Shapes of step SQL shared by operations: the retrying lock step, written here and read back here.
//
// A step that takes a strong lock (ACCESS EXCLUSIVE for an attach or a constraint drop) must not
// wait long for it: PostgreSQL's lock queue is first come, first served, so while its request waits
// behind a long transaction every later query that conflicts with it waits too. So each attempt
// waits at most a short lock_timeout, then lets go (writers queued behind it go on), sleeps a
// jittered, growing pause, and tries again, until a total budget runs out; then it raises 55P03
// naming the sessions that held the table. Why one DO block with the statement inside it:
// - an attempt is a PL/pgSQL block with an EXCEPTION clause, a subtransaction: when its lock wait
//   times out, everything it took is released, and the retry loop goes on;
// - one statement behaves the same whether the engine sends the file whole (one implicit
//   transaction) or statement by statement (each in its own transaction). A lock taken by one
//   statement and used by the next would need BEGIN … COMMIT in the file, and a failure inside an
//   explicit BEGIN leaves the deploy's session in an aborted transaction (Prisma then cannot even
//   record the failure);
// - the statement stays plain SQL in the block (PL/pgSQL runs a utility statement as written, no
//   EXECUTE of a string), and the block carries a label: lockStepStatements() finds both through
//   PostgreSQL's PL/pgSQL parser, so the history replay, doctor and watch follow what it does.
import { parsePlPgSQLSync } from "libpg-query";
import { parseStatements, SqlParseError, type Node, type Statement } from "../sql/parse.js";
import { doBlock, quoteIdent, quoteLiteral } from "../sql/quote.js";
import { durationMs } from "../sql/pg-duration.js";
import { lockStepMessages } from "../messages/lock-step.js";

/** How a step waits for a strong lock: the generator block's `lockAttemptTimeout` and `lockRetryBudget`. */
export interface LockRetry {
  /** lock_timeout of one attempt: the longest any query queues behind the step's lock request. */
  attemptTimeout: string;
  /** How long the step keeps trying in all before it gives up (55P03). */
  retryBudget: string;
}

/** What a lock step needs from its step: the options, and its folder (the error names it in the next command). */
export interface LockStepContext {
  folder: string;
  lock: LockRetry;
}

/** The PL/pgSQL label that marks a block as this tool's lock step (read back by lockStepStatements). */
export const LOCK_STEP_LABEL = "prisma_concurrently_lock_step";

/** The longest pause between two attempts, in seconds (or one attempt's timeout, when that is longer). */
const MAX_PAUSE_SECONDS = 2;

/** Every relation a statement names (RangeVar), as SQL text for to_regclass: the tables (or index) the lock is taken on. */
function relationsNamed(statements: readonly Statement[]): string[] {
  const names = new Set<string>();
  const visit = (node: Node): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    if (typeof node.relname === "string") names.add(node.schemaname ? `${quoteIdent(node.schemaname)}.${quoteIdent(node.relname)}` : quoteIdent(node.relname));
    Object.values(node).forEach(visit);
  };
  statements.forEach((s) => visit(s.node));
  return [...names];
}

const seconds = (ms: number) => String(ms / 1000);

/**
 * The retrying lock step: `statements` (one or more, run together under the lock the first one
 * takes) in one DO block that retries a short lock wait with backoff, within a budget. Every step
 * of the catalog that takes a strong lock writes its SQL with this. Needs the parser loaded (loadParser()).
 */
export function lockStep(ctx: LockStepContext, ...statements: string[]): string {
  const parsed = parseStatements(statements.join("\n"));
  // Only the first line is indented: a later line may be inside a string literal.
  const payload = parsed.map((s) => `      ${s.text};`).join("\n");
  const relations = relationsNamed(parsed).map((r) => `to_regclass(${quoteLiteral(r)})`);
  const attemptMs = durationMs(ctx.lock.attemptTimeout);
  const pauseCap = Math.max(MAX_PAUSE_SECONDS, attemptMs / 1000);
  const m = lockStepMessages;
  const body = `<<${LOCK_STEP_LABEL}>>
DECLARE
  attempt_timeout CONSTANT text := ${quoteLiteral(ctx.lock.attemptTimeout)};  -- lockAttemptTimeout
  attempt_length CONSTANT interval := interval '${attemptMs} milliseconds';
  started CONSTANT timestamptz := clock_timestamp();
  deadline timestamptz := clock_timestamp() + interval '${durationMs(ctx.lock.retryBudget)} milliseconds';  -- lockRetryBudget = '${ctx.lock.retryBudget}'
  relations CONSTANT regclass[] := ARRAY[${relations.join(", ")}]::regclass[];
  lock_timeout_before CONSTANT text := current_setting('lock_timeout');
  attempts int := 0;
  attempt_started timestamptz;
  cut_short text := '';
  holders text;
  oldest int;
BEGIN
  IF current_setting('statement_timeout') <> '0' THEN
    -- statement_timeout would cancel this statement first: give up before it, with the report below.
    IF statement_timestamp() + current_setting('statement_timeout')::interval * 0.9 < deadline THEN
      deadline := statement_timestamp() + current_setting('statement_timeout')::interval * 0.9;
      cut_short := format(${quoteLiteral(m.cutShort())}, current_setting('statement_timeout'));
    END IF;
  END IF;
  LOOP
    attempts := attempts + 1;
    attempt_started := clock_timestamp();
    BEGIN  -- one attempt, a subtransaction: when it fails, every lock it took is released
      PERFORM set_config('lock_timeout', attempt_timeout, true);
${payload}
      PERFORM set_config('lock_timeout', lock_timeout_before, true);
      RETURN;
    EXCEPTION WHEN lock_not_available THEN
      NULL;  -- it holds nothing now: the queries that queued behind the attempt go on
    END;
    EXIT WHEN clock_timestamp() + attempt_length >= deadline;  -- no room left for another attempt
    -- Backoff with jitter: ${seconds(attemptMs)} s, doubling up to ${pauseCap} s, each x0.5 to x1.5.
    PERFORM pg_sleep(greatest(0, least(
      extract(epoch FROM deadline - attempt_length - clock_timestamp()),
      least(${pauseCap}, ${seconds(attemptMs)} * 2 ^ least(attempts - 1, 6)) * (0.5 + random()))));
  END LOOP;
  -- Out of time: name the sessions that hold a lock on the relations, oldest transaction first. Only a
  -- transaction older than the last attempt can have held it through that attempt (later ones queued behind it).
  SELECT string_agg(format(${quoteLiteral(m.holder())}, h.pid, h.modes, h.relation, h.seconds, h.state, h.query), E'\\n' ORDER BY h.seconds DESC NULLS LAST),
         (array_agg(h.pid ORDER BY h.seconds DESC NULLS LAST))[1]
    INTO holders, oldest
    FROM (SELECT l.pid, string_agg(DISTINCT l.mode, ', ') AS modes, l.relation::regclass::text AS relation,
                 round(extract(epoch FROM clock_timestamp() - a.xact_start))::bigint AS seconds,
                 coalesce(a.state, 'state not visible') AS state,
                 left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 200) AS query
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
           WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid() AND l.relation = ANY (relations)
             AND a.xact_start < attempt_started
           GROUP BY l.pid, l.relation, a.xact_start, a.state, a.query) h;
  RAISE EXCEPTION USING
    ERRCODE = 'lock_not_available',
    MESSAGE = format(${quoteLiteral(m.error(ctx.lock))}, attempts, round(extract(epoch FROM clock_timestamp() - started)), array_to_string(relations::text[], ', ')),
    DETAIL = coalesce(holders, ${quoteLiteral(m.noHolder())}),
    HINT = format(${quoteLiteral(m.hint(ctx.lock, ctx.folder))}, coalesce(oldest::text, '<pid>')) || cut_short;
END ${LOCK_STEP_LABEL}`;
  return `${doBlock(body, "lock_step")}\n`;
}

/** A PL/pgSQL parse-tree node's one key (`PLpgSQL_stmt_block`, …) and its value. */
const nodeOf = (n: Node): [string, Node] => (Object.entries(n ?? {})[0] as [string, Node] | undefined) ?? ["", {}];

/** The block that makes one attempt: its EXCEPTION clause catches lock_not_available. */
function findAttempt(statements: readonly Node[]): Node | null {
  for (const wrapped of statements) {
    const [kind, n] = nodeOf(wrapped);
    if (kind === "PLpgSQL_stmt_block") {
      const catches = (n.exceptions?.PLpgSQL_exception_block?.exc_list ?? []).some((e: Node) =>
        (e.PLpgSQL_exception?.conditions ?? []).some((c: Node) => c.PLpgSQL_condition?.condname === "lock_not_available"));
      if (catches) return n;
      const inner = findAttempt(n.body ?? []);
      if (inner) return inner;
    } else if (kind === "PLpgSQL_stmt_loop") {
      const inner = findAttempt(n.body ?? []);
      if (inner) return inner;
    }
  }
  return null;
}

/**
 * The statements a lock step of this tool runs, read through PostgreSQL's parsers (the DO block's
 * PL/pgSQL, then each SQL statement of its attempt), placed at the DO block's line; null when
 * `statement` is not such a step (any other DO block, or not a DO block).
 */
export function lockStepStatements(statement: Statement): Statement[] | null {
  if (statement.kind !== "DoStmt") return null;
  const args: Node[] = statement.node.args ?? [];
  const language = args.find((a) => a.DefElem?.defname === "language")?.DefElem?.arg?.String?.sval;
  if (language && language.toLowerCase() !== "plpgsql") return null;
  let tree: Node;
  try {
    tree = parsePlPgSQLSync(statement.text);
  } catch {
    return null;
  }
  const outer = tree.plpgsql_funcs?.[0]?.PLpgSQL_function?.action?.PLpgSQL_stmt_block;
  const marked = (outer?.body ?? []).map((b: Node) => b.PLpgSQL_stmt_block).find((b: Node) => b?.label === LOCK_STEP_LABEL);
  const attempt = marked ? findAttempt(marked.body ?? []) : null;
  if (!attempt) return null;
  const found: Statement[] = [];
  for (const wrapped of attempt.body ?? []) {
    const [kind, n] = nodeOf(wrapped);
    if (kind !== "PLpgSQL_stmt_execsql") continue;
    let inner: Statement[];
    try {
      inner = parseStatements(n.sqlstmt?.PLpgSQL_expr?.query ?? "");
    } catch (error) {
      if (error instanceof SqlParseError) return null;
      throw error;
    }
    const line = statement.line + Math.max(0, (n.lineno ?? 1) - 1);
    for (const s of inner) found.push({ ...s, leadingComments: [], line, column: 1, byteOffset: statement.byteOffset, span: statement.span });
  }
  return found;
}

/** `statements` with each lock step of this tool replaced by the statements it runs. */
export function withLockStepsOpened(statements: readonly Statement[]): Statement[] {
  return statements.flatMap((s) => lockStepStatements(s) ?? [s]);
}
