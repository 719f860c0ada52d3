#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and fuzzes the WAV
# decoder, seeded from the test corpus. Exits non-zero on any crash.
#
#   FUZZ_SECONDS=600 bash scripts/fuzz.sh
#
# Findings are written as crash-*/leak-*/oom-*/timeout-* files in the
# repository root (gitignored); reproduce one with ./build-fuzz/fuzz_wav FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${FUZZ_SECONDS:=60}"
BUILD=build-fuzz
CORPUS=.fuzz-corpus/wav

CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DMOUTHPIECE_FUZZ=ON -DMOUTHPIECE_CUDA=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS="-fno-sanitize-recover=all"
cmake --build "$BUILD" --target fuzz_wav

mkdir -p "$CORPUS"
cp -n test/fixtures/wav/good/*.wav test/fixtures/wav/bad/*.wav "$CORPUS"/ 2>/dev/null || true

set +e
"./$BUILD/fuzz_wav" -dict=native/fuzz/wav.dict -malloc_limit_mb=256 -rss_limit_mb=1024 \
  -max_total_time="$FUZZ_SECONDS" -max_len=65536 -print_final_stats=1 "$CORPUS"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "fuzz_wav: libFuzzer exited with status $status (see crash-*/leak-*/oom-* files)" >&2
  exit "$status"
fi
echo "fuzz_wav: no crash in ${FUZZ_SECONDS}s"
