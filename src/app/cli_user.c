/* Operator commands for accounts: `vanphong user add|list|disable|enable|passwd|require-change`
 * and `vanphong token create|list|revoke` (app/cli.h). Passwords come from stdin, never from
 * argv (argv is visible in `ps` and shell history). Errors go to stderr with a non-zero exit.
 * The changes go through the same services as the admin pages (manage.c), audited as the
 * operator's "(cli)".
 *
 * Options: each subcommand has its own cli_spec listing only the options it takes, chosen by
 * the first positional word (the subcommand); the command's spec lists them all, only to find
 * that word and to answer --help, an unknown flag or an unknown subcommand before it.
 *
 * Output read by scripts and tests, the same in every language: `token create` prints only the
 * token on stdout, `user passwd --generate` only the password; `user list` and `token list`
 * print tab-separated rows (their state words are fixed codes). Every other line goes to
 * stderr, for the operator, in the language of VANPHONG_LANG. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "base/config.h"
#include "base/args.h"
#include "base/i18n.h"
#include "app/cli.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "org/org.h"

static const db_query q_unit_by_abbr = {
    "auth.unit_by_abbr",
    "SELECT id FROM units WHERE abbr = ?1 AND (valid_to IS NULL OR valid_to >= ?2)", NULL};

static const char user_help[] = N_(
    "cách dùng: vanphong user add --data DIR --login LOGIN --name \"Họ Tên\" --role VAI_TRÒ\n"
    "                         [--unit ĐƠN_VỊ]\n"
    "           vanphong user list --data DIR\n"
    "           vanphong user disable|enable --data DIR --login LOGIN\n"
    "           vanphong user passwd --data DIR --login LOGIN [--generate]\n"
    "           vanphong user require-change --data DIR --login LOGIN\n"
    "\n"
    "add tạo một người dùng. Mật khẩu được đọc từ dòng đầu tiên của stdin, ví dụ\n"
    "  printf '%s\\n' \"$PW\" | vanphong user add --data data --login vanthu --name \"Lê Thị B\" "
    "--role clerk --unit VPTU\n"
    "\n"
    "  --role   admin, committee-leader, office-leader, clerk, specialist hoặc unit\n"
    "  --unit   id hoặc chữ viết tắt của đơn vị (một đơn vị đang hoạt động); quản trị viên không\n"
    "           có --unit thuộc đơn vị gốc\n"
    "Mật khẩu cần ít nhất 10 ký tự, trộn ít nhất hai loại (chữ thường, chữ hoa, chữ số, ký\n"
    "hiệu), không trùng tên đăng nhập và không phải mật khẩu phổ biến.\n"
    "\n"
    "list in mọi tài khoản, mỗi dòng một tài khoản, các cột cách nhau bằng tab: login, vai trò,\n"
    "họ tên, đơn vị, trạng thái (active/disabled, thêm ,must-change-password khi phải đổi mật\n"
    "khẩu).\n"
    "disable khóa tài khoản ngay: các phiên đăng nhập kết thúc và mã truy cập API bị thu hồi.\n"
    "enable mở khóa (các phiên và mã truy cập không trở lại).\n"
    "passwd đặt mật khẩu mới đọc từ stdin, hoặc với --generate in ra một mật khẩu dùng một lần;\n"
    "cả hai cách, người dùng phải đổi mật khẩu ở lần đăng nhập tới, các phiên và mã truy cập\n"
    "kết thúc.\n"
    "require-change buộc người dùng đổi mật khẩu ở trang tiếp theo họ mở.\n");

static const char token_help[] =
    N_("cách dùng: vanphong token create --data DIR --login LOGIN\n"
       "           vanphong token list --data DIR [--login LOGIN]\n"
       "           vanphong token revoke --data DIR --id ID\n"
       "\n"
       "create tạo một mã truy cập API cho người dùng và chỉ in mã đó ra stdout (mã chỉ hiện một\n"
       "lần; chỉ lưu giá trị băm của nó). Dùng nó trong \"Authorization: Bearer <mã>\".\n"
       "list in id, login, nhãn, thời điểm tạo, dùng lần cuối và thu hồi (cách nhau bằng tab).\n"
       "revoke thu hồi một mã ngay (id của nó lấy từ list).\n");

/* A subcommand: its word, its options, what it does. */
typedef struct sub_cmd sub_cmd;
struct sub_cmd {
    const char *name;
    cli_spec spec;
    int (*run)(const sub_cmd *sc, int argc, char **argv);
};

