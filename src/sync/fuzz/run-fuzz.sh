#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# Builds the protocol decoder fuzzer with clang (libFuzzer + ASan + UBSan) and runs it for a
# bounded time. Usage: src/sync/fuzz/run-fuzz.sh [SECONDS] (default 60). Exit 0: no finding.
# The project builds with GCC; libFuzzer needs clang, so this compiles the codec on its own.
set -euo pipefail
seconds=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${MOTCUA_FUZZ_DIR:-$root/build/fuzz-sync}
mkdir -p "$out/corpus"
clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I "$root/src/protocol/include" "$here/fuzz_protocol.cpp" "$root/src/protocol/protocol.cpp" \
  -o "$out/fuzz_protocol"
# Seeds: one valid message of each kind, so the fuzzer starts inside the grammar.
cat > "$out/corpus/push.json" <<'JSON'
{"ops":[{"op_id":"a","device_id":"d","seq":1,"kind":"dossier.intake","entity_id":"000.00.15.H30-260310-2001","base_version":0,"payload":{"code":"x","applicant":{"full_name":"Nguyễn Văn Đức"}}}]}
JSON
cat > "$out/corpus/result.json" <<'JSON'
{"results":[{"op_id":"a","result":"conflict","server_version":3,"error":"stale"}]}
JSON
cat > "$out/corpus/pull.json" <<'JSON'
{"changes":[{"seq":5,"kind":"dossier.intake","entity_id":"e","version":1,"status":"received","payload":{}}],"cursor":5,"more":false}
JSON
cat > "$out/corpus/session.json" <<'JSON'
{"token":"t","user":{"username":"u","full_name":"F","role":"officer","ward":"w"},"expires_at":1}
JSON
cd "$out"
./fuzz_protocol -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 corpus
