#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# Screenshots under Xvfb: the main window, intake and detail in Vietnamese and English; sync status
# with a conflict, the approval inbox, the PIN dialog with a low-tries warning, the token panel:
# scripts/screenshots.sh [OUT_DIR] (default build/screenshots). Needs a built release tree.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/screenshots}
mkdir -p "$out"
cmake --build --preset release --target test_app >/dev/null
MOTCUA_SCREENSHOT_DIR=$(realpath "$out") xvfb-run -a -s "-screen 0 1366x900x24" \
  build/release/tests/test_app "[screenshots],[sync],[approvals]"
ls "$out"/*.png
