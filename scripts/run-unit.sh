#!/bin/sh
# Runs the cmocka unit-test binaries of a build and ends with "N passed, M failed".
# usage: scripts/run-unit.sh BUILD [NAME]   (NAME runs only BUILD/tests/test_NAME)
#        VP_UNIT_SKIP="test_X test_Y" leaves those out (scripts/test-pg.sh --unit).
# A binary that dies without a cmocka summary (a sanitizer report, a crash) counts as one
# failure, so nothing is lost between the lines.
set -u
BUILD=$1
ONLY=${2:-}
passed=0
failed=0
failed_bins=""
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    if [ -n "$ONLY" ] && [ "$name" != "test_$ONLY" ] && [ "$name" != "$ONLY" ]; then
        continue
    fi
    case " ${VP_UNIT_SKIP:-} " in *" $name "*) continue ;; esac
    t0=$(date +%s)
    "$t" >"$out" 2>&1
    rc=$?
    secs=$(($(date +%s) - t0))
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$out" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$out" | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed or sanitizer report without a cmocka failure line
    fi
    if [ "$f" -ne 0 ] || [ "$rc" -ne 0 ]; then
        cat "$out"
        failed_bins="$failed_bins $name"
        echo "unit: $name: $p passed, $f failed (exit $rc, $secs s)"
    else
        echo "unit: $name: $p passed ($secs s)"
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done

[ -n "$failed_bins" ] && echo "unit: failing:$failed_bins"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
