/* Opening the data directory (app/app.h): its folders, the database, the connection hooks of
 * the modules that need one, the front ends' handler and the route table. */
#include "app/app.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/dispatch.h"
#include "base/config.h"
#include "audit/audit.h"
#include "base/i18n.h"
#include "db/db.h"
#include "db/pg.h"
#include "http/request.h"
#include "search/fts5_vi.h"
#include "search/search.h"

/* A temp file older than this was left by a process that died mid-upload. Younger ones may
 * belong to a server running beside this command (`vanphong http`, `backup` while serving). */
#define TMP_STALE_S 3600
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
        fputs(_("vanphong: hết bộ nhớ\n"), stderr);
        abort();
    }
    return s;
}

static char *db_url_opt;

void app_set_db_url(const char *url)
{
    free(db_url_opt);
    db_url_opt = url && *url ? strdup(url) : NULL;
}

static const char *db_url(void)
{
    const char *u = db_url_opt ? db_url_opt : getenv("VP_DB_URL");
    return u && *u ? u : NULL;
}

int app_db_is_url(void)
{
    return db_url() != NULL;
}

char *app_db_path(const char *data_dir)
{
    if (db_url())
        return strdup(db_url());
    return join(data_dir && *data_dir ? data_dir : "data", "vanphong.db");
}

static void dispatch(http_req *rq, http_resp *rs)
{
    app_dispatch(rq, rs, config.data_dir);
}

int app_open(const char *data_dir, int must_exist, char **err_r)
{
    static int routes_done;
    char *err = NULL;
    if (err_r)
        *err_r = NULL;
    i18n_init(getenv("VANPHONG_LANG"), NULL);
    db_add_open_hook(fts5_vi_hook);
    data_dir = data_dir && *data_dir ? data_dir : "data";
    char *db_path = app_db_path(data_dir);
    struct stat st;
    if (must_exist && !app_db_is_url() && stat(db_path, &st) != 0) {
        if (err_r)
            *err_r = errf(_("%s: không có dữ liệu vanphong (hãy chạy `vanphong init --data %s`)"),
                          data_dir, data_dir);
        free(db_path);
        return -1;
    }
    if (make_dirs(data_dir, 0700) != 0) {
        if (err_r)
            *err_r = errf(_("%s: không tạo được thư mục dữ liệu: %s"), data_dir, strerror(errno));
        free(db_path);
        return -1;
    }
    char *blob_dir = join(data_dir, "blobs"), *tmp_dir = join(data_dir, "tmp");
    if (make_dirs(blob_dir, 0700) != 0 || make_dirs(tmp_dir, 0700) != 0) {
        if (err_r)
            *err_r = errf(_("%s: không tạo được thư mục con: %s"), data_dir, strerror(errno));
        free(db_path), free(blob_dir), free(tmp_dir);
        return -1;
    }
    clean_stale_tmp(tmp_dir);
    free((char *)config.data_dir), free((char *)config.db_path);
    free((char *)config.blob_dir), free((char *)config.tmp_dir);
    config.data_dir = strdup(data_dir);
    config.db_path = db_path;
    config.blob_dir = blob_dir;
    config.tmp_dir = tmp_dir;

    /* Migrate on a connection of our own so that a failure is a message, not the abort
     * db_thread() does when it cannot open. */
    db *d = NULL;
    char *shown = db_target_redacted(db_path);
    if (db_open(db_path, &d, &err) != 0) {
        if (err_r)
            *err_r = errf(_("không mở được cơ sở dữ liệu %s: %s"), shown, err);
        free(err);
        free(shown);
        return -1;
    }
    if (db_migrate(d, &err) != 0) {
        if (err_r)
            *err_r = errf(_("không nâng cấp được cơ sở dữ liệu %s: %s"), shown, err);
        free(err);
        db_close(&d);
        free(shown);
        return -1;
    }
    /* Hash the audit entries written before the chain existed (migration 022) now, once, not
     * in the first user request that writes. */
    if (audit_chain_seal(d, NULL) != 0) {
        if (err_r)
            *err_r = errf(_("không băm được nhật ký %s: %s"), shown, db_errmsg(d));
        db_close(&d);
        free(shown);
        return -1;
    }
    /* Likewise the search index's layout (search_schema_ensure: the tags column of issue 17
     * rebuilds an older index once, minutes at a million documents), not in a first search. */
    if (search_schema_ensure(d) != 0) {
        if (err_r)
            *err_r = errf(_("không nâng cấp được chỉ mục tìm kiếm %s: %s"), shown, db_errmsg(d));
        db_close(&d);
        free(shown);
        return -1;
    }
    free(shown);
    db_close(&d);
    db_thread_close();
    db_thread_init(db_path);
    (void)db_thread();
    app_init();
    http_front.handler = dispatch;
    http_front.tmp_dir = config.tmp_dir;
    if (!routes_done) {
        routes_done = 1;
        app_routes();
    }
    return 0;
}
