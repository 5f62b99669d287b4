#!/bin/sh
# The PostgreSQL column of make bench (issue 16): `make bench BACKEND=pg`, or
# `BENCH_BACKEND=pg sh bench/run.sh BIN` (run.sh builds or reuses the SQLite office and its
# corpus, then hands over here), or directly:
#
#   sh bench/pg.sh BIN WORK        WORK = a bench work folder: data/ (the SQLite office),
#                                  corpus.jsonl, queries.tsv (BENCH_WORK of a SQLite run)
#
# A throw-away PostgreSQL 15 cluster in a temporary directory (socket there, no TCP; as
# `nobody` when root, as scripts/test-pg.sh does), stopped and removed on exit. Tuned for a
# bench, durability kept: fsync and synchronous_commit stay on (a product rule), more shared
# buffers, max_connections for two nodes' threads and the jobs.
#
# The office: the SQLite office of WORK moved whole with `copy-to-pg` (the same corpus, the same
# ids), then `reindex --exclusive` (PostgreSQL's search keys); both timed. The ingest figure:
# `vanphong import` on PostgreSQL itself, into a fresh demo office of its own database, of the
# first BENCH_PG_IMPORT_DOCS lines of the corpus (default 10000; "all" for the whole corpus).
# Then the SQLite run's measures with VP_DB_URL set: search shapes and register lists
# (bench-search, chanhvp, vanthu.binhthuy, vanthu.cairang), GET /incoming under wrk beside nginx,
# the pages block (memo on/off), one node vs two nodes (bench/nodes.sh). The measures land in
# WORK/pg/; bench/report.mjs writes bench/results/DATE-N-pg.json ("backend":"pg") and prints the
# side-by-side table with the newest SQLite result of the same docs/seed.
#
# BENCH_PG_DIR=DIR keeps the cluster in DIR instead of a temporary directory: the first run
# loads it (and writes DIR/loaded.txt with the load's figures), later runs start it again and
# measure without loading (at 1,000,000 documents the load takes the better part of an hour).
set -eu
BIN=$(realpath "$1")
W=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
DATA=$W/data
P=$W/pg
M=$P/measure.txt
RUNS=${BENCH_RUNS:-30}
WRK_SECONDS=${BENCH_WRK_SECONDS:-10}
PAGES_SECONDS=${BENCH_PAGES_SECONDS:-5}
SEED=${BENCH_SEED:-1}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
export VANPHONG_DEMO_PASSWORD=${VANPHONG_DEMO_PASSWORD:-bench-password-1}
PASS=$VANPHONG_DEMO_PASSWORD
log() { printf 'bench pg: %s\n' "$*" >&2; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$1/status" 2>/dev/null || echo 0; }
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
[ -x "$PGBIN/initdb" ] || { log "$PGBIN/initdb not found (install postgresql-15: make deps-test)"; exit 2; }
[ -f "$DATA/vanphong.db" ] && [ -s "$W/queries.tsv" ] && [ -s "$W/corpus.jsonl" ] || {
    log "$W holds no SQLite office with its corpus (run make bench first, BENCH_WORK=$W)"
    exit 2
}
rm -rf "$P"
mkdir -p "$P"

# ---- the throw-away cluster -------------------------------------------------------------------
if [ -n "${BENCH_PG_DIR:-}" ]; then
    mkdir -p "$BENCH_PG_DIR"
    dir=$(realpath "$BENCH_PG_DIR")
else
    dir=$(mktemp -d /tmp/vp-pgbench-XXXXXX)
fi
as=""
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    $as "$PGBIN/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    [ -n "${BENCH_PG_DIR:-}" ] || rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ "$(id -u)" = 0 ]; then
    chown -R nobody "$dir" 2>/dev/null || true
    chmod 777 "$dir"
    as="runuser -u nobody -- env -C /"
fi
loaded=0
if [ -f "$dir/loaded.txt" ] && [ -f "$dir/data/PG_VERSION" ]; then
    loaded=1
    log "reusing the cluster in $dir (loaded: $(tr '\n' ' ' <"$dir/loaded.txt"))"
    # the socket where the cluster is now (a copy made elsewhere names its old folder)
    echo "unix_socket_directories = '$dir'" >>"$dir/data/postgresql.conf"
    [ -z "$as" ] || chown -R nobody "$dir/data"
    chmod 700 "$dir/data"
else
rm -rf "$dir/data"
$as "$PGBIN/initdb" -D "$dir/data" -U vp -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
}
# fsync and synchronous_commit left at their defaults (on): a bench of a store that may lose
# acknowledged writes would measure another product. 1/8 of the memory as shared buffers (at
# most 4 GB), WAL room for a bulk load without a checkpoint every few seconds, connections for
# two nodes × (threads + jobs) and the bench.
mem_mb=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)
sb=$((mem_mb / 8))
[ "$sb" -gt 4096 ] && sb=4096
cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = ${sb}MB
effective_cache_size = $((mem_mb / 2))MB
work_mem = 16MB
maintenance_work_mem = 256MB
max_wal_size = 4GB
checkpoint_timeout = 15min
CONF
fi
$as "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null
[ "$loaded" = 1 ] || "$PGBIN/createdb" -h "$dir" -U vp vp_bench
export VP_DB_URL="host=$dir user=vp dbname=vp_bench"
psql_q() { "$PGBIN/psql" -h "$dir" -U vp -d "${2:-vp_bench}" -XAtqc "$1"; }

