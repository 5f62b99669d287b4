#!/bin/sh
# make valgrind: every cmocka unit-test binary of BUILD under valgrind memcheck (a plain -O1
# build: valgrind and ASan do not mix). Invalid reads/writes, uninitialised values and definite
# leaks fail; "still reachable" memory kept by libraries (ICU, libmagic) does not.
# Ends with "N passed, M failed".
# usage: scripts/harden-valgrind.sh BUILD [NAME]
set -u
BUILD=$1
ONLY=${2:-}
passed=0
failed=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    if [ -n "$ONLY" ] && [ "$name" != "test_$ONLY" ]; then
        continue
    fi
    # test_demo skips its 3 s budget under valgrind (it sees vgpreload in LD_PRELOAD).
    valgrind -q --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite --show-leak-kinds=definite \
        --suppressions="$(dirname "$0")/../tests/hardening/valgrind.supp" "$t" >"$out" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then
        echo "valgrind: $name: clean"
        passed=$((passed + 1))
    else
        grep -E '==[0-9]+==|FAILED|ERROR' "$out" | head -n 60
        echo "valgrind: $name: FAILED (exit $rc)"
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
