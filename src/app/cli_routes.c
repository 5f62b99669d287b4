/* `vanphong routes`: the route table as text, one route a line. It opens no data directory and
 * starts nothing: it registers the routes (app_routes) and prints them. The authorization
 * matrix (tests/http/authz.test.mjs) reads it so that a route added without a rule fails the
 * test. app/cli.h. */
#include <stdio.h>

#include "app/app.h"
#include "app/cli.h"
#include "base/args.h"
#include "http/router.h"

static const char routes_help[] =
    "usage: vanphong routes\n"
    "\n"
    "Prints every route of the web server, one a line, in the order they are registered:\n"
    "  METHOD PATTERN FLAGS\n"
    "PATTERN has {name} for a parameter (\"/api/v1/units/{id}\"); FLAGS is a comma-separated\n"
    "list of \"public\" (no login needed) and \"api\" (JSON errors, Bearer tokens), or \"-\".\n"
    "Opens no data directory.\n";

static void print_route(const char *method, const char *pattern, unsigned flags, void *arg)
{
    (void)arg;
    const char *f = (flags & ROUTE_PUBLIC) && (flags & ROUTE_API) ? "public,api"
                    : (flags & ROUTE_PUBLIC)                      ? "public"
                    : (flags & ROUTE_API)                         ? "api"
                                                                  : "-";
    printf("%s %s %s\n", method, pattern, f);
}

int cli_routes(int argc, char **argv)
{
    if (cli_has(argc, argv, "--help") || cli_has(argc, argv, "-h")) {
        fputs(routes_help, stdout);
        return 0;
    }
    if (argc > 1) {
        fputs(routes_help, stderr);
        return 2;
    }
    app_routes();
    route_each(print_route, NULL);
    route_clear();
    return fflush(stdout) == 0 ? 0 : 1;
}
