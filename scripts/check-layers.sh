#!/bin/sh
# make check-layers: the dependency rules of src/LAYERS, read from every #include "…" of
# src/**/*.c and *.h, and the size rule of docs/ARCHITECTURE.md. Prints each broken rule as
# FILE:LINE: message and exits 1; prints one summary line and exits 0 when all hold.
#   - every folder of src/ has a floor in src/LAYERS;
#   - no include of a higher floor (upward);
#   - no include of another module's private header (*_impl.h);
#   - no cycle between modules (same-floor includes allowed only without one);
#   - no source file over MAX_LINES lines.
# usage: scripts/check-layers.sh [SRC_DIR]   (default: src beside this script)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-$root/src}
MAX_LINES=${MAX_LINES:-1000}
[ -f "$src/LAYERS" ] || { echo "check-layers: $src/LAYERS is missing" >&2; exit 1; }

# One line per include: "FILE LINE MODULE_OF_FILE INCLUDED_PATH".
incs=$(cd "$src" && find . -name '*.[ch]' | sed 's#^\./##' | sort | while read -r f; do
    awk -v f="$f" 'match($0, /^[ \t]*#[ \t]*include[ \t]*"[^"]+"/) {
        s = substr($0, RSTART, RLENGTH); sub(/^[^"]*"/, "", s); sub(/"$/, "", s);
        m = f; sub(/\/.*/, "", m); print f, FNR, m, s }' "$f"
done)
mods=$(cd "$src" && find . -mindepth 1 -maxdepth 1 -type d | sed 's#^\./##' | sort)
sizes=$(cd "$src" && find . -name '*.[ch]' | sed 's#^\./##' | sort | while read -r f; do
    printf '%s %s\n' "$f" "$(wc -l <"$f")"; done)

printf '%s\n--mods\n%s\n--sizes\n%s\n--incs\n%s\n' "$(grep -v '^[[:space:]]*#' "$src/LAYERS")" \
    "$mods" "$sizes" "$incs" | awk -v src="src" -v max="$MAX_LINES" '
function fail(msg) { print msg; bad++ }
BEGIN { part = "layers" }
/^--mods$/ { part = "mods"; next }
/^--sizes$/ { part = "sizes"; next }
/^--incs$/ { part = "incs"; next }
part == "layers" && NF > 0 { for (i = 2; i <= NF; i++) floor[$i] = $1; next }
part == "mods" && NF > 0 {
    if (!($1 in floor)) fail(src "/" $1 "/: module without a floor in " src "/LAYERS")
    next }
part == "sizes" && NF > 0 {
    if ($2 + 0 > max) fail(src "/" $1 ":" $2 ": over " max " lines: split it by concern")
    nfiles++; next }
part == "incs" && NF == 4 {
    file = $1; line = $2; m = $3; path = $4; n = split(path, seg, "/")
    where = src "/" file ":" line ": "
    if (n < 2) next  # a same-folder or system-style include without a module
    to = seg[1]
    if (!(m in floor)) next  # reported above (or src/ files outside a module)
    if (!(to in floor)) { fail(where "includes \"" path "\": " to " is not a module of " src "/LAYERS"); next }
    nincs++
    if (to == m) next
    if (seg[n] ~ /_impl\.h$/) fail(where "includes \"" path "\", the private header of module " to)
    if (floor[to] + 0 > floor[m] + 0)
        fail(where "upward include of \"" path "\": " m " is on floor " floor[m] ", " to " on floor " floor[to])
    else if (!((m, to) in edge)) { edge[m, to] = where path; adj[m] = adj[m] " " to }
    next }
# Cycles: a depth-first walk over module edges; a back edge closes a cycle, printed with the
# include that makes each of its steps.
function walk(u,   i, k, v, list) {
    state[u] = 1; stack[++sp] = u
    k = split(adj[u], list, " ")
    for (i = 1; i <= k; i++) {
        v = list[i]
        if (state[v] == 1) { report(v); continue }
        if (!state[v]) walk(v)
    }
    sp--; state[u] = 2
}
function report(v,   i, j, msg) {
    for (i = sp; i > 0 && stack[i] != v; i--) ;
    msg = "cycle between modules:"
    for (j = i; j <= sp; j++) msg = msg " " stack[j] " ->"
    msg = msg " " v
    fail(msg)
    for (j = i; j < sp; j++) print "    " edge[stack[j], stack[j + 1]]
    print "    " edge[stack[sp], v]
}
END {
    for (m in adj) if (!state[m]) walk(m)
    if (bad) { print "check-layers: " bad " broken rule(s) (" src "/LAYERS, docs/ARCHITECTURE.md)"; exit 1 }
    printf "check-layers: %d includes in %d files, every rule of %s/LAYERS holds\n", nincs, nfiles, src
}'
