#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# Fails when a layer under src/ includes what it must not (DESIGN.md, "Layers"): wx outside
# the app; SQLite or libpq outside the store and the server; OpenSSL outside signing and crypto;
# SANE outside the scan layer; the desk's store, documents, engine or token-signing headers
# from the server; documents or the store from signing; the store from documents (forms render
# core types the callers gather). Tests may include anything. Usage: scripts/check-layers.sh [ROOT]
set -euo pipefail
root=${1:-"$(cd "$(dirname "$0")/.." && pwd)"}
cd "$root"

failed=0
# forbid WHAT PATTERN ALLOWED_DIRS_REGEX: every #include under src/ matching the extended regex
# PATTERN in a file outside ALLOWED_DIRS_REGEX (or, with "only:DIR", inside DIR) is reported.
forbid() {
  local what=$1 pattern=$2 scope=$3 hits
  if [[ $scope == only:* ]]; then
    hits=$(grep -rnE --include='*.h' --include='*.hpp' --include='*.cpp' "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($pattern)" "${scope#only:}" || true)
  else
    hits=$(grep -rnE --include='*.h' --include='*.hpp' --include='*.cpp' "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($pattern)" src |
           grep -vE "^($scope)[/:]" || true)
  fi
  if [[ -n $hits ]]; then
    echo "check-layers: $what:" >&2
    echo "$hits" | sed 's/^/  /' >&2
    failed=1
  fi
}

forbid "wx outside src/app" 'wx/' 'src/app'
forbid "SQL outside src/store and src/server" 'sqlite3\.h|libpq-fe\.h|libpq/|postgresql/' 'src/store|src/server'
forbid "OpenSSL outside src/signing and src/crypto" 'openssl/' 'src/signing|src/crypto'
forbid "SANE outside src/scan" 'sane/' 'src/scan'
forbid "desk libraries from the server" \
  'motcua/store/|motcua/documents/|motcua/sync/|motcua/app/|motcua/signing/(token|signer|pades|cms|timestamp)\.h|database\.h"|store_impl\.h"|internal\.h"' \
  only:src/server
forbid "documents or the store from signing" 'motcua/documents/|motcua/store/' only:src/signing
forbid "the store from documents" 'motcua/store/' only:src/documents

if [[ $failed -ne 0 ]]; then
  echo "check-layers: FAILED (see DESIGN.md, \"Layers\")" >&2
  exit 1
fi
echo "check-layers: ok"