/* What is wrong with the command line, then the usage: exit status 2, nothing done. */
__attribute__((format(printf, 2, 3))) static int usage_fail(const cli_spec *spec, const char *fmt,
                                                            ...)
{
    fprintf(stderr, "%s: ", spec->cmd);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n\n%s", _(spec->help));
    return 2;
}

/* A failure after the command line was accepted: the message, exit status 1. */
__attribute__((format(printf, 2, 3))) static int fail(const cli_spec *spec, const char *fmt, ...)
{
    fprintf(stderr, "%s: ", spec->cmd);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 1;
}

/* Runs the subcommand named by the first positional word, after checking argv against its
 * own spec; `all` (every option of the command) finds that word and answers --help and
 * errors when there is none or it names no subcommand. */
static int dispatch(int argc, char **argv, const cli_spec *all, const sub_cmd *subs, size_t n)
{
    const char *word = cli_arg(argc, argv, all, 0);
    for (size_t i = 0; word && i < n; i++) {
        if (strcmp(word, subs[i].name) != 0)
            continue;
        int parsed = cli_parse(argc, argv, &subs[i].spec);
        return parsed >= 0 ? parsed : subs[i].run(&subs[i], argc, argv);
    }
    int parsed = cli_parse(argc, argv, all);
    if (parsed >= 0)
        return parsed;
    return usage_fail(all, _("không có lệnh con '%s'"), word ? word : "");
}

/* The first line of stdin without its line ending; NULL on EOF. Caller frees. */
static char *read_password(void)
{
    if (isatty(STDIN_FILENO))
        fputs(_("Mật khẩu: "), stderr);
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

/* UNIT as a positive id, or an active unit's abbreviation (it must name exactly one); 0 after
 * saying why when there is none. */
static int64_t resolve_unit(const cli_spec *spec, db *d, const char *abbr)
{
    char *end;
    long long id = strtoll(abbr, &end, 10);
    int64_t found = -1;
    int n = 0;
    if (*abbr && !*end) {
        found = id > 0 ? id : -1;
    } else {
        char today[16];
        clock_vn_today(today, sizeof today);
        db_stmt *s = db_stmt_get(d, &q_unit_by_abbr);
        if (!s) {
            fail(spec, "%s", db_errmsg(d));
            return 0;
        }
        db_bind_text(s, 1, abbr);
        db_bind_text(s, 2, today);
        while (db_step(s) == DB_ROW) {
            found = db_col_int(s, 0);
            n++;
        }
        db_reset(s);
    }
    if (n > 1) {
        fail(spec, _("chữ viết tắt '%s' ứng với %d đơn vị đang hoạt động; hãy dùng id"), abbr, n);
        return 0;
    }
    if (found <= 0) {
        fail(spec, _("không có đơn vị đang hoạt động '%s'"), abbr);
        return 0;
    }
    return found;
}

static int open_data(const cli_spec *spec, const char *data, db **d_r)
{
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        fail(spec, "%s", err ? err : _("không mở được thư mục dữ liệu"));
        free(err);
        return -1;
    }
    *d_r = db_thread();
    return 0;
}

/* ---- user ------------------------------------------------------------------------------- */

static int user_add(const sub_cmd *sc, int argc, char **argv)
{
    const cli_spec *spec = &sc->spec;
    const char *data = cli_opt(argc, argv, "--data"), *login = cli_opt(argc, argv, "--login");
    const char *name = cli_opt(argc, argv, "--name"), *role_s = cli_opt(argc, argv, "--role");
    const char *unit_s = cli_opt(argc, argv, "--unit");
    if (!data || !login || !name || !role_s)
        return usage_fail(spec, "%s", _("cần --data, --login, --name và --role"));
    enum role role = role_from_code(role_s);
    if (role == ROLE_NONE)
        return usage_fail(spec, _("không có vai trò '%s'"), role_s);
    if (!unit_s && role != ROLE_ADMIN)
        return usage_fail(spec, _("vai trò '%s' cần --unit"), role_s);
    db *d;
    if (open_data(spec, data, &d) < 0)
        return 1;
    int64_t unit_id;
    if (unit_s) {
        if ((unit_id = resolve_unit(spec, d, unit_s)) <= 0)
            return 1;
    } else if ((unit_id = org_root_unit(d)) <= 0) {
        return fail(spec, "%s",
                    _("cây tổ chức đang trống (hãy tạo nó bằng `vanphong init --office`)"));
    }
    char *pw = read_password();
    if (!pw)
        return fail(spec, "%s", _("không có mật khẩu trên stdin"));
    const char *err = NULL;
    int status;
    int64_t id = auth_user_create(d, NULL, login, name, role, unit_id, pw, &err, &status);
    free(pw);
    if (id < 0)
        return fail(spec, "%s", err);
    fprintf(stderr, _("đã tạo người dùng %s (id %lld)\n"), login, (long long)id);
    return 0;
}

