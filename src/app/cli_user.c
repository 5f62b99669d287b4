/* Operator commands for accounts: `vanphong user add` and `vanphong token create`
 * (app/cli.h). Passwords come from stdin, never from argv (argv is visible in `ps` and shell
 * history). Errors go to stderr with a non-zero exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "base/config.h"
#include "base/args.h"
#include "app/cli.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "org/org.h"

static const db_query q_unit_by_abbr = {
    "auth.unit_by_abbr",
    "SELECT id FROM units WHERE abbr = ?1 AND (valid_to IS NULL OR valid_to >= ?2)", NULL};

static const char user_help[] =
    "usage: vanphong user add --data DIR --login LOGIN --name \"Họ Tên\" --role ROLE "
    "[--unit UNIT]\n"
    "\n"
    "Creates a user. The password is read from the first line of stdin, e.g.\n"
    "  printf '%s\\n' \"$PW\" | vanphong user add --data data --login vanthu --name \"Lê Thị "
    "B\" --role clerk --unit VPTU\n"
    "\n"
    "  --role   admin, committee-leader, office-leader, clerk, specialist or unit\n"
    "  --unit   the unit's id or abbreviation (an active unit); an admin without --unit\n"
    "           belongs to the root unit\n"
    "The password needs at least 10 characters.\n";

static const char token_help[] =
    "usage: vanphong token create --data DIR --login LOGIN\n"
    "\n"
    "Creates an API token for the user and prints only the token on stdout (it is shown once;\n"
    "only its hash is stored). Use it as \"Authorization: Bearer <token>\".\n";

/* The first line of stdin without its line ending; NULL on EOF. Caller frees. */
static char *read_password(void)
{
    if (isatty(STDIN_FILENO))
        fprintf(stderr, "Mật khẩu: ");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n <= 0) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = 0;
    return line;
}

/* UNIT as a positive id, or an active unit's abbreviation (it must name exactly one). */
static int64_t resolve_unit(db *d, const char *spec)
{
    char *end;
    long long id = strtoll(spec, &end, 10);
    if (*spec && !*end)
        return id > 0 ? id : -1;
    char today[16];
    clock_vn_today(today, sizeof today);
    db_stmt *s = db_stmt_get(d, &q_unit_by_abbr);
    if (!s)
        return -1;
    db_bind_text(s, 1, spec);
    db_bind_text(s, 2, today);
    int64_t found = -1;
    int n = 0;
    while (db_step(s) == DB_ROW) {
        found = db_col_int(s, 0);
        n++;
    }
    if (n > 1) {
        fprintf(stderr, "vanphong: the abbreviation '%s' names %d active units; give the id\n",
                spec, n);
        return -1;
    }
    return found;
}

static int open_data(const char *data, db **d_r)
{
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        fprintf(stderr, "vanphong: %s\n", err ? err : "cannot open the data directory");
        free(err);
        return -1;
    }
    *d_r = db_thread();
    return 0;
}

int cli_user(int argc, char **argv)
{
    if (cli_has(argc, argv, "--help") || cli_has(argc, argv, "-h")) {
        fputs(user_help, stdout);
        return 0;
    }
    if (argc < 2 || strcmp(argv[1], "add") != 0) {
        fputs(user_help, stderr);
        return 2;
    }
    const char *data = cli_opt(argc, argv, "--data"), *login = cli_opt(argc, argv, "--login");
    const char *name = cli_opt(argc, argv, "--name"), *role_s = cli_opt(argc, argv, "--role");
    const char *unit_s = cli_opt(argc, argv, "--unit");
    if (!data || !login || !name || !role_s) {
        fprintf(stderr, "vanphong user add: --data, --login, --name and --role are required\n");
        return 2;
    }
    enum role role = role_from_code(role_s);
    if (role == ROLE_NONE) {
        fprintf(stderr, "vanphong user add: unknown role '%s'\n", role_s);
        return 2;
    }
    if (!unit_s && role != ROLE_ADMIN) {
        fprintf(stderr, "vanphong user add: --unit is required for the role '%s'\n", role_s);
        return 2;
    }
    db *d;
    if (open_data(data, &d) < 0)
        return 1;
    int64_t unit_id = unit_s ? resolve_unit(d, unit_s) : org_root_unit(d);
    if (unit_id <= 0) {
        fprintf(stderr, "vanphong user add: %s\n",
                unit_s ? "no such active unit" : "the office tree is empty (run init first)");
        return 1;
    }
    char *pw = read_password();
    if (!pw) {
        fprintf(stderr, "vanphong user add: no password on stdin\n");
        return 1;
    }
    const char *err = NULL;
    int status;
    int64_t id = auth_user_create(d, NULL, login, name, role, unit_id, pw, &err, &status);
    free(pw);
    if (id < 0) {
        fprintf(stderr, "vanphong user add: %s\n", err);
        return 1;
    }
    fprintf(stderr, "user %s created (id %lld)\n", login, (long long)id);
    return 0;
}

int cli_token(int argc, char **argv)
{
    if (cli_has(argc, argv, "--help") || cli_has(argc, argv, "-h")) {
        fputs(token_help, stdout);
        return 0;
    }
    if (argc < 2 || strcmp(argv[1], "create") != 0) {
        fputs(token_help, stderr);
        return 2;
    }
    const char *data = cli_opt(argc, argv, "--data"), *login = cli_opt(argc, argv, "--login");
    if (!data || !login) {
        fprintf(stderr, "vanphong token create: --data and --login are required\n");
        return 2;
    }
    db *d;
    if (open_data(data, &d) < 0)
        return 1;
    const char *err = NULL;
    char *tok = auth_token_create(d, NULL, login, &err);
    if (!tok) {
        fprintf(stderr, "vanphong token create: %s\n", err);
        return 1;
    }
    printf("%s\n", tok);
    free(tok);
    return 0;
}
