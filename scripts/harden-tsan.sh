#!/bin/sh
# make tsan: the HTTP tests and the hardening security probes against a ThreadSanitizer build
# of the server (VANPHONG_BIN). Every report is written to a log file (a report does not stop
# the server, so one run shows them all); any "WARNING: ThreadSanitizer" fails.
# Ends with "N passed, M failed".
# usage: VANPHONG_BIN=/abs/build-tsan/vanphong scripts/harden-tsan.sh
set -u
: "${VANPHONG_BIN:?set VANPHONG_BIN to a -fsanitize=thread build}"
root=$(cd "$(dirname "$0")/.." && pwd)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
export TSAN_OPTIONS="${TSAN_OPTIONS:-} halt_on_error=0 log_path=$logs/tsan"
export VANPHONG_BIN
rc=0
sh "$root/scripts/run-node-tests.sh" "$root/tests/http" || rc=1
VANPHONG_BIN="$VANPHONG_BIN" node --test --test-concurrency=1 "$root/tests/hardening/security.test.mjs" || rc=1
reports=$(cat "$logs"/tsan.* 2>/dev/null | grep -c 'WARNING: ThreadSanitizer')
if [ "$reports" -gt 0 ]; then
    cat "$logs"/tsan.* | head -n 200
    echo "tsan: $reports ThreadSanitizer reports"
    rc=1
else
    echo "tsan: no ThreadSanitizer reports"
fi
[ "$rc" -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit "$rc"
