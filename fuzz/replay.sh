#!/bin/sh
# Replays every fuzz corpus through its target with the ordinary build (gcc, and ASan/UBSan
# when BUILD is an asan build), so a crash found once stays fixed. Usage: fuzz/replay.sh BUILD
# Prints "N passed, M failed" over the targets.
set -u
BUILD=${1:-build}
pass=0
fail=0
for src in fuzz/fuzz_*.c; do
    t=$(basename "$src" .c)
    name=${t#fuzz_}
    bin=$BUILD/fuzz/replay_$name
    files=$(find "fuzz/corpus/$name" -type f 2>/dev/null | sort)
    if [ -z "$files" ]; then
        echo "fuzz replay: $name has no corpus"
        fail=$((fail + 1))
        continue
    fi
    # shellcheck disable=SC2086
    if "$bin" $files > /dev/null; then
        echo "fuzz replay: $name ok ($(echo "$files" | wc -l) inputs)"
        pass=$((pass + 1))
    else
        echo "fuzz replay: $name FAILED"
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
