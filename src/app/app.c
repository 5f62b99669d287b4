/* Process-wide configuration (app/app.h): the data directory and its folders, the database
 * connection hooks, CLI option helpers, and the role codes and labels (app/ctx.h). */
#include "app/app.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/ctx.h"
#include "audit/audit.h"
#include "base/i18n.h"
#include "db/db.h"
#include "search/fts5_vi.h"

struct app_config app;

/* A temp file older than this was left by a process that died mid-upload. Younger ones may
 * belong to a server running beside this command (`vanphong http`, `backup` while serving). */
#define TMP_STALE_S 3600
#define MAX_DB_HOOKS 8

static db_open_hook hooks[MAX_DB_HOOKS];
static int n_hooks;

void app_add_db_hook(db_open_hook fn)
{
    for (int i = 0; i < n_hooks; i++)
        if (hooks[i] == fn)
            return;
    if (n_hooks == MAX_DB_HOOKS) {
        fprintf(stderr, "vanphong: too many database hooks\n");
        abort();
    }
    hooks[n_hooks++] = fn;
}

int app_run_db_hooks(void *sqlite_handle)
{
    for (int i = 0; i < n_hooks; i++)
        if (hooks[i](sqlite_handle) != 0)
            return -1;
    return 0;
}

static int fts5_vi_hook(void *sqlite_handle)
{
    return fts5_vi_register(sqlite_handle);
}

/* mkdir -p with mode for the last component and the ones it creates. */
static int make_dirs(const char *path, mode_t mode)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return -1;
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(buf, mode) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(buf, mode) != 0 && errno != EEXIST)
        return -1;
    struct stat st;
    return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

static void clean_stale_tmp(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        struct stat st;
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
            continue;
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && now - st.st_mtime > TMP_STALE_S)
            unlink(path);
    }
    closedir(d);
}

static char *errf(const char *fmt, const char *a, const char *b)
{
    char *s = NULL;
    if (asprintf(&s, fmt, a, b ? b : "") < 0)
        s = NULL;
    return s;
}

static char *join(const char *dir, const char *name)
{
    char *s = NULL;
    if (asprintf(&s, "%s/%s", dir, name) < 0) {
        fprintf(stderr, "vanphong: out of memory\n");
        abort();
    }
    return s;
}

int app_open(const char *data_dir, int must_exist, char **err_r)
{
    static int routes_done;
    char *err = NULL;
    if (err_r)
        *err_r = NULL;
    i18n_init(getenv("VANPHONG_LANG"), NULL);
    app_add_db_hook(fts5_vi_hook);
    data_dir = data_dir && *data_dir ? data_dir : "data";
    char *db_path = join(data_dir, "vanphong.db");
    struct stat st;
    if (must_exist && stat(db_path, &st) != 0) {
        if (err_r)
            *err_r = errf("%s: không có dữ liệu vanphong (hãy chạy `vanphong init --data %s`)",
                          data_dir, data_dir);
        free(db_path);
        return -1;
    }
    if (make_dirs(data_dir, 0700) != 0) {
        if (err_r)
            *err_r = errf("%s: không tạo được thư mục dữ liệu: %s", data_dir, strerror(errno));
        free(db_path);
        return -1;
    }
    char *blob_dir = join(data_dir, "blobs"), *tmp_dir = join(data_dir, "tmp");
    if (make_dirs(blob_dir, 0700) != 0 || make_dirs(tmp_dir, 0700) != 0) {
        if (err_r)
            *err_r = errf("%s: không tạo được thư mục con: %s", data_dir, strerror(errno));
        free(db_path), free(blob_dir), free(tmp_dir);
        return -1;
    }
    clean_stale_tmp(tmp_dir);
    free((char *)app.data_dir), free((char *)app.db_path);
    free((char *)app.blob_dir), free((char *)app.tmp_dir);
    app.data_dir = strdup(data_dir);
    app.db_path = db_path;
    app.blob_dir = blob_dir;
    app.tmp_dir = tmp_dir;

    /* Migrate on a connection of our own so that a failure is a message, not the abort
     * db_thread() does when it cannot open. */
    db *d = NULL;
    if (db_open(db_path, &d, &err) != 0) {
        if (err_r)
            *err_r = errf("không mở được cơ sở dữ liệu %s: %s", db_path, err);
        free(err);
        return -1;
    }
    if (db_migrate(d, &err) != 0) {
        if (err_r)
            *err_r = errf("không nâng cấp được cơ sở dữ liệu %s: %s", db_path, err);
        free(err);
        db_close(&d);
        return -1;
    }
    /* Hash the audit entries written before the chain existed (migration 022) now, once, not
     * in the first user request that writes. */
    if (audit_chain_seal(d, NULL) != 0) {
        if (err_r)
            *err_r = errf("không băm được nhật ký %s: %s", db_path, db_errmsg(d));
        db_close(&d);
        return -1;
    }
    db_close(&d);
    db_thread_close();
    db_thread_init(db_path);
    (void)db_thread();
    if (!routes_done) {
        routes_done = 1;
        app_routes();
    }
    return 0;
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

/* ---- roles ---- */

static const struct {
    enum role role;
    const char *code;
    const char *label;
} roles[] = {
    {ROLE_ADMIN, "admin", N_("Quản trị")},
    {ROLE_COMMITTEE_LEADER, "committee-leader", N_("Lãnh đạo cấp ủy")},
    {ROLE_OFFICE_LEADER, "office-leader", N_("Lãnh đạo văn phòng")},
    {ROLE_CLERK, "clerk", N_("Văn thư")},
    {ROLE_SPECIALIST, "specialist", N_("Chuyên viên")},
    {ROLE_UNIT, "unit", N_("Đơn vị cấp dưới")},
};

const char *role_code(enum role r)
{
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (roles[i].role == r)
            return roles[i].code;
    return "";
}

enum role role_from_code(const char *s)
{
    if (!s)
        return ROLE_NONE;
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (strcmp(roles[i].code, s) == 0)
            return roles[i].role;
    return ROLE_NONE;
}

const char *role_label(enum role r)
{
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (roles[i].role == r)
            return _(roles[i].label);
    return "";
}
