#!/bin/sh
# make test: the whole suite, under AddressSanitizer + UndefinedBehaviorSanitizer.
#   1. escaping/SQL lint            (scripts/check-escaping.sh)
#      the floors of src/LAYERS    (scripts/test-layers.sh: check-layers on src/, and on
#                                   copies with a planted break that it must refuse)
#      the English catalogue       (scripts/check-catalogue.sh: every message of src/
#                                   translated in po/en.po)
#   2. the sanitizer build          (make asan → build-asan/vanphong and unit-test binaries)
#   3. unit tests                   (cmocka, leaks detected)
#   4. fuzz corpora replay          (fuzz/replay.sh build-asan, when present)
#   5. HTTP tests                   (tests/http, a real `vanphong serve` and `vanphong http`)
#   6. browser tests                (tests/browser, playwright-core + Debian's chromium), in a
#                                   lane of their own from the build on, beside 3-5b; then, when
#                                   VP_TEST_FUZZ_SECONDS is set (.ci/run), `make fuzz-run`
#   5b. the unit and HTTP suites on PostgreSQL (stages pg-unit, pg-http: scripts/test-pg.sh)
#   6b. two-node tests            (tests/nodes: two `vanphong serve` behind nginx)
#   7. hardening tests              (tests/hardening: security probes, crash safety, full disk)
# Ends with the line "N passed, M failed" summing every suite; exits non-zero on any failure.
# usage: scripts/test-all.sh [BUILD]   (BUILD is unused: every suite runs on build-asan)
set -u
BUILD=${1:-build}
MAKE=${MAKE:-make}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
ASAN_BUILD=build-asan
BIN="$root/$ASAN_BUILD/vanphong"

log=$(mktemp)
rcfile=$(mktemp)
# One line per suite, "NAME PASSED FAILED SECONDS", appended by record() from either lane.
results=$(mktemp)
lane=$(mktemp)
trap 'rm -f "$log" "$rcfile" "$results" "$lane"' EXIT