: >"$M"
echo "backend=pg" >>"$M"
echo "docs=$(sed -n 's/^docs=//p' "$W/measure.txt" 2>/dev/null | head -1)" >>"$M"
echo "seed=$SEED" >>"$M"
echo "pg_version=$(psql_q 'SHOW server_version')" >>"$M"
echo "pg_settings=shared_buffers $(psql_q 'SHOW shared_buffers'), fsync $(psql_q 'SHOW fsync'), synchronous_commit $(psql_q 'SHOW synchronous_commit'), max_connections $(psql_q 'SHOW max_connections')" >>"$M"

# ---- the office: copy-to-pg, then PostgreSQL's search keys ------------------------------------
if [ "$loaded" = 1 ]; then
    cat "$dir/loaded.txt" >>"$M"
else
log "copy-to-pg of $DATA"
t0=$(now_ms)
"$BIN" copy-to-pg --data "$DATA" --to "$VP_DB_URL" >"$P/copy.txt" 2>"$P/copy.err" || {
    tail -5 "$P/copy.err" >&2
    exit 1
}
t1=$(now_ms)
log "copied in $(((t1 - t0) / 1000)) s: $(grep -v '^ok$' "$P/copy.txt" | head -1)"
"$BIN" reindex --data "$DATA" --exclusive >"$P/reindex.txt" 2>"$P/reindex.err" || {
    tail -5 "$P/reindex.err" >&2
    exit 1
}
t2=$(now_ms)
log "reindexed in $(((t2 - t1) / 1000)) s"
echo "copy_s=$(((t1 - t0) / 1000)).$(((t1 - t0) % 1000 / 100))" >>"$M"
echo "reindex_s=$(((t2 - t1) / 1000)).$(((t2 - t1) % 1000 / 100))" >>"$M"
psql_q 'VACUUM ANALYZE' >/dev/null

# ---- ingest: vanphong import on PostgreSQL, its own demo office --------------------------------
NI=${BENCH_PG_IMPORT_DOCS:-10000}
[ "$NI" = all ] && NI=$(wc -l <"$W/corpus.jsonl")
log "import of the first $NI corpus lines on PostgreSQL (a fresh demo office)"
"$PGBIN/createdb" -h "$dir" -U vp vp_import
rm -rf "$P/import"
VP_DB_URL="host=$dir user=vp dbname=vp_import" "$BIN" init --data "$P/import/data" --demo >/dev/null
head -n "$NI" "$W/corpus.jsonl" >"$P/import/corpus.jsonl"
rc=0
VP_DB_URL="host=$dir user=vp dbname=vp_import" "$BIN" import --data "$P/import/data" "$P/import/corpus.jsonl" \
    >"$P/import.txt" 2>"$P/import.err" || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
    tail -5 "$P/import.err" >&2
    log "import on PostgreSQL failed: no ingest figure"
else
    cat "$P/import.txt" >&2
    sed -n 's/.*overall \([0-9.]*\) docs\/s.*/ingest_docs_per_s=\1/p' "$P/import.txt" >>"$M"
    sed -n 's/.*registration [0-9.]* s (\([0-9.]*\) docs\/s).*/register_docs_per_s=\1/p' "$P/import.txt" >>"$M"
    echo "import_line=$(cat "$P/import.txt") [PostgreSQL, first $NI lines]" >>"$M"
    echo "import_docs=$NI" >>"$M"
fi
rm -rf "$P/import"
"$PGBIN/dropdb" -h "$dir" -U vp vp_import
# what a later run with the same BENCH_PG_DIR reports without loading again
grep -E '^(copy_s|reindex_s|ingest_docs_per_s|register_docs_per_s|import_line|import_docs)=' "$M" >"$dir/loaded.txt"
fi

