#!/usr/bin/env bash
# The whole test suite: once on the embedded PostgreSQL 18, the newest major (or TEST_DATABASE_URL),
# and once more on Debian's installed PostgreSQL (15 here, the oldest supported) when its programs
# are found, so the newest and the oldest major both run.
# The first run covers every Prisma × script-mode combination where the engine's behaviour matters
# (test/support/project.ts: matrix, pairs, one). The second run (TEST_MATRIX=reduced, one
# combination each) takes only the files whose outcome can depend on the PostgreSQL major: each
# operation's generated SQL deployed, the pre-checks, the lock step, and what doctor and watch read
# from the catalogs. Arguments (files, -t) are passed to both runs.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
npx vitest run "$@"
second_server_files=(
  test/harness.test.ts            # the engine's script modes on this server
  test/ads-scenario.test.ts       # the unique: pre-check, concurrent build, USING INDEX attach
  test/index-operations.test.ts   # CREATE/DROP INDEX CONCURRENTLY, rename
  test/foreign-key.test.ts        # NOT VALID, VALIDATE, the orphan pre-check
  test/not-null.test.ts           # CHECK NOT VALID, VALIDATE, SET NOT NULL proven without a scan
  test/partitioned-index.test.ts  # ON ONLY, per-partition concurrent builds, ATTACH PARTITION
  test/partitioned-recovery.test.ts
  test/unique-changes.test.ts     # DROP CONSTRAINT, ADD CONSTRAINT … USING INDEX in one ALTER TABLE
  test/lock-step.test.ts          # the retrying lock step behind a long transaction
  test/duplicates-precheck.test.ts
  test/duplicates-sql.test.ts
  test/precheck-sql.test.ts
  test/lock-step-sql.test.ts      # lock_timeout, subtransactions, pg_locks
  test/doctor-cancel.test.ts      # pg_stat_progress_create_index, pg_index
  test/watch.test.ts
)
if [ -z "${TEST_DATABASE_URL:-}" ] && command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
  if [ "$#" -gt 0 ]; then
    TEST_POSTGRES=debian TEST_MATRIX=reduced npx vitest run "$@"
  else
    TEST_POSTGRES=debian TEST_MATRIX=reduced npx vitest run "${second_server_files[@]}"
  fi
else
  echo "Debian PostgreSQL not found (pg_config): the second run on another PostgreSQL major was skipped"
fi
