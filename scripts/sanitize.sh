#!/usr/bin/env bash
# Builds the native core and its ctest programs with AddressSanitizer,
# LeakSanitizer and UBSan (CPU only: nvcc does not take these flags) and runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
cmake -S . -B build-asan "${gen[@]}" -DMOUTHPIECE_BUILD_TESTS=ON -DMOUTHPIECE_SANITIZE=ON \
  -DMOUTHPIECE_CUDA=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-asan -j 2
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure
