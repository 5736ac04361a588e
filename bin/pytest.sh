#!/usr/bin/env bash
# Runs pytest suites with Debian's python3-pytest and python3-hypothesis (bin/setup-tools.sh installs
# them) under /usr/bin/python3: a python3 earlier on PATH (pyenv, a venv) does not see them.
#   bash bin/pytest.sh [--allow-empty] <dir> [pytest args...]
# <dir> is the suite's root (its pytest.ini or conftest.py decides what is collected). pytest's exit
# code 5 (no tests collected) is a failure, since a suite that finds no tests proves nothing, unless
# --allow-empty says the folder may legitimately have none yet.
set -euo pipefail
allow_empty=false
if [ "${1:-}" = --allow-empty ]; then allow_empty=true; shift; fi
if [ $# -lt 1 ] || [ ! -d "$1" ]; then
  echo "usage: bash bin/pytest.sh [--allow-empty] <dir> [pytest args...] (found no folder ${1:-})" >&2
  exit 2
fi
dir=$1; shift
set +e
(cd "$dir" && PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m pytest -q -p no:cacheprovider "$@")
code=$?
set -e
if [ "$code" -eq 5 ]; then
  if [ "$allow_empty" = true ]; then exit 0; fi
  echo "pytest: no tests collected in $dir, where tests are expected; check its pytest.ini testpaths and test_*.py names" >&2
fi
exit "$code"
