#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# Screenshots under Xvfb: every window in Vietnamese on the whole screen at 1366x768 and at
# 1280x720 (sign-in, main, intake after a scan, confirmations, detail, approvals, settings,
# print preview, the postponement's date, the applicant's edit, the certificate choice, the
# register's period, the password change); the main window, intake and detail in both languages; sync status with a
# conflict, the approval inbox, the PIN dialog with a low-tries warning, the token panel:
# scripts/screenshots.sh [OUT_DIR] (default build/screenshots). Needs a built release tree.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/screenshots}
mkdir -p "$out"
cmake --build --preset release --target test_app >/dev/null
export MOTCUA_SCREENSHOT_DIR NO_AT_BRIDGE=1 GDK_BACKEND=x11
MOTCUA_SCREENSHOT_DIR=$(realpath "$out")
for screen in 1366x768x24 1280x720x24; do
  MOTCUA_XVFB_SCREEN=$screen tests/app/with-xvfb.sh build/release/tests/test_app "[screenshots-vi]"
done
tests/app/with-xvfb.sh build/release/tests/test_app "[screenshots],[sync],[approvals]"
ls "$out"/*.png
