#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# Each program reports the project's one version: check-versions.sh VERSION PROGRAM...
set -euo pipefail
want=$1
shift
status=0
for program in "$@"; do
  got=$(env -u DISPLAY "$program" --version | head -1)
  name=$(basename "$program")
  case "$got" in
    "$name $want" | "$name $want "*) echo "$got" ;;
    *) echo "check-versions: $program says '$got', the project is $want" >&2; status=1 ;;
  esac
done
exit $status
