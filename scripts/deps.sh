#!/bin/sh
# Installs what vanphong needs on Debian 12, asking apt only for what is missing. Silent when
# everything is already there.
# usage: scripts/deps.sh [SET...]   SET is one of
#   run     build + run time: what `make run` and a server need (no browser, no clang, no nginx)
#   test    run + the test tools and the npm packages of the browser tests (`make test`)
#   bench   run + wrk, nginx (the static yardstick) and the vocabulary sources (`make bench`)
#   harden  run + static analysis and valgrind (`make lint`, `make valgrind`)
#   fuzz    run + clang with libFuzzer (`make fuzz`)
#   package run + debhelper and lintian (`make deb`)
#   all     every set (the default, as before the split)
set -eu

# Build: compiler, libraries (with headers), cmocka for unit tests, gettext for catalogues.
BUILD_PKGS="gcc make pkg-config libmicrohttpd-dev libsqlite3-dev libjansson-dev libsodium-dev
  libutf8proc-dev libicu-dev libcmocka-dev libxlsxwriter-dev libmagic-dev gettext
  libcairo2-dev libpango1.0-dev libzip-dev libxml2-dev libcurl4-openssl-dev libpq-dev"
# Run time: text extraction (unzip: DOCX/ODT/XLSX) and OCR of scanned documents, run as child
# processes; the Party-layout PDF (Liberation Serif, the Times-metric font; ghostscript makes
# PDF/A-2b) and its digital signature (pdfsig with an NSS database from libnss3-tools).
# libpq5: the PostgreSQL client library (the driver for `--db postgresql://…`).
RUNTIME_PKGS="libpq5 poppler-utils tesseract-ocr tesseract-ocr-vie unzip fonts-liberation2 ghostscript
  libnss3-tools openssl"
# Tests: the browser tests drive Debian's chromium through playwright-core (node); some HTTP and
# crash tests read the database with the sqlite3 shell; the install test renders the man page
# (man-db) and verifies the systemd unit when systemd-analyze is there; make test-pg runs a
# throw-away cluster with postgresql-15's initdb/pg_ctl; the two-node tests put nginx in front.
TEST_PKGS="chromium nodejs npm curl hunspell-vi sqlite3 man-db postgresql-15 nginx-light"
# Fuzzing: clang with libFuzzer (CI runs a short pass).
FUZZ_PKGS="clang-14 libclang-rt-14-dev"
# Benchmarks: wrk against vanphong, nginx as the static-file yardstick.
BENCH_PKGS="wrk nginx-light manpages-vi hunspell-vi sqlite3 nodejs"
# The Debian package (make deb, tests/install/deb.sh): debhelper and lintian.
PACKAGE_PKGS="debhelper dpkg-dev fakeroot lintian"
# Hardening: static analysis and memcheck (make lint, make valgrind).
HARDEN_PKGS="cppcheck clang-tidy valgrind"

# A tool already on PATH counts as present even when it came from elsewhere (e.g. a node
# build that bundles npm and conflicts with Debian's npm package).
provides_cmd() {
    case "$1" in
    nodejs) command -v node >/dev/null 2>&1 ;;
    npm) command -v npm >/dev/null 2>&1 ;;
    chromium) command -v chromium >/dev/null 2>&1 ;;
    *) return 1 ;;
    esac
}

[ $# -gt 0 ] || set -- all
want="$BUILD_PKGS $RUNTIME_PKGS"
npm_wanted=0
for set in "$@"; do
    case "$set" in
    run) ;;
    test)
        want="$want $TEST_PKGS"
        npm_wanted=1
        ;;
    bench) want="$want $BENCH_PKGS" ;;
    harden) want="$want $HARDEN_PKGS" ;;
    fuzz) want="$want $FUZZ_PKGS" ;;
    package) want="$want $PACKAGE_PKGS" ;;
    all)
        want="$want $TEST_PKGS $FUZZ_PKGS $BENCH_PKGS $HARDEN_PKGS $PACKAGE_PKGS"
        npm_wanted=1
        ;;
    *)
        echo "deps: unknown set '$set' (run, test, bench, harden, fuzz, package, all)" >&2
        exit 2
        ;;
    esac
done
# Printed, not installed: lets a test check what each set holds (tests/install/deps.sh).
if [ "${VP_DEPS_LIST:-}" = 1 ]; then
    printf '%s\n' $want | sort -u
    exit 0
fi

missing=""
for p in $want; do
    case " $missing " in *" $p "*) continue ;; esac
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$st" = "installed" ] || provides_cmd "$p" || missing="$missing $p"
done

if [ -n "$missing" ]; then
    echo "deps: installing missing Debian packages:$missing"
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "deps: not root and no sudo; install as root: apt-get install$missing" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q >/dev/null
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -q --no-install-recommends $missing </dev/null
fi

# playwright-core (pinned in package.json / package-lock.json); it never downloads a browser,
# the tests use /usr/bin/chromium.
[ "$npm_wanted" = 1 ] || exit 0
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -d "$root/node_modules/playwright-core" ]; then
    echo "deps: installing npm packages (playwright-core)"
    cd "$root"
    if [ -f package-lock.json ]; then
        npm ci --no-audit --no-fund --loglevel=error
    else
        npm install --no-audit --no-fund --loglevel=error
    fi
fi
