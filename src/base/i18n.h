#ifndef VP_I18N_H
#define VP_I18N_H
/* UI text goes through gettext. Message ids are the Vietnamese texts (the UI's first
 * language); po/en.po translates them to English. The language is chosen per process
 * (VANPHONG_LANG=en, or `serve --lang en`); without a catalogue the Vietnamese text shows. */
#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True once i18n_init chose Vietnamese and no Vietnamese catalogue exists: every message id
 * is then its own translation, and _() skips dgettext (about 1,500 instructions a call, and a
 * page calls it a hundred times). */
extern bool i18n_identity;

#define _(s) (i18n_identity ? (char *)(s) : dgettext("vanphong", s))
/* Marks a literal for xgettext without translating it (translated where it is shown). No
 * parentheses: `static const char help[] = N_("…");` must stay a plain array initializer. */
#define N_(s) s

void i18n_init(const char *lang, const char *locale_dir); /* lang NULL → Vietnamese */

/* The language i18n_init chose, as a BCP 47 tag for <html lang>: "en" or "vi". */
const char *i18n_lang(void);

/* v with its thousands grouped as the language writes them: "1.234.567" in Vietnamese,
 * "1,234,567" in English. Into buf (>= 28 bytes holds any int64); returns buf. */
char *i18n_number(int64_t v, char *buf, size_t n);
/* The decimal mark: ',' in Vietnamese, '.' in English. */
char i18n_decimal_mark(void);

#endif
