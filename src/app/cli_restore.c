/* `vanphong restore --from BACKUP --data DIR`: puts a backup made by `vanphong backup` back
 * into an empty data directory, then runs `vanphong check` on it. app/cli.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/backup_files.h"
#include "app/cli.h"
#include "base/args.h"
#include "base/i18n.h"
#include "db/db.h"
#include "db/pg.h"

static const char restore_help[] =
    N_("cách dùng: vanphong restore --from BẢN_SAO --data DIR [--blobs THƯ_MỤC] [--db URL]\n"
       "\n"
       "Khôi phục một bản sao do `vanphong backup` tạo vào thư mục dữ liệu DIR, thư mục này phải\n"
       "chưa có hoặc đang trống (không bao giờ ghi đè dữ liệu đang có). BẢN_SAO là:\n"
       "  một thư mục (backup --to THƯ_MỤC/): vanphong.db, blobs/ và keys/ được chép lại;\n"
       "  một tệp (backup --to FILE): cơ sở dữ liệu, cùng các khóa trong FILE.keys nếu có; tệp\n"
       "  đính kèm lấy từ --blobs THƯ_MỤC (bản chép của thư mục blobs cũ).\n"
       "Bản sao của cơ sở dữ liệu PostgreSQL (vanphong.pgdump, hoặc tệp của pg_dump): khôi\n"
       "phục bằng pg_restore vào cơ sở dữ liệu trống cho bởi --db URL hoặc VP_DB_URL (không\n"
       "trống thì từ chối).\n"
       "Thư mục 0700, tệp 0600. Sau đó chạy `vanphong check --data DIR`: mã thoát 0 khi bản\n"
       "khôi phục nguyên vẹn (dòng cuối \"ok\"), 1 nếu không. Dừng máy chủ trước khi khôi phục và\n"
       "chỉ chạy lại sau khi kiểm tra đạt.\n");

static int fail(const char *msg, const char *path)
{
    fprintf(stderr, msg, path, strerror(errno));
    return 1;
}

/* A dump of pg_dump's custom format starts with "PGDMP"; an SQLite file with its own header. */
static bool is_pg_dump(const char *path)
{
    char magic[5] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(magic, 1, sizeof magic, f);
    fclose(f);
    return n == sizeof magic && memcmp(magic, "PGDMP", 5) == 0;
}

/* pg_restore of the dump into the empty database the target names (--db or VP_DB_URL). */
static int restore_pg(const char *dump)
{
    char *target = app_db_path(NULL), *err = NULL;
    db *d = NULL;
    int rc = db_open(target, &d, &err);
    if (rc == 0)
        rc = db_pg_restore(d, dump, &err);
    db_close(&d);
    char *shown = db_target_redacted(target);
    if (rc == 1)
        fprintf(stderr,
                _("vanphong restore: cơ sở dữ liệu %s không trống; hãy khôi phục vào một cơ sở dữ "
                  "liệu mới (CREATE DATABASE)\n"),
                shown);
    else if (rc != 0)
        fprintf(stderr, "vanphong restore: %s\n", err ? err : "PostgreSQL");
    else
        printf(_("đã khôi phục cơ sở dữ liệu vào %s\n"), shown);
    free(shown);
    free(err);
    free(target);
    return rc == 0 ? 0 : 1;
}

