#ifndef VP_ARGS_H
#define VP_ARGS_H
/* The usual "--data DIR" style options of the CLI commands. */

/* The value following `name` in argv ("--data DIR" or "--data=DIR"), or NULL. */
const char *cli_opt(int argc, char **argv, const char *name);
/* 1 when the flag `name` stands alone in argv. */
int cli_has(int argc, char **argv, const char *name);

#endif
