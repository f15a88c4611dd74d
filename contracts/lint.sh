#!/usr/bin/env bash
# Lints every shared contract with the pinned Spectral CLI and the house ruleset (.spectral.yaml).
# Exits non-zero on any finding of severity warning or worse.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

if [[ ! -x node_modules/.bin/spectral ]]; then
  npm ci --no-audit --no-fund
fi

shopt -s nullglob
documents=(*/v*/openapi.yaml)
if [[ ${#documents[@]} -eq 0 ]]; then
  echo "lint.sh: no contract documents found under $here/<name>/v<major>/openapi.yaml" >&2
  exit 1
fi

node_modules/.bin/spectral lint --ruleset .spectral.yaml --fail-severity warn "${documents[@]}"