int cli_restore(int argc, char **argv)
{
    static const char *const values[] = {"--from", "--data", "--blobs", "--db", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong restore", restore_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *from = cli_opt(argc, argv, "--from"), *data = cli_opt(argc, argv, "--data");
    const char *blobs_opt = cli_opt(argc, argv, "--blobs");
    if (!from || !data) {
        fputs(_(restore_help), stderr);
        return 2;
    }
    struct stat st;
    if (stat(from, &st) != 0) {
        fprintf(stderr, _("vanphong restore: không có bản sao %s\n"), from);
        return 1;
    }
    bool folder = S_ISDIR(st.st_mode);
    const char *db_url = cli_opt(argc, argv, "--db");
    app_set_db_url(db_url);
    char db_src[4096], keys_src[4096], path[4096];
    if (folder) {
        snprintf(db_src, sizeof db_src, "%s/vanphong.pgdump", from);
        if (stat(db_src, &st) != 0)
            snprintf(db_src, sizeof db_src, "%s/vanphong.db", from);
        snprintf(keys_src, sizeof keys_src, "%s/keys", from);
    } else {
        snprintf(db_src, sizeof db_src, "%s", from);
        snprintf(keys_src, sizeof keys_src, "%s.keys", from);
    }
    if (stat(db_src, &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, _("vanphong restore: %s không phải bản sao (thiếu %s)\n"), from, db_src);
        return 1;
    }
    /* Never over live data: a restore is for a new or emptied folder. */
    if (!bk_dir_empty(data, 1)) {
        fprintf(stderr,
                _("vanphong restore: thư mục dữ liệu %s không trống; hãy khôi phục vào một thư "
                  "mục mới hoặc trống\n"),
                data);
        return 1;
    }
    /* A PostgreSQL dump goes into PostgreSQL, an SQLite file into the data directory: either
     * the other way round would leave check reading a store the backup never reached. */
    bool pg = is_pg_dump(db_src);
    if (pg && !app_db_is_url()) {
        fprintf(
            stderr,
            _("vanphong restore: %s là bản sao cơ sở dữ liệu PostgreSQL; hãy cho --db URL (hoặc "
              "VP_DB_URL) của một cơ sở dữ liệu trống\n"),
            db_src);
        return 1;
    }
    if (!pg && app_db_is_url()) {
        fprintf(stderr,
                _("vanphong restore: %s là bản sao SQLite; hãy khôi phục không có --db/VP_DB_URL "
                  "rồi chuyển sang PostgreSQL bằng `vanphong copy-to-pg`\n"),
                db_src);
        return 1;
    }
    if (mkdir(data, 0700) != 0 && errno != EEXIST)
        return fail(_("vanphong restore: không tạo được thư mục %s: %s\n"), data);
    chmod(data, 0700);
    if (pg) {
        if (restore_pg(db_src) != 0)
            return 1;
    } else {
        /* Through a temporary name: a cut copy never looks like a database. */
        char tmp[4200];
        snprintf(path, sizeof path, "%s/vanphong.db", data);
        snprintf(tmp, sizeof tmp, "%s/vanphong.db.restore", data);
        if (bk_copy_file(db_src, tmp) != 0 || rename(tmp, path) != 0) {
            unlink(tmp);
            return fail(_("vanphong restore: không chép được cơ sở dữ liệu vào %s: %s\n"), path);
        }
        printf(_("đã khôi phục cơ sở dữ liệu vào %s\n"), path);
    }
    if (folder || blobs_opt) {
        char blobs[4096];
        if (blobs_opt)
            snprintf(blobs, sizeof blobs, "%s", blobs_opt);
        else
            snprintf(blobs, sizeof blobs, "%s/blobs", from);
        snprintf(path, sizeof path, "%s/blobs", data);
        long n = bk_copy_tree(blobs, path);
        if (n < 0)
            return fail(_("vanphong restore: không chép được tệp đính kèm vào %s: %s\n"), path);
        printf(_("đã khôi phục %ld tệp đính kèm vào %s\n"), n, path);
    }
    if (stat(keys_src, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(path, sizeof path, "%s/keys", data);
        long n = bk_copy_tree(keys_src, path);
        if (n < 0)
            return fail(_("vanphong restore: không chép được các khóa vào %s: %s\n"), path);
        printf(_("đã khôi phục %ld khóa vào %s\n"), n, path);
    }
    fflush(stdout);
    /* The same check an operator would run: integrity, migrations, audit chain, fixity. */
    char *check_argv[] = {"check", "--data", (char *)data, "--db", (char *)db_url, NULL};
    return cli_check(db_url ? 5 : 3, check_argv);
}
