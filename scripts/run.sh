#!/bin/sh
# make run: creates the demo office on first start, tells where to go and how to log in,
# then runs the server in the foreground (Ctrl+C stops it).
# usage: scripts/run.sh BIN DATA LISTEN
set -eu
BIN=$1
DATA=${2:-data}
LISTEN=${3:-127.0.0.1:8080}

if [ ! -f "$DATA/vanphong.db" ]; then
    echo "vanphong: no database in $DATA/ — creating the demo office (vanphong init --demo)"
    "$BIN" init --data "$DATA" --demo >"$DATA.init.log" 2>&1 || {
        cat "$DATA.init.log" >&2
        rm -f "$DATA.init.log"
        exit 1
    }
    rm -f "$DATA.init.log"
fi

echo
echo "  vanphong: http://$LISTEN/"
if [ -f "$DATA/demo-logins.txt" ]; then
    echo
    echo "  Demo logins (also in $DATA/demo-logins.txt):"
    sed 's/^/    /' "$DATA/demo-logins.txt"
fi
echo
exec "$BIN" serve --data "$DATA" --listen "$LISTEN"
