#!/usr/bin/env bash
# `npm test`: everything a change must pass, from a fresh clone after `npm ci`.
#  1. installs what the tests need (shellcheck, actionlint; terraform + the Databricks provider mirror, offline)
#  2. type-check, lint, format check, generated docs up to date
#  3. Python, via bin/pytest.sh: the shipped notebooks' tests (test/python, pytest.ini) and the
#     data-project scaffold's own suite (freshly scaffolded)
#  4. jest: unit, integration (real terraform), e2e (real terraform against the local emulator)
#  5. the emulator's conformance subset (the provider's own acceptance tests), when its Go test binaries are
#     cached (npm run test:conformance -- --build-only builds them; see emulator/README.md)
# Each check on its own line: under `set -e` a failure on the left of `&&` would not stop the script.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
bash bin/setup-tools.sh
bash bin/setup-actionlint.sh
npm run --silent setup:terraform
echo "== typecheck"
npx tsc --noEmit
echo "== lint"
npx eslint .
npx prettier --check --log-level warn .
echo "== docs"
npx tsx bin/docs.ts --check
echo "== python tests"
bash bin/pytest.sh .
python_tmp=$(mktemp -d)
trap 'rm -rf "$python_tmp"' EXIT
npx tsx bin/new-project.ts "$python_tmp/data-project" >/dev/null
bash bin/pytest.sh "$python_tmp/data-project"
echo "== tests"
npx jest --ci "$@"
echo "== conformance (CI subset)"
npm run --silent test:conformance -- --ci --if-built
