#!/usr/bin/env bash
# Installs the system tools the test suite needs and a fresh machine lacks (idempotent, quiet when
# everything is there): shellcheck (Debian package) for the init-script tests.
set -euo pipefail
missing=()
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "setup-tools: missing ${missing[*]}; install them with your package manager (Debian: apt-get install ${missing[*]})" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "setup-tools: installing ${missing[*]} (apt-get)" >&2
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
