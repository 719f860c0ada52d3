#!/usr/bin/env bash
# Regenerates the built-in sample (models/samples/hello.wav) with the
# project's own TTS tooling: espeak-ng and sox from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
espeak-ng -v en-us -s 150 -w "$tmp/hello.wav" "Hello. I am Mouthpiece. Give me a voice, and I will give you a face."
sox "$tmp/hello.wav" -r 16000 -b 16 -c 1 models/samples/hello.wav
rm -rf "$tmp"