/* Rows read by scripts: login, role code, name, unit, state ("active" or "disabled", with
 * ",must-change-password"), tab-separated, the same in every language. */
static int user_list(const sub_cmd *sc, int argc, char **argv)
{
    const cli_spec *spec = &sc->spec;
    const char *data = cli_opt(argc, argv, "--data");
    if (!data)
        return usage_fail(spec, "%s", _("cần --data"));
    db *d;
    if (open_data(spec, data, &d) < 0)
        return 1;
    arena *a = arena_new();
    user_row *rows;
    int status;
    /* The operator sees every account: list as an administrator of the root unit would (an
     * administrator's list is scoped to the subtree of its unit, and a user without a unit sees
     * none; the tree has one root: auth_first_admin refuses a second). */
    user op = {.role = ROLE_ADMIN, .login = "(cli)", .unit_id = org_root_unit(d)};
    int n = auth_user_list(d, a, &op, &rows, &status);
    if (n < 0) {
        arena_free(&a);
        return fail(spec, "%s", _("không đọc được các tài khoản"));
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
static int user_change(const sub_cmd *sc, int argc, char **argv)
{
    const cli_spec *spec = &sc->spec;
    const char *cmd = sc->name;
    const char *data = cli_opt(argc, argv, "--data"), *login = cli_opt(argc, argv, "--login");
    if (!data || !login)
        return usage_fail(spec, "%s", _("cần --data và --login"));
    db *d;
    if (open_data(spec, data, &d) < 0)
        return 1;
    int64_t id = auth_user_id_by_login(d, login);
    if (!id)
        return fail(spec, _("không có người dùng '%s'"), login);
    const char *err = NULL, *done;
    int status, rc;
    if (strcmp(cmd, "disable") == 0 || strcmp(cmd, "enable") == 0) {
        bool disable = strcmp(cmd, "disable") == 0;
        rc = auth_user_set_disabled(d, NULL, id, disable, &err, &status);
        done = disable ? _("đã khóa tài khoản %s; các phiên và mã truy cập đã kết thúc\n")
                       : _("đã mở khóa tài khoản %s\n");
    } else if (strcmp(cmd, "require-change") == 0) {
        rc = auth_require_password_change(d, NULL, id, &err, &status);
        done = _("%s sẽ phải đổi mật khẩu ở trang tiếp theo họ mở\n");
    } else {
        bool generate = cli_has(argc, argv, "--generate");
        char *pw = generate ? NULL : read_password();
        if (!generate && !pw)
            return fail(spec, "%s", _("không có mật khẩu trên stdin (hoặc dùng --generate)"));
        char generated[AUTH_GENERATED_PASSWORD_CHARS + 1];
        rc = auth_password_reset(d, NULL, id, pw, generated, &err, &status);
        free(pw);
        if (rc == 0 && generate)
            printf("%s\n", generated); /* only the password on stdout: scripts read it */
        done = _("đã đặt mật khẩu mới cho %s; phải đổi nó ở lần đăng nhập tới\n");
    }
    if (rc != 0)
        return fail(spec, "%s", err);
    fprintf(stderr, done, login);
    return 0;
}

int cli_user(int argc, char **argv)
{
    static const char *const all_values[] = {"--data", "--login", "--name",
                                             "--role", "--unit",  NULL};
    static const char *const all_flags[] = {"--generate", NULL};
    static const char *const add_values[] = {"--data", "--login", "--name",
                                             "--role", "--unit",  NULL};
    static const char *const data_values[] = {"--data", NULL};
    static const char *const login_values[] = {"--data", "--login", NULL};
    static const char *const no_flags[] = {NULL};
    static const char *const passwd_flags[] = {"--generate", NULL};
    static const cli_spec all = {"vanphong user", user_help, all_values, all_flags, 1, 1};
    static const sub_cmd subs[] = {
        {"add", {"vanphong user add", user_help, add_values, no_flags, 1, 1}, user_add},
        {"list", {"vanphong user list", user_help, data_values, no_flags, 1, 1}, user_list},
        {"disable",
         {"vanphong user disable", user_help, login_values, no_flags, 1, 1},
         user_change},
        {"enable", {"vanphong user enable", user_help, login_values, no_flags, 1, 1}, user_change},
        {"passwd",
         {"vanphong user passwd", user_help, login_values, passwd_flags, 1, 1},
         user_change},
        {"require-change",
         {"vanphong user require-change", user_help, login_values, no_flags, 1, 1},
         user_change},
    };
    return dispatch(argc, argv, &all, subs, sizeof subs / sizeof subs[0]);
}

/* ---- token ------------------------------------------------------------------------------ */

/* Prints only the token on stdout (scripts read it); it is shown once. */
static int token_create_cmd(const sub_cmd *sc, int argc, char **argv)
{
    const cli_spec *spec = &sc->spec;
    const char *data = cli_opt(argc, argv, "--data"), *login = cli_opt(argc, argv, "--login");
    if (!data || !login)
        return usage_fail(spec, "%s", _("cần --data và --login"));
    db *d;
    if (open_data(spec, data, &d) < 0)
        return 1;
    const char *err = NULL;
    char *tok = auth_token_create(d, NULL, login, &err);
    if (!tok)
        return fail(spec, "%s", err);
    printf("%s\n", tok);
    free(tok);
    return 0;
}

/* Rows read by scripts: id, login, label, created, last used, revoked ("-" when none),
 * tab-separated, the same in every language. */
static int token_list_cmd(const sub_cmd *sc, int argc, char **argv)
{
    const cli_spec *spec = &sc->spec;
    const char *data = cli_opt(argc, argv, "--data"), *login = cli_opt(argc, argv, "--login");
    if (!data)
        return usage_fail(spec, "%s", _("cần --data"));
    db *d;
    if (open_data(spec, data, &d) < 0)
        return 1;
    int64_t uid = 0;
    if (login && !(uid = auth_user_id_by_login(d, login)))
        return fail(spec, _("không có người dùng '%s'"), login);
    arena *a = arena_new();
    token_row *rows;
    int status;
    int n = auth_token_list(d, a, NULL, uid, &rows, &status);
    if (n < 0) {
        arena_free(&a);
        return fail(spec, "%s", _("không đọc được các mã truy cập"));
    }
    for (int i = 0; i < n; i++)
        printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)rows[i].id, rows[i].login,
               rows[i].label ? rows[i].label : "-", rows[i].created_at,
               rows[i].last_used_at ? rows[i].last_used_at : "-",
               rows[i].revoked_at ? rows[i].revoked_at : "-");
    arena_free(&a);
    return 0;
}

