/* Choosing the UI language once per process (i18n.h).
 *
 * Message ids are the Vietnamese texts, so Vietnamese needs no catalogue at all: the only job
 * for "vi" is to make sure an operator's English desktop locale does not pull in the English
 * catalogue by accident. For "en", glibc's gettext only consults LANGUAGE when the message
 * locale is not plain "C", hence C.UTF-8 (always present on Debian) plus LANGUAGE=en. */
#include "base/i18n.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEXT_DOMAIN "vanphong"
#define SYSTEM_LOCALE_DIR "/usr/share/locale"

/* "<directory of the running executable>/locale" when that folder exists (a build tree or a
 * tarball install), else "<that directory>/../share/locale" (`make install` with any PREFIX:
 * PREFIX/bin beside PREFIX/share), else the system folder. Returns buf or a static string. */
static const char *default_locale_dir(char *buf, size_t n)
{
    ssize_t len = readlink("/proc/self/exe", buf, n - 1);
    if (len <= 0 || (size_t)len >= n - 1)
        return SYSTEM_LOCALE_DIR;
    buf[len] = 0;
    char *slash = strrchr(buf, '/');
    if (!slash || (size_t)(slash - buf) + sizeof "/../share/locale" > n)
        return SYSTEM_LOCALE_DIR;
    struct stat st;
    strcpy(slash, "/locale");
    if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
        return buf;
    strcpy(slash, "/../share/locale");
    if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
        return buf;
    return SYSTEM_LOCALE_DIR;
}

bool i18n_identity;
static const char *chosen = "vi";

const char *i18n_lang(void)
{
    return chosen;
}

void i18n_init(const char *lang, const char *locale_dir)
{
    char buf[PATH_MAX];
    const char *dir = locale_dir && *locale_dir ? locale_dir : default_locale_dir(buf, sizeof buf);
    i18n_identity = false;
    bindtextdomain(TEXT_DOMAIN, dir);
    bind_textdomain_codeset(TEXT_DOMAIN, "UTF-8");
    chosen = lang && strcmp(lang, "en") == 0 ? "en" : "vi";
    if (lang && strcmp(lang, "en") == 0) {
        setenv("LANGUAGE", "en", 1);
        setlocale(LC_ALL, "C.UTF-8");
    } else {
        /* No "vi" catalogue exists, so gettext falls back to the Vietnamese message ids. */
        setenv("LANGUAGE", "vi", 1);
        setlocale(LC_ALL, "C.UTF-8");
        char mo[PATH_MAX + 64];
        snprintf(mo, sizeof mo, "%s/vi/LC_MESSAGES/" TEXT_DOMAIN ".mo", dir);
        i18n_identity = access(mo, F_OK) != 0;
    }
}

char *i18n_number(int64_t v, char *buf, size_t n)
{
    char digits[24];
    /* The magnitude as unsigned, so INT64_MIN has one too. */
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
    char sep = strcmp(chosen, "en") == 0 ? ',' : '.';
    char out[32];
    size_t o = 0;
    if (v < 0)
        out[o++] = '-';
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = sep;
        out[o++] = digits[i];
    }
    out[o] = 0;
    snprintf(buf, n, "%s", out);
    return buf;
}

char i18n_decimal_mark(void)
{
    return strcmp(chosen, "en") == 0 ? '.' : ',';
}
