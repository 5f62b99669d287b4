#!/bin/sh
# Extracts the real Vietnamese text the corpus generator assembles from (VI-TEXT.md "Test
# data"), all from installed Debian packages: hunspell-vi syllables, manpages-vi prose and the
# Vietnamese gettext catalogues. Sorted and de-duplicated so the corpus is the same on every
# machine with the same packages. Usage: bench/vocab.sh OUTDIR
set -eu
out=$1
mkdir -p "$out"
export LC_ALL=C.UTF-8

# Syllables: the dictionary's words without their affix flags, lower-case Vietnamese only.
tail -n +2 /usr/share/hunspell/vi_VN.dic | sed 's,/.*,,' | grep -v '[A-Z0-9]' | sort -u >"$out/syll.txt"

# Prose: the text lines of the Vietnamese man pages, roff requests and escapes removed; lines
# long enough to read as sentences and holding Vietnamese letters.
for f in /usr/share/man/vi/man*/*.gz; do zcat "$f"; done |
    grep -v '^[.'"'"']' |
    sed -e 's/\\f[A-Z0-9P]//g' -e 's/\\-/-/g' -e 's/\\&//g' -e 's/\\(..//g' -e 's/\\//g' \
        -e 's/[<>{}|]//g' -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' |
    awk 'length($0) >= 30 && length($0) <= 400' | grep -P '[\x{00C0}-\x{1EF9}]' |
    sort -u >"$out/prose.txt"

# Messages: msgstr texts of the Vietnamese gettext catalogues on the machine.
for f in /usr/share/locale/vi/LC_MESSAGES/*.mo; do msgunfmt --no-wrap "$f" 2>/dev/null || true; done |
    sed -n 's/^msgstr\(\[0\]\)\? "\(.*\)"$/\2/p' |
    sed -e 's/\\n/ /g' -e 's/\\t/ /g' -e 's/\\"/"/g' -e 's/%[-0-9.]*[a-zA-Z]//g' -e 's/\\//g' \
        -e 's/[<>{}|_&]//g' -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' |
    awk 'length($0) >= 20 && length($0) <= 300' | grep -P '[\x{00C0}-\x{1EF9}]' |
    sort -u >"$out/msgs.txt"

wc -l "$out/syll.txt" "$out/prose.txt" "$out/msgs.txt" | sed 's/^/vocab: /' >&2