static int token_revoke_cmd(const sub_cmd *sc, int argc, char **argv)
{
    const cli_spec *spec = &sc->spec;
    const char *data = cli_opt(argc, argv, "--data"), *id_s = cli_opt(argc, argv, "--id");
    char *end = NULL;
    long long id = id_s ? strtoll(id_s, &end, 10) : 0;
    if (!data || !id_s || !*id_s || *end || id <= 0)
        return usage_fail(spec, "%s", _("cần --data và --id (id của một mã truy cập)"));
    db *d;
    if (open_data(spec, data, &d) < 0)
        return 1;
    const char *err = NULL;
    if (auth_token_revoke(d, NULL, id, &err) != 0)
        return fail(spec, "%s", err);
    fprintf(stderr, _("đã thu hồi mã truy cập %lld\n"), id);
    return 0;
}

int cli_token(int argc, char **argv)
{
    static const char *const all_values[] = {"--data", "--login", "--id", NULL};
    static const char *const login_values[] = {"--data", "--login", NULL};
    static const char *const id_values[] = {"--data", "--id", NULL};
    static const char *const no_flags[] = {NULL};
    static const cli_spec all = {"vanphong token", token_help, all_values, no_flags, 1, 1};
    static const sub_cmd subs[] = {
        {"create",
         {"vanphong token create", token_help, login_values, no_flags, 1, 1},
         token_create_cmd},
        {"list", {"vanphong token list", token_help, login_values, no_flags, 1, 1}, token_list_cmd},
        {"revoke",
         {"vanphong token revoke", token_help, id_values, no_flags, 1, 1},
         token_revoke_cmd},
    };
    return dispatch(argc, argv, &all, subs, sizeof subs / sizeof subs[0]);
}
