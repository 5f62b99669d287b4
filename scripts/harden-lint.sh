#!/bin/sh
# make lint: static analysis of src/ — cppcheck (warnings, portability, performance) and
# clang-tidy (.clang-tidy: clang-analyzer and bugprone checks). Findings fail; false positives
# are suppressed in .cppcheck (cppcheck) or NOLINT(check) comments, each with a reason.
# usage: scripts/harden-lint.sh   (LINT_ONLY=cppcheck|clang-tidy runs one)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
PKGS="libmicrohttpd sqlite3 jansson libsodium libutf8proc icu-uc icu-i18n xlsxwriter libmagic"
FLAGS="-std=c17 -D_GNU_SOURCE -Isrc -Ibuild/gen $(pkg-config --cflags $PKGS)"
files=$(find src -name '*.c' | sort)
rc=0
if [ "${LINT_ONLY:-cppcheck}" = cppcheck ] || [ -z "${LINT_ONLY:-}" ]; then
    echo "=== cppcheck"
    # jansson.h is included first so that its iteration macros (json_object_foreach) are known;
    # other system headers are left out (cppcheck's own library knowledge is enough).
    # shellcheck disable=SC2086
    cppcheck -q --std=c11 --enable=warning,portability,performance --inline-suppr \
        --suppressions-list=.cppcheck --error-exitcode=1 -D_GNU_SOURCE -Isrc \
        --include=/usr/include/jansson.h \
        --template='{file}:{line}: {severity} ({id}): {message}' $files || rc=1
fi
if [ "${LINT_ONLY:-clang-tidy}" = clang-tidy ] || [ -z "${LINT_ONLY:-}" ]; then
    echo "=== clang-tidy"
    out=$(mktemp)
    for f in $files; do
        # shellcheck disable=SC2086
        clang-tidy --quiet "$f" -- $FLAGS >"$out" 2>/dev/null
        if grep -qE ': (warning|error):' "$out"; then
            grep -E -A3 ': (warning|error):' "$out"
            rc=1
        fi
    done
    rm -f "$out"
fi
if [ "$rc" -eq 0 ]; then echo "lint: clean"; echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit "$rc"
