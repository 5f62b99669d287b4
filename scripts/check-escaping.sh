#!/bin/sh
# The build's escaping lint (DESIGN.md "Escaping is the default", STYLE.md Fossil's checker).
# Fails, naming file:line, when
#   - page code (src/**/*web*.c, src/**/*api*.c, src/web/*.c and every file that includes
#     web/layout.h) writes with sb_printf, sb_vprintf
#     or sb_adds (unescaped: HTML must go through html_printf / html_escape / html_frag);
#   - html_raw gets anything but a string literal;
#   - any .c file formats SQL with a printf-style call (sprintf, snprintf, asprintf, sb_printf,
#     arena_printf … whose format holds SELECT/INSERT/UPDATE/DELETE): SQL is static text with
#     bound values.
# A call that really writes no HTML with sb_* (a CSV export, a header value) may say so with
# the comment  /* not html: <why> */  before the end of its statement's line.
# Prints "N passed, M failed" (files checked / files with findings).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

find src -name '*.c' | sort | perl -e '
use strict; use warnings;
my ($files, $bad_files) = (0, 0);
while (my $f = <STDIN>) {
    chomp $f;
    open(my $fh, "<", $f) or die "$f: $!";
    local $/; my $src = <$fh>; close $fh;
    $files++;
    my @found;
    my $line_of = sub { my $pos = shift; return 1 + (substr($src, 0, $pos) =~ tr/\n//); };
    # Comments and string contents must not trigger the call patterns themselves.
    (my $code = $src) =~ s{/\*.*?\*/}{ my $m = $&; $m =~ s/[^\n]/ /g; $m }gse;
    $code =~ s{//[^\n]*}{ " " x length($&) }ge;
    my $page = ($f =~ m{/[^/]*(?:web|api)[^/]*\.c$} || $f =~ m{^src/web/[^/]+\.c$} || $src =~ m{#include "web/layout\.h"});
    if ($page) {
        while ($code =~ /\b(sb_printf|sb_vprintf|sb_adds)\s*\(/g) {
            my $pos = $-[0]; my $l = $line_of->($pos);
            # The waiver may stand anywhere from the call to the end of the line its statement ends on.
            my $semi = index($src, ";", $pos);
            my $eol = index($src, "\n", $semi < 0 ? $pos : $semi);
            my $text = substr($src, $pos, ($eol < 0 ? length($src) : $eol) - $pos);
            next if $text =~ m{/\*\s*not html:};
            push @found, "$f:$l: $1 in page code writes unescaped text; use html_printf/html_escape";
        }
    }
    while ($code =~ /\bhtml_raw\s*\(\s*[^,()]+(?:\([^()]*\))?[^,()]*,(?!\s*")/g) {
        push @found, "$f:" . $line_of->($-[0]) . ": html_raw with a non-literal argument";
    }
    while ($code =~ /\b(sprintf|snprintf|vsnprintf|asprintf|sb_printf|sb_vprintf|arena_printf|arena_vprintf)\s*\(/g) {
        my $start = $-[0]; my $name = $1;
        # The call text up to its closing ";" (formats may span several string pieces).
        my $rest = substr($src, $start, 1000);
        $rest =~ s/;.*//s;
        my $fmt = join("", $rest =~ /"((?:[^"\\]|\\.)*)"/g);
        if ($fmt =~ /\b(SELECT|INSERT|UPDATE|DELETE)\b/) {
            push @found, "$f:" . $line_of->($start) . ": SQL built with $name; use a static db_query with bound ?N values";
        }
    }
    if (@found) { $bad_files++; print "$_\n" for @found; }
}
my $ok = $files - $bad_files;
print "$ok passed, $bad_files failed\n";
exit($bad_files ? 1 : 0);
'
