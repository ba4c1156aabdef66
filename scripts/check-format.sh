#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# The C++ sources as .clang-format wants them (Debian 12's clang-format 14).
#   scripts/check-format.sh          every tracked .cpp and .h (the tree was formatted once)
#   scripts/check-format.sh BASE     only those changed since the commit BASE
# Fix with: clang-format -i FILE...
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
  mapfile -t files < <(git diff --name-only --diff-filter=d "$1" -- '*.cpp' '*.h')
else
  mapfile -t files < <(git ls-files '*.cpp' '*.h')
fi
[ ${#files[@]} -eq 0 ] && { echo "check-format: no C++ file to check"; exit 0; }
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/check-format.$$; then
  grep -E '^[^ ].*: (error|warning):' /tmp/check-format.$$ | cut -d: -f1 | sort -u | sed 's/^/  /' >&2
  echo "check-format: the files above are not formatted; run clang-format -i on them" >&2
  rm -f /tmp/check-format.$$
  exit 1
fi
rm -f /tmp/check-format.$$
echo "check-format: ok (${#files[@]} files)"