# ---- sizes ------------------------------------------------------------------------------------
docs=$(psql_q 'SELECT count(*) FROM incoming')
echo "docs_in_db=$docs" >>"$M"
echo "db_bytes=$(psql_q "SELECT pg_database_size('vp_bench')")" >>"$M"
echo "fts_bytes=$(psql_q "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname LIKE 'search%'")" >>"$M"
echo "blob_bytes=$(du -sb "$DATA/blobs" | cut -f1)" >>"$M"

# ---- search and register lists, in process --------------------------------------------------
# the commune clerk exists when run.sh's ward block ran on this office (make bench before)
logins=chanhvp,vanthu.binhthuy
[ -n "$(psql_q "SELECT 1 FROM users WHERE login = 'vanthu.cairang'")" ] && logins=$logins,vanthu.cairang
log "search and register-list latency ($RUNS runs a shape; $logins)"
"$BIN" bench-search --data "$DATA" --queries "$W/queries.tsv" --runs "$RUNS" \
    --logins "$logins" >"$P/search.jsonl"
"$BIN" bench-search --data "$DATA" --queries "$W/queries.tsv" --share \
    --logins "$logins" >"$P/ward.jsonl" || true

# ---- a session, GET /incoming under wrk, nginx beside -----------------------------------------
login_cookie() { # port → prints the office leader's cookie header
    jar=$P/cookies-$1.txt
    rm -f "$jar"
    page=$(curl -m 10 -fs -c "$jar" -b "$jar" "http://127.0.0.1:$1/login")
    csrf=$(printf '%s' "$page" | sed -n 's/.*name="csrf"[^>]*value="\([^"]*\)".*/\1/p' | head -1)
    curl -m 10 -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "login=chanhvp" \
        --data-urlencode "password=$PASS" --data-urlencode "csrf=$csrf" "http://127.0.0.1:$1/login"
    awk '/^#HttpOnly_/ || (!/^#/ && NF >= 7) { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$jar"
}
serve() { # env assignment or "" → starts vanphong on PostgreSQL, sets port/spid
    port=$(free_port)
    t0=$(now_ms)
    env $1 VANPHONG_QUIET=1 "$BIN" serve --data "$DATA" --listen "127.0.0.1:$port" >"$P/serve.log" 2>&1 &
    spid=$!
    pids="$pids $spid"
    until curl -m 5 -fs -o /dev/null "http://127.0.0.1:$port/login"; do
        kill -0 "$spid" 2>/dev/null || { cat "$P/serve.log" >&2; exit 1; }
        sleep 0.005
    done
    startup=$(($(now_ms) - t0))
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
nginx_static() { # file → nginx serving it as /page.html, sets ngport/ngpid
    NG=$P/nginx
    rm -rf "$NG"
    mkdir -p "$NG/root" "$NG/logs" "$NG/tmp"
    cp "$1" "$NG/root/page.html"
    ngport=$(free_port)
    cat >"$NG/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $NG/nginx.pid;
error_log $NG/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    client_body_temp_path $NG/tmp;
    proxy_temp_path $NG/tmp;
    fastcgi_temp_path $NG/tmp;
    uwsgi_temp_path $NG/tmp;
    scgi_temp_path $NG/tmp;
    types { text/html html; }
    server { listen 127.0.0.1:$ngport; root $NG/root; }
}
EOF
    nginx -p "$NG" -c "$NG/nginx.conf" &
    ngpid=$!
    pids="$pids $ngpid"
    tries=0
    until curl -m 5 -fs -o /dev/null "http://127.0.0.1:$ngport/page.html"; do
        tries=$((tries + 1))
        { kill -0 "$ngpid" 2>/dev/null && [ "$tries" -lt 500 ]; } || { cat "$NG/logs/error.log" >&2; exit 1; }
        sleep 0.01
    done
}
wrk_field() { # file → rps p50 p90 p99 (ms) non2xx
    awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %s %s %s %s\n", rps, p50, p90, p99, bad + 0 }' "$1"
}

