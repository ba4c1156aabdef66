#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# Runs MotCua Desk on a local demo ward: installs dependencies, builds, creates the demo ward
# database (demo/ward.db) with a few months of synthetic dossiers, and starts motcua-desk.
# Without a display (a server, an SSH session) it shows the `motcua` command line instead.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target motcua motcua-desk motcua_translations

motcua=build/release/src/cli/motcua
desk=build/release/src/app/motcua-desk
export MOTCUA_DB="$PWD/demo/ward.db"
if [[ ! -f "$MOTCUA_DB" ]]; then
  "$motcua" init --unit-code 000.00.15.H30 --unit-name "UBND phường Bồ Đề" --desk 1 \
    --officer "Nguyễn Thị Lan" --place "Hà Nội"
  "$motcua" demo --dossiers 2000 --months 3
  printf 'demo1234\n' | "$motcua" account add --name "Nguyễn Thị Lan" --password-stdin
fi
echo "Demo ward: $MOTCUA_DB (sign in as Nguyễn Thị Lan, password demo1234)"

if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  exec "$desk" --db "$MOTCUA_DB" "$@"
fi

echo "No display: here is the command line on the demo ward instead of the window."
"$motcua" --version
echo
echo "Today's overdue dossiers (first 10):"
"$motcua" list --overdue --limit 10
echo
echo "A new intake from a CCCD QR scan:"
code=$("$motcua" intake --procedure 2.000815 --pages 3 \
  --qr "001099012345|123456789|NGUYỄN VĂN ĐỨC|01011999|Nam|Số 1 phố Ngọc Lâm, phường Bồ Đề, Thành phố Hà Nội|15042021")
"$motcua" show "$code"
"$motcua" print "$code" --form receipt --out "$PWD/demo/receipt-$code.pdf"
echo "Receipt (form 01, two copies): $PWD/demo/receipt-$code.pdf"
echo
echo "Try, with MOTCUA_DB=$MOTCUA_DB (once the desk is closed: while it runs, the ward is its own):"
echo "  $motcua list --search \"nguyen van duc\""
echo "  $motcua act $code forward"
echo "  $motcua register --from $(date +%Y-%m-01) --to $(date +%F) --out demo/register.xlsx"
echo "  xvfb-run $desk --db $MOTCUA_DB   # the desk application on a virtual display"
