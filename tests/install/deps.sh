#!/bin/sh
# The package sets of scripts/deps.sh: `make run` must install only what building and running
# need — never a browser, a fuzzing compiler or a web server — and each tool set holds its tools.
# Prints "N passed, M failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}
list() { VP_DEPS_LIST=1 sh "$root/scripts/deps.sh" "$@"; }
has() { printf '%s\n' "$1" | grep -qx "$2"; }

run=$(list run)
for p in gcc libmicrohttpd-dev libsqlite3-dev tesseract-ocr-vie ghostscript; do
    if has "$run" "$p"; then ok; else ko "run set lacks $p"; fi
done
for p in chromium clang-14 nginx-light wrk valgrind npm cppcheck; do
    if has "$run" "$p"; then ko "run set holds $p"; else ok; fi
done
if has "$(list test)" chromium && has "$(list test)" gcc && has "$(list test)" postgresql-15 && has "$(list test)" nginx-light; then ok; else ko "test set"; fi
if has "$(list bench)" wrk && has "$(list bench)" nginx-light && ! has "$(list bench)" chromium; then
    ok
else ko "bench set"; fi
if has "$(list fuzz)" clang-14; then ok; else ko "fuzz set"; fi
if has "$(list harden)" valgrind; then ok; else ko "harden set"; fi
if has "$(list package)" lintian && has "$(list package)" debhelper; then ok; else ko "package set"; fi
if has "$(list run)" lintian; then ko "run set holds lintian"; else ok; fi
if VP_DEPS_LIST=1 sh "$root/scripts/deps.sh" nonsense >/dev/null 2>&1; then ko "unknown set accepted"; else ok; fi
# make run asks only for the run set.
if grep -q '^run: deps-run all' "$root/Makefile"; then ok; else ko "make run does not use deps-run"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
