/* Operator commands for accounts: `vanphong user add|list|disable|enable|passwd|require-change`
 * and `vanphong token create|list|revoke` (app/cli.h). Passwords come from stdin, never from
 * argv (argv is visible in `ps` and shell history). Errors go to stderr with a non-zero exit.
 * The changes go through the same services as the admin pages (manage.c), audited as the
 * operator's "(cli)". */
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
    "       vanphong user list --data DIR\n"
    "       vanphong user disable|enable --data DIR --login LOGIN\n"
    "       vanphong user passwd --data DIR --login LOGIN [--generate]\n"
    "       vanphong user require-change --data DIR --login LOGIN\n"
    "\n"
    "add creates a user. The password is read from the first line of stdin, e.g.\n"
    "  printf '%s\\n' \"$PW\" | vanphong user add --data data --login vanthu --name \"Lê Thị "
    "B\" --role clerk --unit VPTU\n"
    "\n"
    "  --role   admin, committee-leader, office-leader, clerk, specialist or unit\n"
    "  --unit   the unit's id or abbreviation (an active unit); an admin without --unit\n"
    "           belongs to the root unit\n"
    "The password needs at least 10 characters of at least two kinds (lower case, upper case,\n"
    "digits, symbols), not the login and not a common password.\n"
    "\n"
    "list prints every account: login, role, state (active/disabled, must change password).\n"
    "disable locks the account at once: its sessions end and its API tokens are revoked.\n"
    "enable unlocks it (sessions and tokens do not come back).\n"
    "passwd sets a new password read from stdin, or with --generate prints a one-time one;\n"
    "either way the user must change it at the next login, and its sessions and tokens end.\n"
    "require-change makes the user change the password at the next page they open.\n";

static const char token_help[] =
    "usage: vanphong token create --data DIR --login LOGIN\n"
    "       vanphong token list --data DIR [--login LOGIN]\n"
    "       vanphong token revoke --data DIR --id ID\n"
    "\n"
    "create makes an API token for the user and prints only the token on stdout (it is shown\n"
    "once; only its hash is stored). Use it as \"Authorization: Bearer <token>\".\n"
    "list prints id, login, label, created, last used and revoked times (tab-separated).\n"
    "revoke ends a token at once (its id from list).\n";

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

static int user_add(int argc, char **argv)
{
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
                unit_s ? "no such active unit"
                       : "the office tree is empty (create it with `vanphong init --office`)");
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

static int user_list(const char *data)
{
    db *d;
    if (open_data(data, &d) < 0)
        return 1;
    arena *a = arena_new();
    user_row *rows;
    int status;
    /* The operator sees every account: list as an administrator would. */
    user op = {.role = ROLE_ADMIN, .login = "(cli)"};
    int n = auth_user_list(d, a, &op, &rows, &status);
    if (n < 0) {
        arena_free(&a);
        fprintf(stderr, "vanphong user list: cannot read the accounts\n");
        return 1;
    }
    for (int i = 0; i < n; i++) {
        account acc;
        int st;
        bool must =
            auth_account_get(d, a, NULL, rows[i].id, &acc, &st) == 0 && acc.must_change_password;
        printf("%s\t%s\t%s\t%s\t%s%s\n", rows[i].login, rows[i].role, rows[i].name,
               rows[i].unit_name ? rows[i].unit_name : "", rows[i].disabled ? "disabled" : "active",
               must ? ",must-change-password" : "");
    }
    arena_free(&a);
    return 0;
}

/* disable, enable, passwd, require-change: one account by --login. */
static int user_change(const char *cmd, int argc, char **argv)
{
    const char *data = cli_opt(argc, argv, "--data"), *login = cli_opt(argc, argv, "--login");
    if (!data || !login) {
        fprintf(stderr, "vanphong user %s: --data and --login are required\n", cmd);
        return 2;
    }
    db *d;
    if (open_data(data, &d) < 0)
        return 1;
    int64_t id = auth_user_id_by_login(d, login);
    if (!id) {
        fprintf(stderr, "vanphong user %s: no user '%s'\n", cmd, login);
        return 1;
    }
    const char *err = NULL;
    int status, rc;
    if (strcmp(cmd, "disable") == 0 || strcmp(cmd, "enable") == 0) {
        rc = auth_user_set_disabled(d, NULL, id, strcmp(cmd, "disable") == 0, &err, &status);
    } else if (strcmp(cmd, "require-change") == 0) {
        rc = auth_require_password_change(d, NULL, id, &err, &status);
    } else {
        bool generate = cli_has(argc, argv, "--generate");
        char *pw = generate ? NULL : read_password();
        if (!generate && !pw) {
            fprintf(stderr, "vanphong user passwd: no password on stdin (or use --generate)\n");
            return 1;
        }
        char generated[AUTH_GENERATED_PASSWORD_CHARS + 1];
        rc = auth_password_reset(d, NULL, id, pw, generated, &err, &status);
        free(pw);
        if (rc == 0 && generate)
            printf("%s\n", generated);
    }
    if (rc != 0) {
        fprintf(stderr, "vanphong user %s: %s\n", cmd, err);
        return 1;
    }
    fprintf(stderr, "user %s: %s done\n", login, cmd);
    return 0;
}

