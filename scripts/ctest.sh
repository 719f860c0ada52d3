#!/usr/bin/env bash
# Builds and runs the native core's ctest programs (no Node involved).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${MOUTHPIECE_CTEST_DIR:-build-tests}
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
cmake -S . -B "$dir" "${gen[@]}" -DMOUTHPIECE_BUILD_TESTS=ON -DCMAKE_BUILD_TYPE=Release ${MOUTHPIECE_CMAKE_ARGS:-} >/dev/null
cmake --build "$dir" -j 2
ctest --test-dir "$dir" --output-on-failure
