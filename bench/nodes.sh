#!/bin/sh
# Page throughput through one and two nodes (issue 16): two `vanphong serve` over the bench's
# data directory, nginx in front, the same logged-in page under the same wrk:
#   one node, direct  |  one node behind nginx  |  two nodes behind nginx (round robin)
# Writes one JSON line per shape to OUT. On one machine both nodes share its cores, so the
# two-node figure shows what the balancer and a second process cost or give here, not what a
# second machine would add (docs/SCALING.md says how to read it).
#
#   sh bench/nodes.sh BIN DATA WORKDIR PASSWORD PAGE SECONDS OUT
set -eu
BIN=$1 DATA=$2 W=$3 PASS=$4 PAGE=$5 SECS=$6 OUT=$7
N=$W/nodes
rm -rf "$N"
mkdir -p "$N/logs" "$N/tmp"
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

start_node() { # name port
    VANPHONG_TRUSTED_PROXIES=127.0.0.1 "$BIN" serve --data "$DATA" --listen "127.0.0.1:$2" >"$N/$1.log" 2>&1 &
    pids="$pids $!"
    until curl -fs -o /dev/null "http://127.0.0.1:$2/healthz"; do
        kill -0 "$!" 2>/dev/null || { cat "$N/$1.log" >&2; exit 1; }
        sleep 0.01
    done
}
pa=$(free_port)
start_node A "$pa"
pb=$(free_port)
start_node B "$pb"
l1=$(free_port)
l2=$(free_port)
cat >"$N/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $N/nginx.pid;
error_log $N/logs/error.log;
events { worker_connections 2048; }
http {
    access_log off;
    client_body_temp_path $N/tmp;
    proxy_temp_path $N/tmp;
    fastcgi_temp_path $N/tmp;
    uwsgi_temp_path $N/tmp;
    scgi_temp_path $N/tmp;
    upstream one { server 127.0.0.1:$pa; keepalive 64; }
    upstream two { server 127.0.0.1:$pa; server 127.0.0.1:$pb; keepalive 64; }
    server { listen 127.0.0.1:$l1; location / { proxy_pass http://one; proxy_http_version 1.1; proxy_set_header Connection ""; } }
    server { listen 127.0.0.1:$l2; location / { proxy_pass http://two; proxy_http_version 1.1; proxy_set_header Connection ""; } }
}
EOF
nginx -p "$N" -c "$N/nginx.conf" &
pids="$pids $!"
until curl -fs -o /dev/null "http://127.0.0.1:$l2/healthz"; do sleep 0.01; done

# A session as the office leader, made through the balancer (it is valid on both nodes).
jar=$N/cookies.txt
page=$(curl -fs -c "$jar" -b "$jar" "http://127.0.0.1:$l2/login")
csrf=$(printf '%s' "$page" | sed -n 's/.*name="csrf"[^>]*value="\([^"]*\)".*/\1/p' | head -1)
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "login=chanhvp" \
    --data-urlencode "password=$PASS" --data-urlencode "csrf=$csrf" "http://127.0.0.1:$l2/login"
cookie=$(awk '/^#HttpOnly_/ || (!/^#/ && NF >= 7) { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$jar")
for p in "$pa" "$pb"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$p$PAGE")
    [ "$code" = 200 ] || { echo "nodes: GET $PAGE on port $p answered $code" >&2; exit 1; }
done
bytes=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$l2$PAGE" | wc -c)

: >"$OUT"
measure() { # shape url
    wrk -t2 -c64 -d"${SECS}s" --latency -H "Cookie: $cookie" "$2" >"$N/wrk-$1.txt"
    awk -v shape="$1" -v page="$PAGE" -v bytes="$bytes" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "{\"what\":\"nodes\",\"shape\":\"%s\",\"page\":\"%s\",\"bytes\":%d,\"rps\":%s,\"p50_ms\":%s,\"p90_ms\":%s,\"p99_ms\":%s,\"non2xx\":%d}\n", shape, page, bytes, rps, p50, p90, p99, bad + 0 }' \
        "$N/wrk-$1.txt" >>"$OUT"
}
measure one_direct "http://127.0.0.1:$pa$PAGE"
measure one_nginx "http://127.0.0.1:$l1$PAGE"
measure two_nginx "http://127.0.0.1:$l2$PAGE"
cat "$OUT" >&2
