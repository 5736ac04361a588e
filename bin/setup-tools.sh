#!/usr/bin/env bash
# Installs the system tools the test suite needs and a fresh machine lacks (idempotent, quiet when
# everything is there), as Debian packages: shellcheck for the init-script tests; pytest and
# Hypothesis for the data-project scaffold's Python tests, under the system interpreter
# /usr/bin/python3 (a pyenv python3 earlier on PATH does not see them; tests call /usr/bin/python3);
# PostgreSQL's server binaries and psql for the pg state backend's tests (test/helpers/postgres.ts).
set -euo pipefail
missing=()
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
# PostgreSQL server binaries for the pg state backend tests (test/helpers/postgres.ts).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
/usr/bin/python3 -c 'import pytest' >/dev/null 2>&1 || missing+=(python3-pytest)
/usr/bin/python3 -c 'import hypothesis' >/dev/null 2>&1 || missing+=(python3-hypothesis)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "setup-tools: missing ${missing[*]}; install them with your package manager (Debian: apt-get install ${missing[*]})" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "setup-tools: installing ${missing[*]} (apt-get)" >&2
$SUDO apt-get update -qq >/dev/null
# Wait for a concurrent apt (another setup run) rather than fail on its lock.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${missing[@]}" >/dev/null
