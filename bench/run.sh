#!/bin/sh
# make bench: builds a realistic Vietnamese office of BENCH_DOCS incoming documents (default
# 100000) from a seeded generator, imports it, and measures what DESIGN.md budgets: ingestion,
# search and register-list latency (server time, in process), a logged-in page under wrk next
# to nginx serving a static file of the same size, RSS idle and under load, bytes per document,
# start-up time on the big database. Prints one table and writes bench/results/DATE-N.json.
#
#   sh bench/run.sh BIN              (make bench)
#   BENCH_DOCS=1000000 BENCH_SEED=1 BENCH_RUNS=30 BENCH_KEEP=1 sh bench/run.sh build/vanphong
#   BENCH_BACKEND=pg BENCH_KEEP=1 sh bench/run.sh build/vanphong   (make bench BACKEND=pg: bench/pg.sh)
#
# BENCH_KEEP=1 reuses bench/work/data when it already holds BENCH_DOCS documents (measure again
# without importing again); BENCH_WORK=DIR works elsewhere than bench/work. Loopback only.
set -eu

BIN=$(realpath "$1")
N=${BENCH_DOCS:-100000}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-30}
WRK_SECONDS=${BENCH_WRK_SECONDS:-10}
here=$(cd "$(dirname "$0")" && pwd)
W=${BENCH_WORK:-$here/work}
DATA=$W/data
M=$W/measure.txt # key=value lines for report.mjs
mkdir -p "$W" "$here/results"
export VANPHONG_DEMO_PASSWORD=bench-password-1
PASS=$VANPHONG_DEMO_PASSWORD