int cli_user(int argc, char **argv)
{
    if (cli_has(argc, argv, "--help") || cli_has(argc, argv, "-h")) {
        fputs(user_help, stdout);
        return 0;
    }
    const char *cmd = argc >= 2 ? argv[1] : "";
    if (strcmp(cmd, "add") == 0)
        return user_add(argc, argv);
    if (strcmp(cmd, "list") == 0) {
        const char *data = cli_opt(argc, argv, "--data");
        if (!data) {
            fprintf(stderr, "vanphong user list: --data is required\n");
            return 2;
        }
        return user_list(data);
    }
    if (strcmp(cmd, "disable") == 0 || strcmp(cmd, "enable") == 0 || strcmp(cmd, "passwd") == 0 ||
        strcmp(cmd, "require-change") == 0)
        return user_change(cmd, argc, argv);
    fputs(user_help, stderr);
    return 2;
}

static int token_create_cmd(const char *data, const char *login)
{
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

static int token_list_cmd(const char *data, const char *login)
{
    if (!data) {
        fprintf(stderr, "vanphong token list: --data is required\n");
        return 2;
    }
    db *d;
    if (open_data(data, &d) < 0)
        return 1;
    int64_t uid = 0;
    if (login && !(uid = auth_user_id_by_login(d, login))) {
        fprintf(stderr, "vanphong token list: no user '%s'\n", login);
        return 1;
    }
    arena *a = arena_new();
    token_row *rows;
    int status;
    int n = auth_token_list(d, a, NULL, uid, &rows, &status);
    if (n < 0) {
        arena_free(&a);
        fprintf(stderr, "vanphong token list: cannot read the tokens\n");
        return 1;
    }
    for (int i = 0; i < n; i++)
        printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)rows[i].id, rows[i].login,
               rows[i].label ? rows[i].label : "-", rows[i].created_at,
               rows[i].last_used_at ? rows[i].last_used_at : "-",
               rows[i].revoked_at ? rows[i].revoked_at : "-");
    arena_free(&a);
    return 0;
}

static int token_revoke_cmd(const char *data, const char *id_s)
{
    char *end = NULL;
    long long id = id_s ? strtoll(id_s, &end, 10) : 0;
    if (!data || !id_s || !*id_s || *end || id <= 0) {
        fprintf(stderr, "vanphong token revoke: --data and --id (a token id) are required\n");
        return 2;
    }
    db *d;
    if (open_data(data, &d) < 0)
        return 1;
    const char *err = NULL;
    if (auth_token_revoke(d, NULL, id, &err) != 0) {
        fprintf(stderr, "vanphong token revoke: %s\n", err);
        return 1;
    }
    fprintf(stderr, "token %lld revoked\n", id);
    return 0;
}

int cli_token(int argc, char **argv)
{
    if (cli_has(argc, argv, "--help") || cli_has(argc, argv, "-h")) {
        fputs(token_help, stdout);
        return 0;
    }
    const char *cmd = argc >= 2 ? argv[1] : "";
    const char *data = cli_opt(argc, argv, "--data"), *login = cli_opt(argc, argv, "--login");
    if (strcmp(cmd, "create") == 0)
        return token_create_cmd(data, login);
    if (strcmp(cmd, "list") == 0)
        return token_list_cmd(data, login);
    if (strcmp(cmd, "revoke") == 0)
        return token_revoke_cmd(data, cli_opt(argc, argv, "--id"));
    fputs(token_help, stderr);
    return 2;
}
