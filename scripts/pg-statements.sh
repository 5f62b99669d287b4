#!/bin/sh
# The PostgreSQL report of every SQL statement in src/: extracts each `static const db_query`
# through the C preprocessor (so statements built from macros come out whole), translates the
# ones without a hand-written `pg` text with the driver's own translator, and — with a database
# (argument or VP_DB_URL; `sh scripts/test-pg.sh build -- sh scripts/pg-statements.sh build`
# gives a throw-away one) — PREPAREs each. When src/db/migrations/pg/ holds the PostgreSQL
# schema, it is applied first so that missing tables do not hide real dialect problems.
# usage: scripts/pg-statements.sh BUILD [URL]   → the needs-pg lines, then a JSON summary
set -eu
BUILD=${1:-build}
URL=${2:-${VP_DB_URL:-}}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
CFLAGS="-std=c17 -D_GNU_SOURCE -Isrc -I$BUILD/gen $(pkg-config --cflags libmicrohttpd sqlite3 jansson libsodium libutf8proc icu-uc libxml-2.0 libcurl libpq pangocairo 2>/dev/null)"
# -P: no line markers (they would read as words between the literals).
for f in $(grep -rl --include='*.c' 'db_query' src | sort); do
    # shellcheck disable=SC2086
    cc -E -P $CFLAGS "$f" 2>/dev/null | node scripts/pg-statements.mjs "$f" >>"$out" || true
done
if [ -n "$URL" ]; then
    if ls src/db/migrations/pg/*.sql >/dev/null 2>&1; then
        "$BUILD/vanphong" migrate --data "$(mktemp -d)" --db "$URL" >/dev/null ||
            echo "pg-statements: the PostgreSQL schema did not apply; missing tables will show" >&2
    fi
    "$BUILD/vanphong" sql-pg-report --statements "$out" --db "$URL"
else
    "$BUILD/vanphong" sql-pg-report --statements "$out"
fi
