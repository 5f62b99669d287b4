#!/bin/sh
# make run: creates the demo office on first start, tells where to go and how to log in,
# then runs the server in the foreground (Ctrl+C stops it).
# usage: scripts/run.sh BIN DATA LISTEN
set -eu
BIN=$1
DATA=${2:-data}
LISTEN=${3:-127.0.0.1:8080}

init_out=""
if [ ! -f "$DATA/vanphong.db" ]; then
    echo "vanphong: no database in $DATA/ — creating the demo office (vanphong init --demo)"
    if ! init_out=$("$BIN" init --data "$DATA" --demo 2>&1); then
        printf '%s\n' "$init_out" >&2
        exit 1
    fi
fi

echo
echo "  vanphong: http://$LISTEN/"
echo
if [ -f "$DATA/demo-logins.txt" ]; then
    echo "  Demo logins (kept in $DATA/demo-logins.txt):"
    sed 's/^/    /' "$DATA/demo-logins.txt"
elif [ -n "$init_out" ]; then
    printf '%s\n' "$init_out" | sed 's/^/    /'
else
    echo "  (no $DATA/demo-logins.txt: log in with the accounts you created)"
fi
echo
exec "$BIN" serve --data "$DATA" --listen "$LISTEN"
