#!/bin/sh
# make load: 200 concurrent logged-in clients for 60 s (pages, searches, writes) against a real
# `vanphong serve` of BUILD over a fresh demo office; zero 5xx, RSS flat, p99 reported.
# Figures go to BUILD/load.json. LOAD_CLIENTS / LOAD_SECONDS / LOAD_RSS_GROWTH override.
# usage: scripts/harden-load.sh [BUILD]
set -u
BUILD=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
VANPHONG_BIN="$root/$BUILD/vanphong" LOAD_OUT="$root/$BUILD/load.json" \
    exec node "$root/tests/hardening/load.mjs"
