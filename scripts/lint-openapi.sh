#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# Lints the sync protocol's description (src/server/openapi.yaml) with Redocly's linter under
# its strict ruleset, where every problem, warnings included, fails. The linter comes from the
# npm registry, pinned, into build/tools (Node.js 20.19 or later, as the machine has).
set -euo pipefail
cd "$(dirname "$0")/.."
version=2.77.0
tools=build/tools/redocly
if ! command -v npm >/dev/null; then
  echo "lint-openapi: npm is missing (Node.js 20.19 or later is needed)" >&2
  exit 1
fi
if [ "$(cat "$tools/version" 2>/dev/null)" != "$version" ]; then
  rm -rf "$tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "@redocly/cli@$version" >/dev/null
  echo "$version" >"$tools/version"
fi
# The linter's banner about Node.js versions is noise here; its findings are not.
"$tools/node_modules/.bin/redocly" lint --config src/server/redocly.yaml --format=stylish \
  src/server/openapi.yaml 2>&1 | grep -v '[║╔╚]'
exit "${PIPESTATUS[0]}"
