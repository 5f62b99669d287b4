#!/bin/sh
# The layer check, and a check of the checker: scripts/check-layers.sh must pass on src/ and
# must fail, naming the file, line and rule, on copies of src/ with one planted break each —
# an upward include, a cycle between two modules of one floor, a foreign private header, a
# module without a floor, a file over the size limit. Ends with "N passed, M failed".
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
check="$root/scripts/check-layers.sh"
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $1"; }
ko() { fail=$((fail + 1)); echo "FAILED: $1"; }

if out=$(sh "$check" "$root/src" 2>&1); then ok "src/ keeps every rule ($out)"; else
    echo "$out"; ko "src/ breaks a rule of src/LAYERS"; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# plant NAME FILE LINE EXPECT: copies src/, appends LINE to FILE, expects the check to fail with
# a message containing EXPECT.
plant() {
    rm -rf "$work/src" && cp -R "$root/src" "$work/src"
    printf '%s\n' "$3" >>"$work/src/$2"
    if out=$(sh "$check" "$work/src" 2>&1); then
        ko "$1: the check passed"
    elif printf '%s' "$out" | grep -q "$4"; then
        ok "$1: $(printf '%s' "$out" | grep "$4" | head -n 1)"
    else
        echo "$out"; ko "$1: failed without '$4'"
    fi
}
plant "upward include" base/arena.c '#include "app/app.h"' 'src/base/arena.c:[0-9]*: upward include of "app/app.h"'
plant "cycle on one floor" catalog/catalog.c '#include "search/search.h"' 'cycle between modules:.*catalog'
plant "foreign private header" tasks/routing.c '#include "incoming/incoming_impl.h"' 'src/tasks/routing.c:[0-9]*: includes "incoming/incoming_impl.h", the private header'
plant "unknown module" incoming/incoming.c '#include "nowhere/x.h"' 'nowhere is not a module'
rm -rf "$work/src" && cp -R "$root/src" "$work/src" && mkdir "$work/src/stray" && : >"$work/src/stray/x.c"
if out=$(sh "$check" "$work/src" 2>&1); then ko "module without a floor: the check passed"; else
    printf '%s' "$out" | grep -q 'stray/: module without a floor' && ok "module without a floor" ||
        ko "module without a floor: wrong message"; fi
rm -rf "$work/src" && cp -R "$root/src" "$work/src" && seq 1 1001 | sed 's#^#// #' >"$work/src/base/long.c"
if out=$(sh "$check" "$work/src" 2>&1); then ko "file over 1,000 lines: the check passed"; else
    printf '%s' "$out" | grep -q 'base/long.c:1001: over 1000 lines' && ok "file over 1,000 lines" ||
        ko "file over 1,000 lines: wrong message"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
