#ifndef VP_ARGS_H
#define VP_ARGS_H
/* The command line of the CLI commands: each command declares the options it knows, and
 * anything else is an error with its usage and exit status 2 (an unknown flag is never
 * ignored: an operator's typo must not run a different command than the one meant).
 * Options are "--name VALUE", "--name=VALUE" or a lone "--flag"; other words are positional
 * (a subcommand, a file). */
#include <stdbool.h>
#include <stdint.h>

typedef struct cli_spec {
    const char *cmd;           /* as messages name it: "vanphong init" */
    const char *help;          /* the whole usage text (--help to stdout, errors to stderr): a
                                * message id marked N_(), translated when printed */
    const char *const *values; /* options that take a value ("--data"), NULL-terminated */
    const char *const *flags;  /* options that stand alone ("--demo"), NULL-terminated */
    int min_args, max_args;    /* positional words allowed after the command word */
} cli_spec;

/* Checks argv (argv[0] is the command word) against spec. Returns -1 when the command may go
 * on; otherwise the exit status to return at once: 0 after printing the help (--help, -h),
 * 2 after printing what is wrong and the usage to stderr. */
int cli_parse(int argc, char **argv, const cli_spec *spec);

/* The value following `name` in argv ("--data DIR" or "--data=DIR"), or NULL. */
const char *cli_opt(int argc, char **argv, const char *name);
/* 1 when the flag `name` stands alone in argv. */
int cli_has(int argc, char **argv, const char *name);
/* The i-th positional word (0-based) as cli_parse counts them, or NULL. */
const char *cli_arg(int argc, char **argv, const cli_spec *spec, int i);

/* Progress of a long command on stderr: a bar redrawn in place on a terminal; on anything
 * else (a log file, CI) a plain line at most every 5 seconds and at the end, so logs stay
 * readable. */
typedef struct cli_progress {
    const char *what; /* "indexed", "registered" (already in the user's language) */
    int64_t total;    /* 0 when unknown: counts only */
    int64_t t0_ms, last_ms;
    bool tty, done;
} cli_progress;
void cli_progress_start(cli_progress *p, const char *what, int64_t total);
void cli_progress_update(cli_progress *p, int64_t done);
void cli_progress_end(cli_progress *p, int64_t done);

#endif
