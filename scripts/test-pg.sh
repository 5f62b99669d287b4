#!/bin/sh
# make test-pg: a throw-away PostgreSQL 15 cluster in a temporary directory (its socket there
# too, no TCP, no root, no system service), a database in it, and the PostgreSQL driver's
# unit suite, the copy-to-pg test and the two-node test (tests/nodes) against it. The cluster is stopped and removed on exit, whatever happens.
# usage: scripts/test-pg.sh BUILD [-- COMMAND...]
#        scripts/test-pg.sh BUILD --all   (make test-pg: this, then --unit, then --http-ci;
#                                          with VP_TEST_PG_FULL=1, make test-pg-full: --http)
#        scripts/test-pg.sh BUILD --http-ci (--http on the files of tests/pg/http-ci.list)
#        scripts/test-pg.sh BUILD --http [tests/http/X.test.mjs...]
#   With a COMMAND, runs it instead of the suite, with VP_DB_URL/VP_TEST_PG set (a shell on a
#   fresh cluster: scripts/test-pg.sh build -- sh).
#   With --unit, runs the unit-test binaries (all, or the NAMEs given: db, test_org…) with
#   VP_TEST_DB_URL set: each fixture's office is a fresh database on the cluster
#   (tests/unit/test_store.h); prints "unit: test_X: N passed (S s)" per binary and the sum.
#   With --http, runs the HTTP tests (all, or the files given) one file at a time against the
#   cluster (tests/http/lib.mjs moves each demo office into its own database) and prints
#   "FILE: N passed, M failed (S s)" per file and the sum. make test runs --unit and --http-ci
#   as its stages pg-unit and pg-http (scripts/test-all.sh).
set -eu
BUILD=${1:-build}
[ $# -gt 0 ] && shift
# One HTTP test file (--http's loop, on the cluster its caller started): its TAP
# output in LOGS/NAME.log, the server's stderr in LOGS/NAME.server.log, "passed failed seconds"
# in LOGS/NAME.count.
if [ "${1:-}" = "--http-one" ]; then
    logs=$2 f=$3 n=$(basename "$3" .test.mjs)
    t0=$(date +%s)
    # Leaks unchecked in its servers, as make test's http and nodes stages do (every other
    # sanitizer report still fails the test: tests/http/lib.mjs reads the server's stderr).
    ASAN_OPTIONS=detect_leaks=0 VP_TEST_SERVER_LOG="$logs/$n.server.log" VANPHONG_BIN="$BUILD/vanphong" \
        node --test --test-concurrency=1 --test-timeout=900000 \
        --test-reporter=tap "$f" >"$logs/$n.log" 2>&1 || true # its failures are counted below
    p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$logs/$n.log" | tail -n 1)
    x=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$logs/$n.log" | tail -n 1)
    c=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$logs/$n.log" | tail -n 1)
    echo "${p:-0} $((${x:-1} + ${c:-0})) $(($(date +%s) - t0))" >"$logs/$n.count"
    exit 0
fi
# --all (make test-pg): the three runs below, each on a cluster of its own, one line per stage
# and their sum; make test runs them as its stages pg, pg-unit and pg-http.
if [ "${1:-}" = "--all" ]; then
    rc=0 tp=0 tf=0 out=$(mktemp) stages=""
    for stage in pg pg-unit pg-http; do
        case $stage in
        pg) set -- ;;
        pg-unit) set -- --unit ;;
        pg-http) if [ -n "${VP_TEST_PG_FULL:-}" ]; then set -- --http; else set -- --http-ci; fi ;;
        esac
        echo "=== $stage"
        t0=$(date +%s)
        # shellcheck disable=SC2068
        { sh "$0" "$BUILD" $@ 2>&1 || echo "rc=1"; } | tee "$out"
        line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
        p=${line%% passed*} f=${line#*passed, } f=${f%% failed*}
        [ -n "$line" ] || { p=0 f=1; }
        if grep -qx 'rc=1' "$out"; then rc=1 && [ "$f" -gt 0 ] || f=1; fi
        tp=$((tp + p)) tf=$((tf + f))
        stages="$stages
  $(printf '%-8s' $stage) $p passed, $f failed ($(($(date +%s) - t0)) s)"
    done
    rm -f "$out"
    echo "=== test-pg$stages"
    echo "$tp passed, $tf failed"
    exit $rc
fi
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$PGBIN/initdb" ] || {
    echo "test-pg: $PGBIN/initdb not found (install postgresql-15: make deps-test)" >&2
    exit 2
}
dir=$(mktemp -d /tmp/vp-pg-XXXXXX)
as=""
# pg_ctl refuses to run as root: stopped as the cluster's owner (else the server outlived the
# run until it noticed its directory gone). A signal ends the run too, not only the file.
cleanup() {
    $as "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# initdb refuses to run as root: the cluster then belongs to a throw-away-friendly user.
if [ "$(id -u)" = 0 ]; then
    chown -R nobody "$dir" 2>/dev/null || true
    chmod 777 "$dir"
    as="runuser -u nobody -- env -C /" # from /: the caller's folder may be closed to nobody
fi
$as "$PGBIN/initdb" -D "$dir/data" -U vp -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
}
# In the cluster's own configuration, so that a restart by the tests keeps it: no TCP, the
# socket in the temporary directory, no fsync (a throw-away cluster).
cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
fsync = off
max_connections = 100
CONF
$as "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null
"$PGBIN/createdb" -h "$dir" -U vp vp_test
export VP_TEST_PG="host=$dir user=vp dbname=vp_test"
export VP_DB_URL="$VP_TEST_PG"
export VP_TEST_PG_DIR="$dir" VP_TEST_PG_CTL="$as $PGBIN/pg_ctl -D $dir/data -l $dir/server.log"
if [ "${1:-}" = "--" ]; then
    shift
    "$@"
    exit $?