log() { printf 'bench: %s\n' "$*" >&2; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$1/status" 2>/dev/null || echo 0; }
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

# ---- corpus and import ----------------------------------------------------------------------
[ -s "$W/vocab/msgs.txt" ] || sh "$here/vocab.sh" "$W/vocab"
cc -std=c17 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -o "$W/gen" "$here/gen.c" -lutf8proc

: >"$M"
echo "docs=$N" >>"$M"
echo "seed=$SEED" >>"$M"
have=$( [ -f "$DATA/vanphong.db" ] && sqlite3 "$DATA/vanphong.db" 'SELECT count(*) FROM incoming' 2>/dev/null || echo 0)
# The corpus lines the kept office was built from: imported + refused (import.txt). A corpus of
# N lines leaves fewer than N documents when the import refuses some (duplicates by design), so
# the document count alone never matched N and a 1M office was imported again for 40 minutes.
read_lines=$(sed -n 's/^imported \([0-9]*\) documents (\([0-9]*\) refused).*/\1 \2/p' "$W/import.txt" 2>/dev/null |
    awk '{ print $1 + $2 }')
[ -n "$read_lines" ] || read_lines=$have
if [ "${BENCH_KEEP:-0}" = 1 ] && [ "$read_lines" -ge "$N" ] && [ "$have" -gt 0 ] && [ -s "$W/queries.tsv" ] && [ -s "$W/import.txt" ]; then
    log "reusing $DATA ($have documents)"
else
    rm -rf "$DATA"
    "$BIN" init --data "$DATA" --demo >/dev/null
    log "generating $N documents (seed $SEED)"
    "$W/gen" "$W/vocab" "$N" "$SEED" "$W/corpus.jsonl" "$W/queries.tsv" 2>"$W/gen.txt"
    cat "$W/gen.txt" >&2
    log "importing"
    # exit status 3: some lines refused (listed in import.err, counted in import.txt)
    rc=0
    "$BIN" import --data "$DATA" "$W/corpus.jsonl" >"$W/import.txt" 2>"$W/import.err" || rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
        tail -5 "$W/import.err" >&2
        exit 1
    fi
    # the refused lines: "dòng N: …" (Vietnamese, the default) or "line N: …" (VANPHONG_LANG=en)
    grep -a -o -E '(dòng|line) [0-9]+: [^\r]*' "$W/import.err" | head -5 >&2 || true
    cat "$W/import.txt" >&2
fi
sed -n 's/.*overall \([0-9.]*\) docs\/s.*/ingest_docs_per_s=\1/p' "$W/import.txt" >>"$M"
sed -n 's/.*registration [0-9.]* s (\([0-9.]*\) docs\/s).*/register_docs_per_s=\1/p' "$W/import.txt" >>"$M"
sed -n 's/^gen: .*/gen_note=&/p' "$W/gen.txt" >>"$M" 2>/dev/null || true
echo "import_line=$(cat "$W/import.txt")" >>"$M"

# ---- pg: BENCH_BACKEND=pg (make bench BACKEND=pg, issue 16) --------------------------------
# The same corpus and SQLite office (built or reused above; run make bench on the same
# BENCH_WORK first for the SQLite column), measured again on a throw-away PostgreSQL cluster by
# bench/pg.sh, which prints the side-by-side table.
if [ "${BENCH_BACKEND:-sqlite}" = pg ]; then
    trap - EXIT INT TERM
    exec sh "$here/pg.sh" "$BIN" "$W"
fi
# ---- pg: end ----------------------------------------------------------------------------------

# ---- sizes ----------------------------------------------------------------------------------
db=$DATA/vanphong.db
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
docs=$(sqlite3 "$db" 'SELECT count(*) FROM incoming')
echo "docs_in_db=$docs" >>"$M"
echo "db_bytes=$(stat -c %s "$db")" >>"$M"
echo "fts_bytes=$(sqlite3 "$db" "SELECT coalesce(sum(pgsize),0) FROM dbstat WHERE name LIKE 'search_fts%' OR name LIKE 'search_files%'")" >>"$M"
echo "blob_bytes=$(du -sb "$DATA/blobs" | cut -f1)" >>"$M"

# ---- search and list latency, in process ----------------------------------------------------
log "search and register-list latency ($RUNS runs a shape)"
"$BIN" bench-search --data "$DATA" --queries "$W/queries.tsv" --runs "$RUNS" \
    --logins chanhvp,vanthu.binhthuy >"$W/search.jsonl"
# ---- ward: the share of the corpus each searching login may see (issue 17) ----------------------
# vanthu.binhthuy is the demo's ward clerk (her ward took over two district units: 15 % of the
# corpus). vanthu.cairang is a commune clerk among many: a clerk of phường Cái Răng, created
# here, registers 0.3 % of BENCH_DOCS (corpus lines, registered now, so they are the newest);
# her searches go through the scoped plan (search/search_scope.c). report.mjs prints each one's
# worst search p95 next to the share her scope sees.
if ! sqlite3 "$DATA/vanphong.db" "SELECT 1 FROM users WHERE login = 'vanthu.cairang'" | grep -q 1; then
    printf '%s\n' "$PASS" | "$BIN" user add --data "$DATA" --login vanthu.cairang \
        --name "Trần Thị Cúc" --role clerk --unit 35 >/dev/null
    nc=$((N * 3 / 1000 > 300 ? N * 3 / 1000 : 300))
    head -n "$nc" "$W/corpus.jsonl" | node -e '
      const rl = require("readline").createInterface({ input: process.stdin });
      rl.on("line", (l) => { const o = JSON.parse(l); delete o.arrived_at; delete o.unit_n;
        o.clerk = "vanthu.cairang"; if (o.secrecy !== "none") { o.secrecy = "none"; delete o.file; }
        console.log(JSON.stringify(o)); });' >"$W/cairang.jsonl"
    "$BIN" import --data "$DATA" "$W/cairang.jsonl" >/dev/null 2>&1 || true
fi
"$BIN" bench-search --data "$DATA" --queries "$W/queries.tsv" --runs "$RUNS" \
    --logins vanthu.cairang >>"$W/search.jsonl"
"$BIN" bench-search --data "$DATA" --queries "$W/queries.tsv" --share \
    --logins chanhvp,vanthu.binhthuy,vanthu.cairang >"$W/ward.jsonl"
# ---- ward: end ---------------------------------------------------------------------------------
# the working-day calendar and rule values (issue 13), on their own temporary database
log "working-day calendar and rule values"
"$BIN" bench-workdays --runs 10000 >>"$W/search.jsonl"
# the document in the Party layout (issue 18): a two-page PDF/A-2b and DOCX, its own database
log "document rendering (two-page PDF/A-2b, DOCX)"
"$BIN" bench-docgen --runs 10 >"$W/docgen.jsonl"
# Work programmes: the lead unit's and the overdue views over 2,000 programmes / 40,000 items
# (its own synthetic office in a temporary directory); its lines join the latency table.
log "programme views latency ($RUNS runs a view)"
"$BIN" bench-programmes --runs "$RUNS" >>"$W/search.jsonl"

# ---- conferences: the attendance roll-up of a conference with 500 invited units --------------
log "conference attendance roll-up (500 invited units, $RUNS runs)"
"$BIN" bench-conferences --runs "$RUNS" >"$W/conferences.jsonl"

# ---- the weekly calendar page, in process, on its own synthetic 5-year calendar ---------------
log "weekly calendar page (bench-schedule, $RUNS runs)"
"$BIN" bench-schedule --runs "$RUNS" >"$W/schedule.jsonl"

# ---- facilities: booking conflict check and the week's bookings, 50 rooms × 5 years ---------
log "room booking conflict check and week view (bench-facilities, $RUNS runs)"
"$BIN" bench-facilities --runs "$RUNS" >"$W/facilities.jsonl"

# ---- follow-up report (its own synthetic office: 50,000 tasks over 500 units) --------------
log "follow-up report latency ($RUNS runs a shape)"
"$BIN" bench-followup --runs "$RUNS" >"$W/followup.jsonl"
"$BIN" bench-awards --runs 5 >"$W/awards.jsonl"

# ---- edXML: build + parse of a package with 2 attachments (its own temporary office) ----------
log "edXML package build and parse (bench-edxml, 200 runs)"
"$BIN" bench-edxml --runs 200 >"$W/edxml.jsonl"

# ---- reporting regime: live aggregation and the completeness page (own synthetic data) -------
log "reporting: aggregation of 600,000 values and the completeness page ($RUNS runs)"
VANPHONG_QUIET=1 "$BIN" bench-reporting --runs "$RUNS" >"$W/reporting.jsonl" 2>/dev/null

# ---- petitions: list, overdue, report, reception register over BENCH_PETITIONS letters ------
log "petitions latency (${BENCH_PETITIONS:-50000} letters, its own temporary database)"
"$BIN" bench-petitions --letters "${BENCH_PETITIONS:-50000}" --runs "$RUNS" >"$W/petitions.jsonl"

# ---- the annual finance report (its own synthetic office: 500 organisations × 30 lines × 12) -
log "budget annual report latency ($RUNS runs)"
"$BIN" bench-budget --runs "$RUNS" >"$W/budget.jsonl"

# ---- archives: hand-over due list, reading-room search, holds over 20,000 dossiers; a fixity run
# over 2,000 archived files -------------------------------------------------------------------
log "archive lists latency ($RUNS runs a shape)"
"$BIN" bench-archives --runs "$RUNS" >"$W/archives.jsonl"

# ---- digital signatures: pdfsig sign and verify of a one-page PDF (issue 18) -----------------
log "digital signature sign and verify (bench-signing, 10 runs a shape)"
"$BIN" bench-signing --runs 10 >"$W/signing.jsonl"

# ---- đảng phí: the monthly report summed up over 500 organisations × 40 members ---------------
log "đảng phí report up the tree (500 units × 40 members, $RUNS runs)"
"$BIN" bench-partyfees --runs "$RUNS" >"$W/partyfees.jsonl"

# ---- members: an Excel member list of 2,000 read and imported whole ---------------------------
log "member list xlsx read and import (2,000 rows, 10 runs)"
"$BIN" bench-memstatus --rows 2000 --runs 10 >"$W/memstatus.jsonl"
# ---- peers: enqueue + sign + deliver over loopback + verify the signed answer (two installations) --
log "between installations: sign, deliver over loopback, verify (bench-peers, 50 messages of 64 KiB)"
"$BIN" bench-peers --runs 50 >"$W/peers.jsonl"

# ---- ward: an import while a clerk registers through the API (issue 17) ---------------------------
# A fresh demo office imports the first BENCH_IMPORT_DOCS (default 100000) lines of the corpus
# while vanthu registers 5 documents a second through POST /api/v1/incoming: the registrations'
# p99 (budget 100 ms) and the import's rate (budget 1,000 docs/s) — bench/import_parallel.mjs.
NI=${BENCH_IMPORT_DOCS:-100000}
log "import of $NI documents while a clerk registers 5 a second through the API"
rm -rf "$W/import-par"
"$BIN" init --data "$W/import-par/data" --demo >/dev/null
head -n "$NI" "$W/corpus.jsonl" >"$W/import-par/corpus.jsonl"
node "$here/import_parallel.mjs" "$BIN" "$W/import-par/data" "$W/import-par/corpus.jsonl" 5 vanthu \
    >"$W/import_par.jsonl" || log "import_parallel failed"
rm -rf "$W/import-par"
# ---- ward: end ---------------------------------------------------------------------------------

# ---- start-up, RSS, wrk against vanphong and nginx ------------------------------------------
port=$(free_port)
t0=$(now_ms)
"$BIN" serve --data "$DATA" --listen "127.0.0.1:$port" >"$W/serve.log" 2>&1 &
spid=$!
pids="$spid"
until curl -fs -o /dev/null "http://127.0.0.1:$port/login"; do
    kill -0 "$spid" 2>/dev/null || { cat "$W/serve.log" >&2; exit 1; }
    sleep 0.005
done
echo "startup_ms=$(($(now_ms) - t0))" >>"$M"
sleep 1
echo "rss_idle_kb=$(rss_kb "$spid")" >>"$M"

# A session as the office leader (the login form's CSRF token, then the session cookie).
jar=$W/cookies.txt
rm -f "$jar"
page=$(curl -fs -c "$jar" -b "$jar" "http://127.0.0.1:$port/login")
csrf=$(printf '%s' "$page" | sed -n 's/.*name="csrf"[^>]*value="\([^"]*\)".*/\1/p' | head -1)
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "login=chanhvp" \
    --data-urlencode "password=$PASS" --data-urlencode "csrf=$csrf" "http://127.0.0.1:$port/login"
cookie=$(awk '/^#HttpOnly_/ || (!/^#/ && NF >= 7) { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$jar")
PAGE=${BENCH_PAGE:-/incoming}
code=$(curl -s -o "$W/page.html" -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$port$PAGE")
[ "$code" = 200 ] || { log "GET $PAGE as chanhvp answered $code"; exit 1; }
size=$(stat -c %s "$W/page.html")
echo "page=$PAGE" >>"$M"
echo "page_bytes=$size" >>"$M"

# RSS under load: sampled every 100 ms while wrk runs; the maximum counts.
rss_watch() {
    max=0
    while kill -0 "$1" 2>/dev/null && [ ! -f "$W/rss.stop" ]; do
        r=$(rss_kb "$1")
        [ "${r:-0}" -gt "$max" ] && max=$r
        echo "$max" >"$W/rss.max"
        sleep 0.1
    done
}
rm -f "$W/rss.stop" "$W/rss.max"
rss_watch "$spid" &
wpid=$!
pids="$pids $wpid"
log "wrk -t2 -c64 -d${WRK_SECONDS}s GET $PAGE ($size bytes) on vanphong"
wrk -t2 -c64 -d"${WRK_SECONDS}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port$PAGE" >"$W/wrk-vp.txt"
touch "$W/rss.stop"
wait "$wpid" 2>/dev/null || true
echo "rss_load_kb=$(cat "$W/rss.max" 2>/dev/null || echo 0)" >>"$M"
kill "$spid" 2>/dev/null || true
wait "$spid" 2>/dev/null || true

# nginx serving a static file of the same byte size, same machine, same wrk.
NG=$W/nginx
rm -rf "$NG"
mkdir -p "$NG/root" "$NG/logs"
head -c "$size" "$W/page.html" >"$NG/root/page.html"
nport=$(free_port)
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
    server { listen 127.0.0.1:$nport; root $NG/root; }
}
EOF
nginx -p "$NG" -c "$NG/nginx.conf" &
npid=$!
pids="$pids $npid"
until curl -fs -o /dev/null "http://127.0.0.1:$nport/page.html"; do
    kill -0 "$npid" 2>/dev/null || { cat "$NG/logs/error.log" >&2; exit 1; }
    sleep 0.01
done
log "wrk -t2 -c64 -d${WRK_SECONDS}s GET /page.html ($size bytes) on nginx"
wrk -t2 -c64 -d"${WRK_SECONDS}s" --latency "http://127.0.0.1:$nport/page.html" >"$W/wrk-nginx.txt"
kill "$npid" 2>/dev/null || true
wait "$npid" 2>/dev/null || true

# ---- pages: logged-in pages beside nginx (issue 17) ------------------------------------------
# The register list, a document page, the logged-in home page (the counts a user sees first)
# and the dashboard, each under wrk -t2 -c64 as the office leader, with p95 (bench/pages.lua),
# next to nginx serving a static file of the same byte size. Twice: as served (memo on), and
# with VANPHONG_NO_MEMO=1 (every page computed from the database: the cost after a write).
PAGES_SECONDS=${BENCH_PAGES_SECONDS:-5}
DOC_ID=$(sqlite3 "$db" "SELECT i.id FROM incoming i JOIN users u ON u.unit_id = i.unit_id WHERE u.login = 'chanhvp' AND i.secrecy = 0 ORDER BY i.id DESC LIMIT 1")
pages_serve() { # env assignment or "" → starts vanphong, sets pport/ppid/pcookie
    pport=$(free_port)
    env $1 VANPHONG_QUIET=1 "$BIN" serve --data "$DATA" --listen "127.0.0.1:$pport" >"$W/serve-pages.log" 2>&1 &
    ppid=$!
    pids="$pids $ppid"
    until curl -m 5 -fs -o /dev/null "http://127.0.0.1:$pport/login"; do
        kill -0 "$ppid" 2>/dev/null || { cat "$W/serve-pages.log" >&2; exit 1; }
        sleep 0.01
    done
    pjar=$W/cookies-pages.txt
    rm -f "$pjar"
    ppage=$(curl -m 10 -fs -c "$pjar" -b "$pjar" "http://127.0.0.1:$pport/login")
    pcsrf=$(printf '%s' "$ppage" | sed -n 's/.*name="csrf"[^>]*value="\([^"]*\)".*/\1/p' | head -1)
    curl -m 10 -fs -o /dev/null -c "$pjar" -b "$pjar" --data-urlencode "login=chanhvp" \
        --data-urlencode "password=$PASS" --data-urlencode "csrf=$pcsrf" "http://127.0.0.1:$pport/login"
    pcookie=$(awk '/^#HttpOnly_/ || (!/^#/ && NF >= 7) { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$pjar")
}
pages_nginx() { # page file → starts nginx on it, sets ngport/ngpid
    PN=$W/nginx-pages
    rm -rf "$PN"
    mkdir -p "$PN/root" "$PN/logs" "$PN/tmp"
    cp "$1" "$PN/root/page.html"
    ngport=$(free_port)
    sed -e "s#$NG/#$PN/#g" -e "s#listen 127.0.0.1:[0-9]*;#listen 127.0.0.1:$ngport;#" "$NG/nginx.conf" >"$PN/nginx.conf"
    nginx -p "$PN" -c "$PN/nginx.conf" &
    ngpid=$!
    pids="$pids $ngpid"
    tries=0
    until curl -m 5 -fs -o /dev/null "http://127.0.0.1:$ngport/page.html"; do
        tries=$((tries + 1))
        { kill -0 "$ngpid" 2>/dev/null && [ "$tries" -lt 500 ]; } || { cat "$PN/logs/error.log" >&2; exit 1; }
        sleep 0.01
    done
}
pages_wrk() { # url [cookie] → "p50 p95 p99 rps errors timeouts"
    if [ -n "${2:-}" ]; then
        timeout $((PAGES_SECONDS + 30)) wrk -t2 -c64 -d"${PAGES_SECONDS}s" -s "$here/pages.lua" -H "Cookie: $2" "$1"
    else
        timeout $((PAGES_SECONDS + 30)) wrk -t2 -c64 -d"${PAGES_SECONDS}s" -s "$here/pages.lua" "$1"
    fi | sed -n 's/^PAGES //p'
}
for mode in memo nomemo; do
    if [ "$mode" = memo ]; then pages_serve ""; else pages_serve VANPHONG_NO_MEMO=1; fi
    for spec in "list:/incoming" "doc:/incoming/$DOC_ID" "home:/" "dashboard:/reports"; do
        key=${spec%%:*}
        path=${spec#*:}
        f=$W/page-$key.html
        # right after a wrk run the server may still be closing its 64 connections: retry
        tries=0
        until code=$(curl -m 30 -s -o "$f" -w '%{http_code}' -H "Cookie: $pcookie" "http://127.0.0.1:$pport$path") && [ "$code" = 200 ]; do
            tries=$((tries + 1))
            [ "$tries" -lt 50 ] || { log "GET $path as chanhvp answered ${code:-nothing}"; exit 1; }
            sleep 0.1
        done
        # a few requests first, so each worker thread has rendered the page once: the figure
        # is the steady state (the cost of rendering is the memo-off row)
        for _ in 1 2 3 4 5 6; do curl -m 30 -s -o /dev/null -H "Cookie: $pcookie" "http://127.0.0.1:$pport$path" || true; done
        log "pages ($mode): wrk -t2 -c64 -d${PAGES_SECONDS}s GET $path ($(stat -c %s "$f") bytes)"
        set -- $(pages_wrk "http://127.0.0.1:$pport$path" "$pcookie")
        echo "pages_${mode}_${key}_path=$path" >>"$M"
        echo "pages_${mode}_${key}_bytes=$(stat -c %s "$f")" >>"$M"
        echo "pages_${mode}_${key}_vp=$*" >>"$M"
    done
    kill "$ppid" 2>/dev/null || true
    wait "$ppid" 2>/dev/null || true
done
# nginx for each page's size (the memo-on page's bytes), right after, same wrk
for key in list doc home dashboard; do
    pages_nginx "$W/page-$key.html"
    log "pages: nginx, static file of $(stat -c %s "$W/page-$key.html") bytes"
    set -- $(pages_wrk "http://127.0.0.1:$ngport/page.html")
    echo "pages_ng_${key}=$*" >>"$M"
    kill "$ngpid" 2>/dev/null || true
    wait "$ngpid" 2>/dev/null || true
done
# ---- pages: end ------------------------------------------------------------------------------

wrk_field() { # file → rps p50 p99 (ms) non2xx
    awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %s %s %s %s\n", rps, p50, p90, p99, bad + 0 }' "$1"
}
set -- $(wrk_field "$W/wrk-vp.txt")
echo "vp_rps=$1" >>"$M"; echo "vp_p50_ms=$2" >>"$M"; echo "vp_p90_ms=$3" >>"$M"; echo "vp_p99_ms=$4" >>"$M"; echo "vp_non2xx=$5" >>"$M"
set -- $(wrk_field "$W/wrk-nginx.txt")
echo "ng_rps=$1" >>"$M"; echo "ng_p50_ms=$2" >>"$M"; echo "ng_p90_ms=$3" >>"$M"; echo "ng_p99_ms=$4" >>"$M"; echo "ng_non2xx=$5" >>"$M"
echo "commit=$(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo unknown)" >>"$M"
echo "machine=$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)" >>"$M"

# ---- nodes: the page through one and two nodes behind nginx (issue 16) ----------------------
log "the same page through one node and two nodes behind nginx (bench/nodes.sh)"
sh "$here/nodes.sh" "$BIN" "$DATA" "$W" "$PASS" "$PAGE" "$WRK_SECONDS" "$W/nodes.jsonl"
# ---- end nodes

out=$here/results/$(date -u +%Y%m%d-%H%M)-$N.json
node "$here/report.mjs" "$M" "$W/search.jsonl" "$out" "$W/schedule.jsonl" "$W/facilities.jsonl"
