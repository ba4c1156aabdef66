#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# with-xvfb.sh COMMAND...: runs COMMAND on an X display of its own. Xvfb picks a free display
# number itself (-displayfd), so GUI tests run in parallel never race for one the way
# `xvfb-run -a` can. The screen is MOTCUA_XVFB_SCREEN (default 1366x768x24, the smallest
# screen the desk is made for).
set -euo pipefail
screen=${MOTCUA_XVFB_SCREEN:-1366x768x24}
state=$(mktemp -d)
trap 'kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true; rm -rf "$state"' EXIT
Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp -noreset 3>"$state/display" 2>"$state/log" &
xvfb=$!
for _ in $(seq 200); do
  [[ -s "$state/display" ]] && break
  kill -0 "$xvfb" 2>/dev/null || { echo "with-xvfb: Xvfb did not start:" >&2; cat "$state/log" >&2; exit 2; }
  sleep 0.05
done
[[ -s "$state/display" ]] || { echo "with-xvfb: Xvfb gave no display in 10 s" >&2; exit 2; }
DISPLAY=":$(tr -d '\n' <"$state/display")" "$@"
