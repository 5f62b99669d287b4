/* vanphong — the electronic office of a Party committee office network.
 * One binary: web server, UI, JSON API, CLI. This file only dispatches the command word. */
#include <stdio.h>
#include <string.h>

#include "app/cli.h"
#include "search/search.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"init", cli_init, "init --data DIR [--demo | --office N --code C --admin L]  create a data directory"},
    {"serve", cli_serve, "serve --data DIR [--listen A:P]   run the web server"},
    {"user", cli_user, "user add|list|disable|enable|passwd --data DIR …  manage accounts"},
    {"token", cli_token, "token create|list|revoke --data DIR …  manage API tokens"},
    {"backup", cli_backup, "backup --data DIR --to FILE       online consistent backup"},
    {"check", cli_check, "check --data DIR                  integrity check"},
    {"reindex", cli_reindex, "reindex --data DIR                rebuild the search index"},
    {"import", cli_import, "import --data DIR FILE.jsonl      bulk import of incoming documents"},
    {"bench-search", cli_bench_search, "bench-search --data DIR --queries F  search/list latency"},
    {"http", cli_http, "http --data DIR                   answer one HTTP request from stdin"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: vanphong COMMAND [options]   (vanphong COMMAND --help)\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %s\n", commands[i].summary);
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "vanphong: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
