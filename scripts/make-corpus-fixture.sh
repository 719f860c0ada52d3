#!/usr/bin/env bash
# Rebuilds test/fixtures/corpus: the 'fixture' corpus config (one neutral
# sentence from espeak-ng, flite and festival, one happy render, one silence),
# with audio. Needs the engines (models/training/corpus/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build:ts >/dev/null
out=test/fixtures/corpus
node models/training/corpus/buildCorpus.mjs --config fixture --out "$out" --seed 1 --audio --force
du -sh "$out"
