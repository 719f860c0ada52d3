#!/usr/bin/env bash
# Packs the package, installs the tarball into empty folders outside the
# repository (no dev dependencies, no ../shared beside it) and runs the main
# job there: once normally (the addon must build and be used) and once with
# cmake hidden from PATH (the install must still succeed, and the library
# must say why it fell back).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$repo"
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
echo "packed $tarball ($(du -k "$work/$tarball" | cut -f1) KiB)"

install_into() {
  local dir=$1
  mkdir -p "$dir"
  (cd "$dir" && npm init -y >/dev/null && npm install --omit=dev --no-audit --no-fund "$work/$tarball" >install.log 2>&1) || {
    echo "install failed in $dir"; tail -n 30 "$dir/install.log"; return 1; }
}

# 1. Normal install: the addon builds offline and the main job runs on it.
install_into "$work/app"
out=$(cd "$work/app" && npx --no-install mouthpiece inspect)
echo "$out"
grep -q '^backend     native' <<<"$out" || { echo "expected the native backend"; exit 1; }
grep -q 'built-in sample' <<<"$out" || { echo "expected the built-in sample"; exit 1; }
# The main job: the shipped motion model runs from the installed package.
out=$(cd "$work/app" && npx --no-install mouthpiece)
echo "$out"
grep -q '^model       default (lookahead 130 ms) on onnxruntime-node; features: native' <<<"$out" || { echo "expected the default model on the native front end"; exit 1; }
grep -q 'closures' <<<"$out" || { echo "expected a motion summary"; exit 1; }

# 2. No cmake on PATH: install exits 0, the library logs why it fell back.
bin="$work/bin-without-cmake"
mkdir -p "$bin"
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [ -d "$d" ] || continue
  for f in "$d"/*; do
    name=$(basename "$f")
    [ "$name" = cmake ] && continue
    [ -e "$bin/$name" ] || ln -s "$f" "$bin/$name"
  done
done
PATH="$bin" install_into "$work/app-nocmake"
# npm hides install-script output; the hook records its reason for the library.
status="$work/app-nocmake/node_modules/mouthpiece/build/native-status.json"
grep -q 'cmake not found on PATH' "$status" || { echo "install did not record why"; cat "$status" "$work/app-nocmake/install.log"; exit 1; }
out=$(cd "$work/app-nocmake" && PATH="$bin" npx --no-install mouthpiece inspect)
echo "$out"
grep -q 'backend     typescript (fallback: native addon not built (cmake not found on PATH' <<<"$out" || { echo "expected a logged fallback reason"; exit 1; }
grep -q 'falling back to the TypeScript backend' <<<"$out" || { echo "expected the logger's warning"; exit 1; }
out=$(cd "$work/app-nocmake" && PATH="$bin" npx --no-install mouthpiece)
echo "$out"
grep -q 'features: typescript' <<<"$out" || { echo "expected the model on the TypeScript front end"; exit 1; }
echo "pack smoke: ok"
