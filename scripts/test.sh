#!/usr/bin/env bash
# The whole test suite: once on the embedded PostgreSQL 18, the newest major (or TEST_DATABASE_URL),
# and once more on Debian's installed PostgreSQL (15 here, the oldest supported) when its programs
# are found, so the newest and the oldest major both run.
# The second run covers fewer Prisma and script-mode combinations (TEST_MATRIX=reduced) to save time;
# the first covers every combination.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
npx vitest run "$@"
if [ -z "${TEST_DATABASE_URL:-}" ] && command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
  TEST_POSTGRES=debian TEST_MATRIX=reduced npx vitest run "$@"
else
  echo "Debian PostgreSQL not found (pg_config): the second run on another PostgreSQL major was skipped"
fi
