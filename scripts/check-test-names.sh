#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# Fails on a Catch2 test name that CTest would split: catch_discover_tests registers each case by
# name, and CTest reads a ';' in it as a list separator (the case then runs as two names that
# match nothing and fail). Names written over several string literals are joined first.
# Usage: scripts/check-test-names.sh [ROOT]
set -euo pipefail
root=${1:-"$(cd "$(dirname "$0")/.." && pwd)"}
python3 - "$root/tests" <<'PY'
import pathlib, re, sys
literal = r'"(?:[^"\\]|\\.)*"'
case = re.compile(r'\bTEST_CASE\s*\(\s*((?:' + literal + r'\s*)+)')
bad = []
for path in sorted(pathlib.Path(sys.argv[1]).rglob('*.cpp')):
    text = path.read_text(encoding='utf-8')
    for m in case.finditer(text):
        name = ''.join(re.findall(literal, m.group(1)))
        if ';' in name:
            line = text.count('\n', 0, m.start()) + 1
            bad.append(f'  {path}:{line}: {name}')
if bad:
    print("check-test-names: a ';' in a test name (CTest splits the name there):", file=sys.stderr)
    print('\n'.join(bad), file=sys.stderr)
    sys.exit(1)
print('check-test-names: ok')
PY
