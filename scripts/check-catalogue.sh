#!/bin/sh
# The English catalogue is complete (issue "Daily use" §2). Message ids are the Vietnamese
# texts of src/ (marked _() or N_(), extracted as `make pot` does); po/en.po must give each
# one an English translation. Fails, naming each message (and where it is used), when one is
# untranslated or fuzzy, or when `msgfmt --check` refuses po/en.po (a translation whose
# printf conversions differ from its id's). Translations of ids no longer in src/ are only
# reported. A message added by any change fails here until po/en.po translates it.
# Prints "N passed, M failed" (messages translated / untranslated or fuzzy).
# usage: scripts/check-catalogue.sh [PO]   (default po/en.po)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
po=${1:-po/en.po}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The same extraction as `make pot`.
xgettext --from-code=UTF-8 -k_ -kN_ -o "$tmp/src.pot" $(find src -name '*.c' | sort)
# The catalogue against today's ids, no guessing: an id without its own translation stays
# untranslated instead of borrowing a similar one.
msgmerge --force-po --quiet --no-fuzzy-matching --no-wrap "$po" "$tmp/src.pot" -o "$tmp/merged.po"

failed=0
if ! msgfmt --check -o /dev/null "$po" 2>"$tmp/msgfmt.err"; then
    echo "msgfmt --check refuses $po:"
    sed 's/^/  /' "$tmp/msgfmt.err"
    failed=1
fi

msgattrib --force-po --untranslated --no-obsolete --no-wrap "$tmp/merged.po" -o "$tmp/untranslated.po"
msgattrib --force-po --only-fuzzy --no-obsolete --no-wrap "$tmp/merged.po" -o "$tmp/fuzzy.po"
msgattrib --force-po --only-obsolete --no-wrap "$tmp/merged.po" -o "$tmp/obsolete.po"

# list FILE LABEL: one line per message of FILE (the header excepted): where, then the id.
list() {
    awk -v label="$2" '
        /^#: / { where = substr($0, 4) }
        /^msgid / { id = substr($0, 7); inid = 1; next }
        /^"/ && inid { id = id $0; next }
        /^msgstr/ {
            if (id != "\"\"") { n++; printf "%s: %s\n    (%s)\n", label, id, where }
            inid = 0; where = ""
        }
        END { print n + 0 > "/dev/stderr" }
    ' "$1"
}
untranslated=$(list "$tmp/untranslated.po" "untranslated" 2>"$tmp/n1")
fuzzy=$(list "$tmp/fuzzy.po" "fuzzy" 2>"$tmp/n2")
[ -n "$untranslated" ] && printf '%s\n' "$untranslated"
[ -n "$fuzzy" ] && printf '%s\n' "$fuzzy"
n_missing=$(($(cat "$tmp/n1") + $(cat "$tmp/n2")))
n_obsolete=$(grep -c '^#~ msgid' "$tmp/obsolete.po" || true)
[ "$n_obsolete" -gt 0 ] && echo "note: $n_obsolete translations in $po are no longer used by src/ (remove them there)"

n_ids=$(grep -c '^msgid ' "$tmp/src.pot")
n_ids=$((n_ids - 1)) # the header
n_ok=$((n_ids - n_missing))
if [ "$n_missing" -gt 0 ]; then
    echo "$n_missing of $n_ids messages have no English translation in $po: translate them there"
    echo "(msgid as in src/, msgstr in English, the same printf conversions in the same order)."
fi
echo "$n_ok passed, $((n_missing + failed)) failed"
[ "$n_missing" -eq 0 ] && [ "$failed" -eq 0 ]
