#!/bin/sh
# Runs the node:test files DIR/*.test.mjs (HTTP or browser tests) against VANPHONG_BIN and ends
# with "N passed, M failed".
# usage: VANPHONG_BIN=/abs/path/vanphong scripts/run-node-tests.sh DIR
set -u
DIR=$1
: "${VANPHONG_BIN:?set VANPHONG_BIN to the vanphong binary to test}"
export VANPHONG_BIN
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -d "$root/node_modules/playwright-core" ]; then
    sh "$root/scripts/deps.sh" test || exit 1
fi

files=$(ls "$DIR"/*.test.mjs 2>/dev/null)
if [ -z "$files" ]; then
    echo "0 passed, 0 failed"
    exit 0
fi

tap=$(mktemp)
# The demo offices of this run are copies of one (tests/http/lib.mjs: demoTemplate).
VP_DEMO_TEMPLATES=$(mktemp -d)
export VP_DEMO_TEMPLATES
trap 'rm -f "$tap"; rm -rf "$VP_DEMO_TEMPLATES"' EXIT
# One file at a time: each starts its own server, and the machine has two cores.
# shellcheck disable=SC2086
node --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" $files
rc=$?
passed=$(sed -n 's/^# pass \([0-9][0-9]*\)$/\1/p' "$tap" | tail -n 1)
failed=$(sed -n 's/^# fail \([0-9][0-9]*\)$/\1/p' "$tap" | tail -n 1)
cancelled=$(sed -n 's/^# cancelled \([0-9][0-9]*\)$/\1/p' "$tap" | tail -n 1)
passed=${passed:-0}
failed=$((${failed:-0} + ${cancelled:-0}))
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
