#!/bin/sh
# The Debian package (issue 16): dpkg-buildpackage -us -uc -b on a copy of the source tree,
# then lintian on the result (no error or warning), and the package's contents. Skipped, with
# its reason, where the Debian tooling is missing (scripts/deps.sh package installs it).
# Prints "N passed, M failed".
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}
for t in dpkg-buildpackage dh lintian; do
    if ! command -v $t >/dev/null 2>&1; then
        echo "skipped: $t not installed (sh scripts/deps.sh package)"
        echo "0 passed, 0 failed"
        exit 0
    fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/vanphong"
# The tracked and new files of the tree, without build output.
(cd "$root" && git ls-files -co --exclude-standard -z | grep -zv -e '^build' -e '^node_modules/' |
    xargs -0 tar cf - 2>/dev/null) | tar xf - -C "$work/vanphong"
if (cd "$work/vanphong" && dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1); then
    ok
else
    tail -40 "$work/build.log"
    ko "dpkg-buildpackage -us -uc -b"
    echo "$pass passed, $fail failed"
    exit 1
fi
deb=$(ls "$work"/vanphong_*.deb 2>/dev/null | head -1)
if [ -n "$deb" ]; then ok; else ko "no .deb built"; fi
contents=$(dpkg-deb -c "$deb")
for p in ./usr/bin/vanphong ./lib/systemd/system/vanphong.service ./usr/share/man/man8/vanphong.8.gz \
    ./etc/vanphong/vanphong.conf.example ./usr/share/doc/vanphong/nginx-vanphong.conf \
    ./usr/share/locale/en/LC_MESSAGES/vanphong.mo ./usr/lib/sysusers.d/vanphong.conf; do
    if printf '%s\n' "$contents" | grep -q " $p\$"; then ok; else ko "package lacks $p"; fi
done
if dpkg-deb -I "$deb" postinst | grep -q 'adduser --system'; then ok; else ko "postinst does not create the user"; fi
if dpkg-deb -I "$deb" postinst | grep -q 'deb-systemd-helper'; then ok; else ko "postinst does not enable the unit"; fi
# lintian: errors and warnings fail; informational tags are listed.
lint=$(lintian --no-tag-display-limit "$deb" 2>&1)
bad=$(printf '%s\n' "$lint" | grep -E '^(E|W): ' || true)
if [ -z "$bad" ]; then ok; else ko "lintian: $bad"; fi
printf '%s\n' "$lint" | grep -E '^(I|N|P): ' | head -20
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
