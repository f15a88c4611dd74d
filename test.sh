#!/usr/bin/env bash
# Runs every test: the OpenAPI contract lint (when contracts/lint.sh exists) and the whole .NET test suite.
#   ./test.sh            # what CI runs
#   ./test.sh --filter X # extra arguments go to dotnet test
set -euo pipefail
cd "$(dirname "$0")"

if [ -x contracts/lint.sh ]; then
  echo "== contract lint"
  contracts/lint.sh
fi

echo "== dotnet test"
dotnet test Splp.sln -c Release --logger "console;verbosity=minimal" "$@"
