/* Command-line options and progress (base/args.h). */
#include "base/args.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/i18n.h"

/* Is `name` in the NULL-terminated list? With eq, argv[i] may be "name=VALUE". */
static bool listed(const char *const *list, const char *arg, bool eq)
{
    for (; list && *list; list++) {
        size_t n = strlen(*list);
        if (strncmp(arg, *list, n) == 0 && (arg[n] == 0 || (eq && arg[n] == '=')))
            return true;
    }
    return false;
}

/* Walks argv as cli_parse does: *kind_r 'v' value option, 'f' flag, 'p' positional, '?'
 * unknown option, 'm' value option missing its value; returns the index after the word. */
static int step(int argc, char **argv, const cli_spec *spec, int i, char *kind_r)
{
    const char *a = argv[i];
    if (a[0] != '-' || a[1] == 0) {
        *kind_r = 'p';
        return i + 1;
    }
    if (listed(spec->flags, a, false)) {
        *kind_r = 'f';
        return i + 1;
    }
    if (listed(spec->values, a, true)) {
        if (strchr(a, '=')) {
            *kind_r = 'v';
            return i + 1;
        }
        *kind_r = i + 1 < argc ? 'v' : 'm';
        return i + 2;
    }
    *kind_r = '?';
    return i + 1;
}

static int usage_error(const cli_spec *spec, const char *msg, const char *arg)
{
    fprintf(stderr, "%s: ", spec->cmd);
    fprintf(stderr, msg, arg);
    fprintf(stderr, "\n\n%s", _(spec->help));
    return 2;
}

int cli_parse(int argc, char **argv, const cli_spec *spec)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(_(spec->help), stdout);
            return 0;
        }
    int npos = 0;
    for (int i = 1; i < argc;) {
        char kind;
        int next = step(argc, argv, spec, i, &kind);
        if (kind == '?')
            return usage_error(spec, _("tùy chọn không có: %s"), argv[i]);
        if (kind == 'm')
            return usage_error(spec, _("tùy chọn %s cần một giá trị"), argv[i]);
        if (kind == 'p' && ++npos > spec->max_args)
            return usage_error(spec, _("thừa tham số: %s"), argv[i]);
        i = next;
    }
    if (npos < spec->min_args)
        return usage_error(spec, _("thiếu tham số%s"), "");
    return -1;
}

const char *cli_arg(int argc, char **argv, const cli_spec *spec, int want)
{
    int npos = 0;
    for (int i = 1; i < argc;) {
        char kind;
        int next = step(argc, argv, spec, i, &kind);
        if (kind == 'p' && npos++ == want)
            return argv[i];
        i = next;
    }
    return NULL;
}

const char *cli_opt(int argc, char **argv, const char *name)
{
    size_t n = strlen(name);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], name) == 0)
            return i + 1 < argc ? argv[i + 1] : NULL;
        /* --data=DIR as well as --data DIR */
        if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=')
            return argv[i] + n + 1;
    }
    return NULL;
}

int cli_has(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return 0;
}

/* ---- progress ---------------------------------------------------------------------------- */

#define PROGRESS_LINE_MS 5000 /* a plain line at most this often off a terminal */
#define BAR_WIDTH 30

static void show(cli_progress *p, int64_t done, bool last)
{
    double s = (double)(clock_now_ms() - p->t0_ms) / 1000.0;
    if (p->tty) {
        if (p->total > 0) {
            int fill = (int)(BAR_WIDTH * (done > p->total ? p->total : done) / p->total);
            fprintf(stderr, "\r[%.*s%*s] %lld/%lld %5.1f s", fill, "##############################",
                    BAR_WIDTH - fill, "", (long long)done, (long long)p->total, s);
        } else {
            fprintf(stderr, "\r%s %lld %5.1f s", p->what, (long long)done, s);
        }
        if (last)
            fputc('\n', stderr);
    } else if (p->total > 0) {
        fprintf(stderr, "%s %lld/%lld (%.1f s)\n", p->what, (long long)done, (long long)p->total,
                s);
    } else {
        fprintf(stderr, "%s %lld (%.1f s)\n", p->what, (long long)done, s);
    }
    fflush(stderr);
}

void cli_progress_start(cli_progress *p, const char *what, int64_t total)
{
    *p = (cli_progress){.what = what, .total = total, .tty = isatty(STDERR_FILENO) == 1};
    p->t0_ms = p->last_ms = clock_now_ms();
    if (p->tty)
        show(p, 0, false);
}

void cli_progress_update(cli_progress *p, int64_t done)
{
    int64_t t = clock_now_ms();
    if (p->tty || t - p->last_ms >= PROGRESS_LINE_MS) {
        p->last_ms = t;
        show(p, done, false);
    }
}

void cli_progress_end(cli_progress *p, int64_t done)
{
    if (!p->done)
        show(p, done, true);
    p->done = true;
}
