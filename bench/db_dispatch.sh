#!/bin/sh
# The dispatch's cost on the hot path: bench/db_dispatch.c built against this tree and against
# the store before the driver table (src/db of commit BASE, default 2a6c161), run alternately.
# usage: bench/db_dispatch.sh BUILD [BASE] [ROUNDS]
set -eu
BUILD=${1:-build}
BASE=${2:-2a6c161}
ROUNDS=${3:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PKGS="libmicrohttpd sqlite3 jansson libsodium libutf8proc icu-uc icu-i18n xlsxwriter libmagic pangocairo libzip libxml-2.0 libcurl libpq"
INC="-I$BUILD/gen $(pkg-config --cflags $PKGS)"
CF="-std=c17 -D_GNU_SOURCE -O2 -Isrc $INC"
LIBS="$(pkg-config --libs $PKGS) -lpthread -lm"
# shellcheck disable=SC2086
cc $CF -o "$tmp/new" bench/db_dispatch.c "$BUILD/libvp.a" $LIBS
git archive "$BASE" src/db | tar -x -C "$tmp"
# The old store's objects first: the archive's db.o, pg*.o are then never pulled in.
# shellcheck disable=SC2086
cc -std=c17 -D_GNU_SOURCE -O2 -I"$tmp/src" -Isrc $INC -o "$tmp/old" bench/db_dispatch.c "$tmp"/src/db/sqlite.c "$tmp"/src/db/migrate.c \
    "$tmp"/src/db/maintain.c "$BUILD/libvp.a" $LIBS
# Instructions per lookup are immune to the other processes sharing the CPUs: the figure to
# compare (valgrind counts them; the difference of two runs removes the setup). Wall time is
# printed too, noisy on a shared machine.
if command -v valgrind >/dev/null 2>&1; then
    for v in old new; do
        ir() {
            valgrind --tool=callgrind --callgrind-out-file=/dev/null "$tmp/$v" "$1" 2>&1 >/dev/null |
                sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
        }
        a=$(ir 100000)
        b=$(ir 200000)
        echo "{\"bench\":\"db_dispatch\",\"store\":\"$v\",\"instructions_per_lookup\":$(((b - a) / 100000))}"
    done
fi
i=0
while [ "$i" -lt "$ROUNDS" ]; do
    printf 'before '; "$tmp/old"
    printf 'after  '; "$tmp/new"
    i=$((i + 1))
done
