#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# Installs the Debian 12 packages MotCua Desk builds and tests with; only what is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config   # toolchain
  libsqlite3-dev sqlite3                         # store
  nlohmann-json3-dev                             # catalog/outbox JSON, CLI --json output
  libcairo2-dev libpango1.0-dev                  # documents: PDF forms with embedded fonts
  libqrencode-dev libxlsxwriter-dev              # documents: receipt QR code, register XLSX
  fonts-dejavu-core fonts-dejavu-extra           # DejaVu Serif (regular, bold, italic) for the forms
  poppler-utils qpdf zbar-tools unzip            # tests: pdftotext, pdffonts, pdftoppm, qpdf, zbarimg
  libwxgtk3.2-dev wx3.2-i18n                     # the desk application (wxWidgets 3.2, GTK 3)
  libpoppler-glib-dev                            # app: printing forms (PDF pages to the printer)
  gettext                                        # msgfmt builds the catalogs; the i18n check
  libgtk-3-dev xvfb xauth                        # GUI tests: screenshots via GDK, Xvfb
  libssl-dev libp11-kit-dev libqpdf-dev          # signing: CMS/X.509, PKCS#11 modules, PDF parsing
  libsane-dev libjpeg-dev                        # scan: SANE (scanners), libjpeg (pages as JPEG in the PDF)
  libsane1                                       # tests (scan): SANE's `test` backend (libsane-test.so.1)
  catch2                                         # tests (v2.13)
  softhsm2 opensc openssl libnss3-tools          # tests (signing): SoftHSM2 token, pkcs11-tool, test PKI, certutil for pdfsig
  libbenchmark-dev                               # benchmarks
  libpoco-dev                                    # sync + motcua-server: Poco Net/NetSSL (HTTPS), Util (server app)
  libpq-dev                                      # motcua-server: PostgreSQL store (libpq)
  postgresql                                     # tests: a throwaway cluster for the server tests (scripts/test-postgres.sh)
  locales                                        # vi_VN.UTF-8: GTK's own dialogs in Vietnamese (below)
  librsvg2-bin                                   # packaging: rsvg-convert renders the icons (cmake --preset package)
  python3 python3-yaml                           # tests: openapi.yaml as JSON, for the server tests' contract check
  clang-format                                   # tests: scripts/check-format.sh (clang-format 14)
  chromium                                       # tests (server): the citizen's tracking page in a real browser, headless
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: need root to install: ${missing[*]}" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The desk's GTK dialogs translate through the vi_VN.UTF-8 locale (the package's postinst makes
# it the same way); the screenshots and GUI tests show them in Vietnamese.
if ! locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$'; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: need root to generate the vi_VN.UTF-8 locale" >&2
    exit 1
  fi
  grep -q '^vi_VN.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null || echo 'vi_VN.UTF-8 UTF-8' >> /etc/locale.gen
  locale-gen >/dev/null
fi
