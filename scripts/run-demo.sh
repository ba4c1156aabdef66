#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# Runs MotCua Desk on a local demo ward: installs dependencies, builds, creates the demo ward
# database (demo/ward.db) with a few months of synthetic dossiers, starts a local city server
# (motcua-server on 127.0.0.1 with a throwaway CA, demo/server/) to which a demo portal
# connector submits a few online dossiers, syncs the ward once so its online inbox fills, and
# starts motcua-desk. Without a display (a server, an SSH session) it shows the `motcua`
# command line instead. The server runs while the script does and stops when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" \
  --target motcua motcua-desk motcua-server motcua_translations

motcua=build/release/src/cli/motcua
desk=build/release/src/app/motcua-desk
server=build/release/src/server/motcua-server
unit=000.00.15.H30
export MOTCUA_DB="$PWD/demo/ward.db"
if [[ ! -f "$MOTCUA_DB" ]]; then
  "$motcua" init --unit-code "$unit" --unit-name "UBND phường Bồ Đề" --desk 1 \
    --officer "Nguyễn Thị Lan" --place "Hà Nội"
  "$motcua" demo --dossiers 2000 --months 3
  printf 'demo1234\n' | "$motcua" account add --name "Nguyễn Thị Lan" --password-stdin
fi
echo "Demo ward: $MOTCUA_DB (sign in as Nguyễn Thị Lan, password demo1234)"

# The city server, made once: a throwaway CA (never trust it anywhere else), a certificate
# for 127.0.0.1, the database with the catalog, the calendar, the ward's officer (lan.nt) and
# the portal's connector account (its password made here, kept beside it).
srv="$PWD/demo/server"
mkdir -p "$srv"
if [[ ! -f "$srv/server.pem" ]]; then
  (
    umask 077
    ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
    openssl req -x509 "${ec[@]}" -keyout "$srv/ca.key" -out "$srv/ca.pem" -days 3650 \
      -subj "/CN=MotCua demo CA (throwaway)" -addext basicConstraints=critical,CA:TRUE \
      -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
    openssl req "${ec[@]}" -keyout "$srv/server.key" -out "$srv/server.csr" \
      -subj "/CN=127.0.0.1" 2>/dev/null
    printf '%s\n' "subjectAltName=IP:127.0.0.1" "basicConstraints=CA:FALSE" \
      "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$srv/server.ext"
    openssl x509 -req -in "$srv/server.csr" -CA "$srv/ca.pem" -CAkey "$srv/ca.key" \
      -CAcreateserial -days 825 -extfile "$srv/server.ext" -out "$srv/server.pem" 2>/dev/null
  )
  chmod 644 "$srv/ca.pem" "$srv/server.pem"
  echo "Demo CA: $srv/ca.pem; the server's certificate for 127.0.0.1: $srv/server.pem"
fi
if [[ ! -f "$srv/city.db" ]]; then
  "$server" catalog import --db "$srv/city.db" resources/catalog/procedures.json
  "$server" calendar import --db "$srv/city.db" resources/calendar/vn-days-off.json
  printf 'demo1234\n' | "$server" user add --db "$srv/city.db" --username lan.nt \
    --full-name "Nguyễn Thị Lan" --role officer --ward "$unit" --password-stdin
  (umask 077 && openssl rand -hex 16 >"$srv/portal.password")
  "$server" user add --db "$srv/city.db" --username cong-dvc --full-name "Cổng Dịch vụ công (demo)" \
    --role portal --password-stdin <"$srv/portal.password"
fi

# Start it on a free port of 127.0.0.1 (its first line names the port); it stops when this
# script ends (the desk closed). The log is this run's.
"$server" --db "$srv/city.db" --listen 127.0.0.1:0 --tls-cert "$srv/server.pem" \
  --tls-key "$srv/server.key" >"$srv/server.log" 2>&1 &
server_pid=$!
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}
trap stop_server EXIT
port=
for _ in $(seq 100); do
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$srv/server.log" | tail -n 1)
  if [[ -n "$port" ]] && kill -0 "$server_pid" 2>/dev/null; then break; fi
  port=
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [[ -z "$port" ]]; then
  echo "motcua-server did not start; its log ($srv/server.log) ends with:" >&2
  tail -n 5 "$srv/server.log" >&2
  exit 1
fi
url="https://127.0.0.1:$port"
echo "City server: $url (pid $server_pid, log $srv/server.log); it stops when this script ends"

echo
echo "The portal submits online dossiers to the ward (scripts/demo-portal.py):"
python3 scripts/demo-portal.py --server "$url" --ca "$srv/ca.pem" --user cong-dvc \
  --password-stdin --ward "$unit" --catalog resources/catalog/procedures.json \
  <"$srv/portal.password"

# The ward keeps the server's address and CA, so the desk keeps syncing once an officer signs
# in with the server account; one pass now pulls the submissions (and their files) in.
echo
echo "The ward is pointed at the server (motcua settings) and syncs once (motcua sync --once):"
"$motcua" settings --server "$url" --ca "$srv/ca.pem"
printf 'demo1234\n' | "$motcua" sync --server "$url" --ca "$srv/ca.pem" --user lan.nt \
  --password-stdin --once --check-days 0

if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  echo
  echo "Sign in as lan.nt (password demo1234) for the desk to keep syncing with the city server."
  status=0
  "$desk" --db "$MOTCUA_DB" "$@" || status=$?
  exit "$status"
fi

echo
echo "No display: here is the command line on the demo ward instead of the window."
"$motcua" --version
echo
echo "Online submissions awaiting acceptance (motcua inbox):"
"$motcua" inbox
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
first=$("$motcua" inbox --json | python3 -c 'import json, sys; l = json.load(sys.stdin); print(l[0]["code"] if l else "")')
if [[ -n "$first" ]]; then
  echo "  $motcua act $first accept   # an online submission; run-demo.sh again sends it to the server"
fi
echo "The city server stops now; ./scripts/run-demo.sh starts it again."