fi
if [ "${1:-}" = "--unit" ]; then
    shift
    # All of them but the driver's own suites, which the default run has (make test's pg stage).
    [ $# -gt 0 ] || { set -- "" && export VP_UNIT_SKIP="test_db_pg test_search_pg test_pg_sql"; }
    # One migrated template for every binary (tests/unit/test_store.h builds it at first use).
    export VP_TEST_DB_URL="$VP_DB_URL" VP_TEST_DB_TEMPLATE=vp_unit_template
    rc=0
    sum=$(mktemp)
    for name in "$@"; do
        sh scripts/run-unit.sh "$BUILD" $name >"$sum.out" 2>&1 || rc=1
        grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$sum.out" || true
        grep -E '^[0-9]+ passed, [0-9]+ failed$' "$sum.out" | tail -n 1 >>"$sum"
    done
    # The cluster's log (each refused statement with its text): VP_TEST_PG_LOG=FILE keeps it.
    if [ -n "${VP_TEST_PG_LOG:-}" ]; then cp "$dir/server.log" "$VP_TEST_PG_LOG" || true; fi
    awk '{ p += $1; f += $3 } END { printf "%d passed, %d failed\n", p, f }' "$sum"
    rm -f "$sum" "$sum.out"
    exit $rc
fi
if [ "${1:-}" = "--http-ci" ]; then
    # The files make test and CI run on PostgreSQL (tests/pg/http-ci.list: the whole suite
    # takes too long under ASan for CI's time; docs/PG-TESTS.md has the figures and the choice).
    shift
    set -- --http $(grep -v '^#' tests/pg/http-ci.list | sed 's|^|tests/http/|; s|$|.test.mjs|')
fi
if [ "${1:-}" = "--http" ]; then
    shift
    [ $# -gt 0 ] || set -- tests/http/*.test.mjs
    # One file at a time: two at once took longer than one after the other on this 2-core
    # machine (docs/PG-TESTS.md, "The suites in make test").
    logs=$(mktemp -d /tmp/vp-pghttp-logs-XXXXXX)
    echo "test-pg --http: the logs in $logs"
    # Every file's demo offices are copies of one (tests/http/lib.mjs: demoTemplate).
    VP_DEMO_TEMPLATES=$logs/demo-templates
    mkdir "$VP_DEMO_TEMPLATES"
    export VP_DEMO_TEMPLATES
    started=$(date +%s)
    tp=0 tf=0 rc=0
    for f in "$@"; do
        sh "$0" "$BUILD" --http-one "$logs" "$f"
        n=$(basename "$f" .test.mjs)
        p=0 x=1 secs=?
        [ -f "$logs/$n.count" ] && read -r p x secs <"$logs/$n.count"
        echo "$(basename "$f"): $p passed, $x failed ($secs s)"
        [ "$x" -eq 0 ] || rc=1
        # The cluster's errors during this file (each with its STATEMENT): what to fix next.
        seen=0
        [ -f "$logs/.seen" ] && seen=$(wc -c <"$logs/.seen")
        tail -c +$((seen + 1)) "$dir/server.log" >"$logs/$n.pg.log" 2>/dev/null || true
        cp "$dir/server.log" "$logs/.seen" 2>/dev/null || true
        tp=$((tp + p)) tf=$((tf + x))
    done
    rm -rf "$VP_DEMO_TEMPLATES"
    echo "test-pg --http: $# files in $(($(date +%s) - started)) s"
    echo "$tp passed, $tf failed"
    exit $rc
fi
# Each suite ends with "N passed, M failed"; the last line sums them (make test's stage).
rc=0
sum=$(mktemp)
bin=$(cd "$BUILD" && pwd)/vanphong
for suite in "sh scripts/run-unit.sh $BUILD pg_sql" "sh scripts/run-unit.sh $BUILD db_pg" "sh scripts/run-unit.sh $BUILD search_pg" \
    "env VANPHONG_BIN=$BUILD/vanphong sh tests/pg/copy_to_pg.sh" \
    "env VANPHONG_BIN=$BUILD/vanphong sh tests/pg/init_demo_pg.sh" \
    "env ASAN_OPTIONS=detect_leaks=0 VANPHONG_BIN=$bin sh scripts/run-node-tests.sh tests/nodes"; do
    # copy-to-pg: the demo office moved whole, verified, a changed value found (tests/pg);
    # init --demo made on PostgreSQL itself, as many rows as SQLite's.
    # tests/nodes: two nodes behind nginx on this cluster (numbers, sessions, jobs and their
    # lease, the memo across nodes, PostgreSQL restarted mid-load, a node killed mid-load);
    # leaks unchecked in its servers, as make test's http and nodes stages do.
    $suite >"$sum.out" 2>&1 || rc=1
    cat "$sum.out"
    grep -E '^[0-9]+ passed, [0-9]+ failed$' "$sum.out" | tail -n 1 >>"$sum"
done
awk '{ p += $1; f += $3 } END { printf "%d passed, %d failed\n", p, f }' "$sum"
rm -f "$sum" "$sum.out"
exit $rc