PAGE=${BENCH_PAGE:-/incoming}
serve ""
echo "startup_ms=$startup" >>"$M"
sleep 1
echo "rss_idle_kb=$(rss_kb "$spid")" >>"$M"
cookie=$(login_cookie "$port")
code=$(curl -m 30 -s -o "$P/page.html" -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$port$PAGE")
[ "$code" = 200 ] || { log "GET $PAGE as chanhvp answered $code"; exit 1; }
size=$(stat -c %s "$P/page.html")
echo "page=$PAGE" >>"$M"
echo "page_bytes=$size" >>"$M"
max=0
log "wrk -t2 -c64 -d${WRK_SECONDS}s GET $PAGE ($size bytes) on vanphong + PostgreSQL"
wrk -t2 -c64 -d"${WRK_SECONDS}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port$PAGE" >"$P/wrk-vp.txt" &
wk=$!
while kill -0 "$wk" 2>/dev/null; do
    r=$(rss_kb "$spid")
    [ "${r:-0}" -gt "$max" ] && max=$r
    sleep 0.1
done
wait "$wk" || true
echo "rss_load_kb=$max" >>"$M"
stop "$spid"
nginx_static "$P/page.html"
wrk -t2 -c64 -d"${WRK_SECONDS}s" --latency "http://127.0.0.1:$ngport/page.html" >"$P/wrk-nginx.txt"
stop "$ngpid"
set -- $(wrk_field "$P/wrk-vp.txt")
echo "vp_rps=$1" >>"$M"; echo "vp_p50_ms=$2" >>"$M"; echo "vp_p90_ms=$3" >>"$M"; echo "vp_p99_ms=$4" >>"$M"; echo "vp_non2xx=$5" >>"$M"
set -- $(wrk_field "$P/wrk-nginx.txt")
echo "ng_rps=$1" >>"$M"; echo "ng_p50_ms=$2" >>"$M"; echo "ng_p90_ms=$3" >>"$M"; echo "ng_p99_ms=$4" >>"$M"; echo "ng_non2xx=$5" >>"$M"

# ---- the pages block, as run.sh's (memo on and off), each beside nginx ------------------------
DOC_ID=$(psql_q "SELECT i.id FROM incoming i JOIN users u ON u.unit_id = i.unit_id WHERE u.login = 'chanhvp' AND i.secrecy = 0 ORDER BY i.id DESC LIMIT 1")
pages_wrk() { # url [cookie] → "p50 p95 p99 rps errors timeouts"
    if [ -n "${2:-}" ]; then
        timeout $((PAGES_SECONDS + 30)) wrk -t2 -c64 -d"${PAGES_SECONDS}s" -s "$here/pages.lua" -H "Cookie: $2" "$1"
    else
        timeout $((PAGES_SECONDS + 30)) wrk -t2 -c64 -d"${PAGES_SECONDS}s" -s "$here/pages.lua" "$1"
    fi | sed -n 's/^PAGES //p'
}
for mode in memo nomemo; do
    if [ "$mode" = memo ]; then serve ""; else serve VANPHONG_NO_MEMO=1; fi
    pcookie=$(login_cookie "$port")
    for spec in "list:/incoming" "doc:/incoming/$DOC_ID" "home:/" "dashboard:/reports"; do
        key=${spec%%:*}
        path=${spec#*:}
        f=$P/page-$key.html
        tries=0
        until code=$(curl -m 30 -s -o "$f" -w '%{http_code}' -H "Cookie: $pcookie" "http://127.0.0.1:$port$path") && [ "$code" = 200 ]; do
            tries=$((tries + 1))
            [ "$tries" -lt 50 ] || { log "GET $path as chanhvp answered ${code:-nothing}"; exit 1; }
            sleep 0.1
        done
        for _ in 1 2 3 4 5 6; do curl -m 30 -s -o /dev/null -H "Cookie: $pcookie" "http://127.0.0.1:$port$path" || true; done
        log "pages ($mode): wrk -t2 -c64 -d${PAGES_SECONDS}s GET $path ($(stat -c %s "$f") bytes)"
        set -- $(pages_wrk "http://127.0.0.1:$port$path" "$pcookie")
        echo "pages_${mode}_${key}_path=$path" >>"$M"
        echo "pages_${mode}_${key}_bytes=$(stat -c %s "$f")" >>"$M"
        echo "pages_${mode}_${key}_vp=$*" >>"$M"
    done
    stop "$spid"
done
for key in list doc home dashboard; do
    nginx_static "$P/page-$key.html"
    set -- $(pages_wrk "http://127.0.0.1:$ngport/page.html")
    echo "pages_ng_${key}=$*" >>"$M"
    stop "$ngpid"
done
echo "commit=$(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo unknown)" >>"$M"
echo "machine=$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)" >>"$M"

# ---- one node vs two nodes behind nginx, both on this cluster ----------------------------------
log "the same page through one node and two nodes behind nginx (bench/nodes.sh, PostgreSQL)"
sh "$here/nodes.sh" "$BIN" "$DATA" "$P" "$PASS" "$PAGE" "$WRK_SECONDS" "$P/nodes.jsonl"

out=$here/results/$(date -u +%Y%m%d-%H%M)-$(sed -n 's/^docs=//p' "$M")-pg.json
node "$here/report.mjs" "$M" "$P/search.jsonl" "$out"
