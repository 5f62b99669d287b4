#ifndef VP_TEXT_VI_H
#define VP_TEXT_VI_H
/* Vietnamese text: validation, NFC, search keys, sorting (VI-TEXT.md).
 *
 * One normaliser serves documents and queries alike, so a key computed at indexing time and a
 * key computed from what a user typed meet in the same place. Keys are computed per token (a
 * syllable, a word, an abbreviation); splitting text into tokens is the caller's business (the
 * FTS5 tokenizer in search/fts5_vi.c does it).
 *
 * The exact key of a token is:  NFC → look-alikes (Ð ð Ɖ ɖ → Đ đ) → simple lower-casing → tone
 * mark moved to its canonical vowel ("old style": hòa, khỏe, thủy; see vi.c for the rules).
 * All marks and đ are kept: "Hoà", "hòa" and NFD "HOÀ" all give "hòa".
 * The folded key is the exact key with every nonspacing mark removed and đ → d ("đảng" →
 * "dang"), optionally merging a final y after a consonant into i (lý/lí, kỹ/kĩ, quý/quí → li,
 * ki, qui), so spelling variants of the same syllable meet.
 *
 * Strings are UTF-8. Every function that takes a length reads exactly that many bytes (the text
 * need not be NUL-terminated). Functions that return malloc'd strings abort on allocation
 * failure (STYLE.md), so NULL always means bad input. Thread-safe throughout. */
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/* 1 if s[0..n) is well-formed UTF-8 (no overlong forms, no surrogates, nothing above
 * U+10FFFF; NUL bytes are valid UTF-8), else 0. */
int vi_valid_utf8(const char *s, size_t n);

/* NFC copy of s[0..n). Returns a malloc'd NUL-terminated string, caller frees; NULL if s is not
 * valid UTF-8 or contains a NUL byte (the result could not be used as a C string). */
char *vi_nfc(const char *s, size_t n);

/* A key buffer of VI_KEY_SIZE(n) bytes is always enough for a token of n bytes: NFC can at
 * most triple the UTF-8 length and simple lower-casing can grow a letter from 2 to 3 bytes. */
#define VI_KEY_SIZE(n) (5 * (size_t)(n) + 1)

/* Exact key of the token tok[0..n) into out[0..out_size), NUL-terminated. Returns the key's
 * length in bytes (without the NUL), or -1 if tok is not valid UTF-8 or the key does not fit
 * (out is then left as an empty string when out_size > 0). */
int vi_exact_key(const char *tok, size_t n, char *out, size_t out_size);

/* Folded key of the token tok[0..n), same buffer contract as vi_exact_key. merge_yi: merge a
 * final y after a consonant into i (the FTS5 tokenizer turns it on by default). */
int vi_folded_key(const char *tok, size_t n, bool merge_yi, char *out, size_t out_size);

/* Both keys of one token in one pass over it (what an indexer needs): the exact key into
 * exact[0..size) and the folded key into folded[0..size), each with its own buffer of the same
 * size; either may be NULL to skip it. Lengths go to *exact_len_r / *folded_len_r (-1 for a key
 * that failed; either pointer may be NULL). Returns 0, or -1 if a requested key failed. */
int vi_keys(const char *tok, size_t n, bool merge_yi, char *exact, int *exact_len_r, char *folded,
            int *folded_len_r, size_t size);

/* true if the token carries any Vietnamese mark — a tone (` ´ ~ ? .), a breve, circumflex or
 * horn (ă â ê ô ơ ư) — or the letter đ/Đ (look-alikes included), in NFC or NFD. Rule 7 of
 * VI-TEXT.md: such a query term matches on the exact key, any other on the folded key.
 * Invalid UTF-8 gives false. */
bool vi_has_marks(const char *tok, size_t n);

/* Lower-cased, folded copy of a whole string for simple "contains" filters: NFC, look-alikes,
 * lower-case, nonspacing marks removed, đ → d; everything else (spaces, punctuation, digits)
 * is kept as is. No tone placement is needed once tones are removed, and no y/i merge (it
 * is defined per syllable and would break substring matches like "ky" in "kyoto").
 * Returns malloc'd, caller frees; NULL if s is NULL or not valid UTF-8. */
char *vi_fold_text(const char *s);

/* Heuristic for rule 1 of VI-TEXT.md: 1 if s[0..n) looks like Vietnamese typed in a legacy
 * TCVN3 (ABC) or VNI font and decoded as Latin-1/cp1252 ("Céng hoµ x· héi", "Coäng hoøa"),
 * so an importer can flag it instead of indexing garbage. 0 for normal text (Vietnamese or
 * not) and for text too short to judge. */
int vi_looks_legacy(const char *s, size_t n);

/* Compare two strings in Vietnamese order with ICU's "vi" collator: letters a < ă < â < b …
 * d < đ … o < ô < ơ … u < ư, tones a secondary difference, case a tertiary one. NFD and NFC
 * compare equal. NULL sorts before everything. Returns <0, 0, >0 like strcmp.
 * Each thread lazily gets its own clone of the collator (ICU collators are not to be shared
 * between threads); it is released when the thread exits. */
int vi_collate_cmp(const char *a, const char *b);

/* Compare two person names ("Nguyễn Văn An") the Vietnamese way: by given name (last word),
 * then surname (first word), then the middle names, each with vi_collate_cmp; equal keys fall
 * back to the whole string so the order is total. Words are separated by white space. */
int vi_name_cmp(const char *a, const char *b);

/* The character classes of a token, defined once for the index tokenizer (search/fts5_vi.c),
 * the query parser (search/query.c) and the document-number parser (docno/docno.c): letters
 * (Unicode Lu Ll Lt Lm Lo); a token starts with a letter or a number (Nd Nl No) and marks
 * (Mn Mc Me) may continue it, so NFD "Nguyễn" is one token but a stray mark starts none. */
bool vi_cp_letter(int32_t cp);
bool vi_cp_token_start(int32_t cp);
bool vi_cp_token_part(int32_t cp);

#endif
