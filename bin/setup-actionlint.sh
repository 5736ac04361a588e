#!/usr/bin/env bash
# Installs actionlint (the GitHub Actions workflow linter; it runs shellcheck on every `run:` block)
# into the git-ignored .tools/bin, built from source through the Go module proxy. Idempotent: does
# nothing when the pinned version is already there. Needs Go (1.24+) and, for the shell checks,
# the shellcheck command on PATH (bin/setup-tools.sh installs it).
set -euo pipefail
VERSION=v1.7.12
cd "$(dirname "$0")/.."
BIN="$PWD/.tools/bin"
if [ -x "$BIN/actionlint" ] && [ "$("$BIN/actionlint" -version 2>/dev/null | head -n 1)" = "$VERSION" ]; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "setup-actionlint: Go is not on PATH; install Go 1.24+ to build actionlint ${VERSION}" >&2
  exit 1
fi
mkdir -p "$BIN"
echo "setup-actionlint: building actionlint ${VERSION} into .tools/bin (go install)" >&2
GOBIN="$BIN" go install "github.com/rhysd/actionlint/cmd/actionlint@${VERSION}"
