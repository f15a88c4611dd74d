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
# One test project at a time (-m:1): the functional tests time real Redis operations and the browser tests
# run Chromium; on a 2-core machine running them side by side starves both.
dotnet test Splp.sln -c Release -m:1 --logger "console;verbosity=minimal" "$@"
