#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# Proves the Debian packages: builds them (`package` preset + CPack), runs lintian (an error
# fails), makes a clean Debian 12 root with mmdebstrap, installs the .deb files there with apt
# (so only their declared dependencies come along), and inside that root runs motcua, the
# server and motcua-desk under Xvfb to its first window, with screenshots.
#   scripts/prove-install.sh [OUT_DIR]     (as root; default OUT_DIR build/pkg/prove)
# Env: MOTCUA_DEBIAN_MIRROR, MOTCUA_DEBIAN_SECURITY (default deb.debian.org);
# PROVE_SKIP_BUILD=1 takes the .deb files already in build/pkg/packages.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-build/pkg/prove}")
root=$out/root
suite=bookworm
mirror=${MOTCUA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${MOTCUA_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}

step() { printf '\n== %s\n' "$*"; }
if [[ $(id -u) -ne 0 ]]; then
  echo "prove-install: run as root (mmdebstrap, mounts, chroot)" >&2
  exit 1
fi

step "tools"
scripts/install-deps.sh
tools=(mmdebstrap librsvg2-bin lintian openssl)  # openssl: a throwaway TLS pair for the server run
missing=()
for p in "${tools[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ -z ${PROVE_SKIP_BUILD:-} ]]; then
  step "build (cmake --preset package, cpack)"
  cmake --preset package >/dev/null
  cmake --build --preset package
  rm -rf build/pkg/packages
  (cd build/pkg && cpack -G DEB)
fi
debs=(build/pkg/packages/*.deb)
mkdir -p "$out"

step "lintian"
# Run as root here, which lintian only notes. Errors fail the proof; the rest are listed.
lintian --fail-on error --display-info "${debs[@]}" 2>&1 | tee "$out/lintian.txt"
echo "lintian: $(grep -c '^E:' "$out/lintian.txt" || true) errors, $(grep -c '^W:' "$out/lintian.txt" || true) warnings"

cleanup() {
  # Whatever still runs inside the root (it was started there by this script): end it by pid.
  local pid
  for pid in /proc/[0-9]*; do
    [[ $(readlink "$pid/root" 2>/dev/null) == "$root" ]] && kill "${pid#/proc/}" 2>/dev/null
  done
  sleep 0.5
  for m in dev/pts dev sys proc; do
    if mountpoint -q "$root/$m" 2>/dev/null; then umount -l "$root/$m"; fi
  done
}
trap cleanup EXIT

step "clean Debian 12 root (mmdebstrap --variant=apt)"
cleanup
rm -rf --one-file-system "$root"
mmdebstrap --quiet --variant=apt "$suite" "$root" \
  "deb $mirror $suite main" "deb $mirror $suite-updates main" "deb $security $suite-security main"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
before=$(in_root dpkg-query -W | wc -l)

step "install the packages with apt"
mkdir -p "$root/tmp/debs"
cp "${debs[@]}" "$root/tmp/debs/"
in_root apt-get update -qq
start=$(date +%s%N)
in_root sh -c 'apt-get install -y -q --no-install-recommends /tmp/debs/*.deb'
install_s=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
after=$(in_root dpkg-query -W | wc -l)

step "test tools in the root (not package dependencies): Xvfb, ImageMagick, xdotool"
in_root apt-get install -y -qq --no-install-recommends xvfb xauth imagemagick xdotool >/dev/null

# A throwaway TLS pair, made outside the root: the packages do not need openssl.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -keyout "$root/tmp/server.key" -out "$root/tmp/server.crt" 2>/dev/null

cat >"$root/tmp/prove-inside.sh" <<'INSIDE'
#!/bin/bash
set -euo pipefail
step() { printf '\n-- %s\n' "$*"; }
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
useradd --create-home --shell /bin/bash officer
as_officer() { runuser -u officer -- env HOME=/home/officer LANG=C.UTF-8 "$@"; }
# setpriv execs (runuser stays the parent): a program started in the background with it is $!.
as_server() { setpriv --reuid=motcua-server --regid=motcua-server --init-groups "$@"; }

step "motcua --version"
as_officer motcua --version
step "motcua init"
as_officer motcua init --unit-code 000.00.15.H30 --unit-name "UBND phường Bồ Đề" --desk 1 \
  --officer "Nguyễn Thị Lan" --place "Hà Nội"
step "motcua intake (a CCCD QR scan)"
code=$(as_officer motcua intake --procedure 2.000815 --pages 3 \
  --qr "001099012345|123456789|NGUYỄN VĂN ĐỨC|01011999|Nam|Số 1 phố Ngọc Lâm, phường Bồ Đề, Thành phố Hà Nội|15042021")
echo "dossier $code"
as_officer motcua show "$code"
step "motcua print (the receipt, with the packaged templates and DejaVu fonts)"
as_officer motcua print "$code" --form receipt --out /home/officer/receipt.pdf
ls -l /home/officer/receipt.pdf
as_officer motcua audit verify

step "motcua-server --help"
motcua-server --help
step "the server as the unit runs it, without TLS files: it must refuse"
getent passwd motcua-server
ls -ld /var/lib/motcua-server /etc/motcua-server /etc/motcua-server/tls
config=/etc/motcua-server/motcua-server.properties
rc=0
as_server motcua-server --config $config >/tmp/server-no-tls.log 2>&1 || rc=$?
cat /tmp/server-no-tls.log
echo "exit $rc"
[[ $rc -ne 0 ]]
step "the server with a TLS pair in /etc/motcua-server/tls (loopback, free port)"
install -o root -g motcua-server -m 0644 /tmp/server.crt /etc/motcua-server/tls/server.crt
install -o root -g motcua-server -m 0640 /tmp/server.key /etc/motcua-server/tls/server.key
setpriv --reuid=motcua-server --regid=motcua-server --init-groups \
  motcua-server --config $config --listen 127.0.0.1:0 >/tmp/server.log 2>&1 &
server=$!
pids+=($server)
for _ in $(seq 50); do grep -q "listening on" /tmp/server.log && break; sleep 0.1; done
cat /tmp/server.log
grep -q "listening on" /tmp/server.log
kill -TERM $server
wait $server  # a clean shutdown exits 0
as_server motcua-server stats --db /var/lib/motcua-server/server.db

step "motcua-desk under Xvfb"
# -displayfd: Xvfb picks a free display (X's abstract sockets are shared with the host).
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>/tmp/xvfb.display 2>/tmp/xvfb.log &
xvfb=$!
pids+=($xvfb)
for _ in $(seq 100); do [[ -s /tmp/xvfb.display ]] && break; sleep 0.1; done
export DISPLAY=":$(cat /tmp/xvfb.display)" NO_AT_BRIDGE=1
echo "Xvfb on $DISPLAY"
db=/home/officer/.local/share/motcua/ward.db
as_officer motcua-desk --db $db --exit-when-ready
setpriv --reuid=officer --regid=officer --init-groups env HOME=/home/officer LANG=C.UTF-8 \
  motcua-desk --db $db >/tmp/desk.log 2>&1 &
desk=$!
pids+=($desk)
# The first window is the sign-in (the ward was set up from the command line, no accounts yet).
window=
for _ in $(seq 120); do
  window=$(xdotool search --onlyvisible --classname motcua-desk 2>/dev/null | head -1) && [[ -n $window ]] && break
  sleep 0.5
done
[[ -n $window ]] || { echo "no motcua-desk window"; cat /tmp/desk.log; exit 1; }
echo "first window: $(xdotool getwindowname "$window")"
sleep 2
import -window root /tmp/desk-signin.png
# No window manager under Xvfb: give the dialog the focus, then Enter presses OK.
xdotool windowfocus --sync "$window" key Return
sleep 4
echo "then: $(xdotool search --onlyvisible --classname motcua-desk 2>/dev/null | while read -r w; do xdotool getwindowname "$w"; done | tr '\n' ' ')"
import -window root /tmp/desk-main.png
echo "screenshots: /tmp/desk-signin.png /tmp/desk-main.png"
INSIDE
chmod +x "$root/tmp/prove-inside.sh"

step "inside the root"
in_root /tmp/prove-inside.sh
cp "$root/tmp/desk-signin.png" "$root/tmp/desk-main.png" "$root/home/officer/receipt.pdf" "$out/"

step "summary"
for deb in "${debs[@]}"; do
  printf '%-40s %7s KiB file, Installed-Size %s KiB\n' "$(basename "$deb")" \
    "$(($(stat -c %s "$deb") / 1024))" "$(dpkg-deb -f "$deb" Installed-Size)"
done
echo "root: Debian $(cat "$root/etc/debian_version"), $before packages before, $after after installing ours"
echo "install time (apt-get install, downloads included): ${install_s} s"
echo "lintian: $(grep -c '^E:' "$out/lintian.txt" || true) errors, $(grep -c '^W:' "$out/lintian.txt" || true) warnings"
echo "screenshots and receipt: $out/desk-signin.png $out/desk-main.png $out/receipt.pdf"
echo "prove-install: passed"
