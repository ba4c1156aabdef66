#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# Every visible string of motcua-desk is translated: each msgid the sources use has a
# translation in every catalog under i18n/, none fuzzy or untranslated. And no source literal
# holds non-ASCII text, which wx would convert with the C locale and mangle: Vietnamese text
# belongs in the catalog (or in data files), not in the code.
set -euo pipefail
root=${1:?usage: check-translations.sh PROJECT_ROOT}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

xgettext --language=C++ --from-code=UTF-8 --keyword=_ --keyword=wxPLURAL:1,2 \
  -o "$tmp/sources.pot" "$root"/src/app/*.cpp "$root"/src/app/*.h

status=0
for po in "$root"/i18n/*.po; do
  if ! msgcmp "$po" "$tmp/sources.pot" 2>"$tmp/msgcmp.txt"; then
    echo "$po lacks translations for strings the sources use:" >&2
    cat "$tmp/msgcmp.txt" >&2
    status=1
  fi
  stats=$(msgfmt --check --statistics -o /dev/null "$po" 2>&1)
  if grep -qE "fuzzy|untranslated" <<<"$stats"; then
    echo "$po: $stats" >&2
    status=1
  fi
  echo "$po: $stats"
done

if grep -nP '^(?!\s*(//|\*)).*[^\x00-\x7F]' "$root"/src/app/*.cpp "$root"/src/app/*.h >"$tmp/ascii.txt"; then
  echo "non-ASCII text in app sources (put it in the catalog):" >&2
  cat "$tmp/ascii.txt" >&2
  status=1
fi
exit $status
