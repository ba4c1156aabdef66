#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# The whole test suite: installs dependencies, builds the release and the sanitizer
# (ASan+UBSan) configurations and runs every test in both, then the threaded layers (the desk
# application, sync, the server) under ThreadSanitizer. Warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."

# Layers first: a wrong include fails in a second, before anything is installed or built.
scripts/check-layers.sh

scripts/install-deps.sh

# A ';' in a test name splits it in CTest; fail before a build is spent on it.
scripts/check-test-names.sh

echo "== lint: the C++ formatting, the protocol's OpenAPI description"
scripts/check-format.sh
scripts/lint-openapi.sh

# The server tests run a second time against PostgreSQL: CTest starts a throwaway cluster before
# them and stops it after (scripts/test-postgres.sh, fixtures in tests/CMakeLists.txt). Should a
# run be interrupted, the trap stops whatever cluster is left.
trap 'for p in release asan; do scripts/test-postgres.sh stop "build/$p/tests/postgres" || true; done' EXIT

jobs=$(nproc)
for preset in release asan tsan; do
  echo "== $preset: configure and build"
  start=$SECONDS
  cmake --preset "$preset" -DMOTCUA_WERROR=ON >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== $preset: test (built in $((SECONDS - start)) s)"
  start=$SECONDS
  ctest --preset "$preset" -j "$jobs"
  echo "== $preset: passed in $((SECONDS - start)) s"
done