# record NAME RC: adds the suite's "N passed, M failed" line (from $log) to $results; a suite
# that failed without such a line counts as one failure.
record() {
    name=$1
    rc=$2
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    if [ -n "$line" ]; then
        p=${line%% passed*}
        f=${line#*passed, }
        f=${f%% failed*}
    elif [ "$rc" -eq 0 ]; then
        p=1
        f=0
    else
        p=0
        f=1
    fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    echo "$name $p $f $(($(date +%s) - started))" >>"$results"
}

# summary: every suite's line and their sum; the sum's line last ("N passed, M failed").
summary() {
    echo "=== summary"
    awk '{ printf "  %-10s %d passed, %d failed (%d s)\n", $1, $2, $3, $4; p += $2; f += $3 }
         END { printf "%d passed, %d failed\n", p, f }' "$results"
}

# run NAME CMD…: runs a suite, showing its output and keeping it for record().
run() {
    name=$1
    shift
    echo "=== $name"
    started=$(date +%s)
    {
        "$@" 2>&1
        echo $? >"$rcfile"
    } | tee "$log"
    rc=$(cat "$rcfile")
    record "$name" "$rc"
}

run lint sh scripts/check-escaping.sh
run layers sh scripts/test-layers.sh
run catalogue sh scripts/check-catalogue.sh
# The package sets of scripts/deps.sh (issue 16).
run deps sh tests/install/deps.sh

echo "=== build ($ASAN_BUILD, ASan+UBSan)"
started=$(date +%s)
# -k: one broken unit test must not hide the results of every other suite. The binary is
# relinked each time so a failed link can never leave an old one to be tested.
rm -f "$BIN"
if $MAKE --no-print-directory -k asan >"$log" 2>&1; then
    tail -n 2 "$log"
    echo "build 1 0 $(($(date +%s) - started))" >>"$results"
else
    grep -E 'error:|undefined reference|\*\*\* ' "$log" | head -n 40
    echo "build 0 1 $(($(date +%s) - started))" >>"$results"
    if [ ! -x "$BIN" ]; then
        echo "build failed: $BIN missing, no tests can run"
        summary
        exit 1
    fi
fi

export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# fontconfig keeps process-lifetime state once cairo draws text (the Party-layout PDF, the
# demo's signed PDF): named, and only it, in tests/hardening/lsan.supp.
export LSAN_OPTIONS="suppressions=$PWD/tests/hardening/lsan.supp:print_suppressions=0"

# The browser suite in a lane of its own, beside the suites below: chromium and its server
# keep about 0.8 of a core busy (45 s of CPU in 55 s for three files), the unit, PostgreSQL and
# HTTP suites about one, and the machine has two — run one after the other they made 40 of
# CI's 51 minutes. Its own log and rc files (run() writes them); its output is shown when it
# ends, so the two lanes' lines never interleave.
(
    log=$(mktemp) rcfile=$(mktemp)
    trap 'rm -f "$log" "$rcfile"' EXIT
    ASAN_OPTIONS="detect_leaks=0" run browser env VANPHONG_BIN="$BIN" sh scripts/run-node-tests.sh tests/browser
    # CI's time-boxed libFuzzer pass (.ci/run sets VP_TEST_FUZZ_SECONDS): the browser lane ends
    # some ten minutes before the main one, room for the clang build and the fuzzing. Without
    # the sanitizer options of the suites, as `make fuzz-run` is run by hand.
    if [ -n "${VP_TEST_FUZZ_SECONDS:-}" ]; then
        run fuzz-run env -u ASAN_OPTIONS -u UBSAN_OPTIONS -u LSAN_OPTIONS \
            $MAKE --no-print-directory -s fuzz-run FUZZ_SECONDS="$VP_TEST_FUZZ_SECONDS"
    fi
) >"$lane" 2>&1 &
browser_lane=$!
ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" run unit sh scripts/run-unit.sh "$ASAN_BUILD"
# The PostgreSQL schema (issue 16): every migration's twin applies on a throw-away cluster and
# gives the SQLite schema; the demo office fits; then the check's own self-test.
ASAN_OPTIONS="detect_leaks=0" run pgschema env VANPHONG_BIN="$BIN" sh scripts/check-pg-schema.sh
ASAN_OPTIONS="detect_leaks=0" run pgschema-self env VANPHONG_BIN="$BIN" sh scripts/check-pg-schema.sh --self-test
# The PostgreSQL driver's suites and copy-to-pg on a throw-away cluster (make test-pg).
ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" run pg sh scripts/test-pg.sh "$ASAN_BUILD"
# The whole unit suite on PostgreSQL (each fixture's office a database of its own on a
# throw-away cluster, tests/unit/test_store.h), leaks detected as in the unit stage.
ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" run pg-unit sh scripts/test-pg.sh "$ASAN_BUILD" --unit
# make install into a DESTDIR from the sanitizer build: files, man page, systemd-analyze
# verify (issue 16).
run install sh tests/install/install.sh "$ASAN_BUILD"
# The Debian package and lintian (skipped, saying so, without debhelper and lintian).
run deb sh tests/install/deb.sh

if [ -f fuzz/replay.sh ]; then
    # make asan built the replay binaries into the sanitizer build.
    ASAN_OPTIONS="detect_leaks=1" run fuzz sh fuzz/replay.sh "$ASAN_BUILD"
fi

# Server threads of libmicrohttpd may exit without freeing what the library keeps; leaks in
# the server process are not reported, every other ASan/UBSan error still fails the test
# (tests/http/lib.mjs checks the server's stderr at stop).
export ASAN_OPTIONS="detect_leaks=0"
run http env VANPHONG_BIN="$BIN" sh scripts/run-node-tests.sh tests/http
# The HTTP suite on PostgreSQL (tests/http/lib.mjs moves each demo office into a database of
# its own on a throw-away cluster): the files of tests/pg/http-ci.list, the whole suite being
# too long under ASan for CI (make test-pg-full runs it; docs/PG-TESTS.md).
run pg-http sh scripts/test-pg.sh "$ASAN_BUILD" --http-ci
wait "$browser_lane" || true # its failures are in $results
cat "$lane"
# Two nodes over one store behind nginx (issue 16): gap-free numbers through the balancer,
# sessions and jobs shared, a node killed mid-load loses no acknowledged write.
run nodes env VANPHONG_BIN="$BIN" sh scripts/run-node-tests.sh tests/nodes
# Hardening (issue 5): security probes, SIGKILL crash safety (20 kills), full disk on a tmpfs
# (skipped with its reason where mount is refused). The 60 s load run is `make load`.
run hardening env VANPHONG_BIN="$BIN" sh scripts/run-node-tests.sh tests/hardening

summary
[ "$(awk '{ f += $3 } END { print f + 0 }' "$results")" -eq 0 ]
