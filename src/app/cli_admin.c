/* Operator maintenance commands: `vanphong backup` (an online, consistent copy, verified) and
 * `vanphong check` (integrity, foreign keys, migrations at the latest version). app/cli.h. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archives/archives.h"
#include "base/args.h"
#include "app/app.h"
#include "app/cli.h"
#include "app/backup_files.h"
#include "audit/audit.h"
#include "base/arena.h"
#include "base/i18n.h"
#include "db/db.h"
#include "db/pg.h"

static const char backup_help[] = N_(
    "cách dùng: vanphong backup --data DIR [--db URL] --to THƯ_MỤC/ | --to FILE\n"
    "\n"
    "Sao lưu trong khi máy chủ vẫn chạy (sao lưu trực tuyến của SQLite: một ảnh chụp nhất quán),\n"
    "ghi qua tệp tạm được fsync rồi đổi tên, sau đó kiểm tra tính toàn vẹn của bản sao.\n"
    "  --to THƯ_MỤC/  (một thư mục chưa có, hoặc đang trống; có dấu / ở cuối hoặc đã tồn tại):\n"
    "                 bản sao đầy đủ: THƯ_MỤC/vanphong.db, THƯ_MỤC/blobs/ (mọi tệp đính kèm,\n"
    "                 chép sau cơ sở dữ liệu nên mọi tệp mà ảnh chụp nhắc đến đều có) và\n"
    "                 THƯ_MỤC/keys/; thư mục 0700, tệp 0600. Khôi phục bằng `vanphong restore`.\n"
    "  --to FILE      chỉ cơ sở dữ liệu vào FILE; tệp đính kèm (DIR/blobs) hãy chép bằng rsync\n"
    "                 hoặc tar sau đó. Các khóa của DIR/keys (khóa mã hóa đơn thư, khóa trao đổi\n"
    "                 với hệ thống khác) được chép vào thư mục FILE.keys (0700, mỗi tệp 0600).\n"
    "Trên PostgreSQL (--db URL hoặc VP_DB_URL): cơ sở dữ liệu được sao bằng pg_dump\n"
    "--format=custom (THƯ_MỤC/vanphong.pgdump, hoặc FILE), đọc lại toàn bộ bằng pg_restore\n"
    "--list; tệp đính kèm và khóa như trên. Khôi phục bằng `vanphong restore --db URL` vào một\n"
    "cơ sở dữ liệu trống.\n"
    "Thiếu các khóa thì bản sao không giải mã được. Mã thoát 0 khi bản sao đã được ghi và\n"
    "nguyên vẹn.\n");

static const char check_help[] = N_(
    "cách dùng: vanphong check --data DIR\n"
    "\n"
    "Kiểm tra cơ sở dữ liệu của DIR: kiểm tra toàn vẹn của SQLite, mọi khóa ngoại, mọi bước\n"
    "nâng cấp (migration) mà chương trình này mang theo đã được áp dụng, và chuỗi băm của nhật\n"
    "ký hệ thống (băm của từng mục được tính lại và nối với mục trước; mục hỏng đầu tiên được\n"
    "nêu theo id, thời điểm và thao tác). Không thay đổi gì. In số mục nhật ký đã kiểm và băm\n"
    "cuối (hãy cất nó ở nơi khác để sau này phát hiện việc bị cắt bớt), rồi \"ok\" và thoát với\n"
    "mã 0 khi nguyên vẹn; nếu không, in các lỗi và thoát với mã 1.\n");

/* The keys under <data>/keys (the petitions' encryption key, the installation's exchange key)
 * are not in the database, yet a copy of the database is useless without them: an encrypted
 * petition cannot be read back. They go to <to>.keys/ (file form) or <to>/keys/ (folder form),
 * private. Returns the number of files copied (0 when the office has none yet) or -1. */
static long backup_keys(const char *data, const char *dst)
{
    char src[4096];
    snprintf(src, sizeof src, "%s/keys", data);
    struct stat st;
    if (stat(src, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    return bk_copy_tree(src, dst);
}

/* The folder form: `--to DIR/` or an existing folder. */
static bool folder_form(const char *to)
{
    size_t n = strlen(to);
    struct stat st;
    return (n > 0 && to[n - 1] == '/') || (stat(to, &st) == 0 && S_ISDIR(st.st_mode));
}

/* Copies and verifies the database into db_path. 0 or 1 (reported). On PostgreSQL the copy is
 * pg_dump's archive, which db_backup has already read back whole (pg_restore --list). */
static int backup_db(const char *db_path)
{
    char *err = NULL;
    if (db_backup(db_thread(), db_path, &err) != 0) {
        fprintf(stderr, "vanphong backup: %s\n", err ? err : _("thất bại"));
        free(err);
        return 1;
    }
    chmod(db_path, 0600);
    struct stat st;
    if (db_is_pg(db_thread())) {
        long long size = stat(db_path, &st) == 0 ? (long long)st.st_size : -1;
        printf(_("đã sao lưu cơ sở dữ liệu PostgreSQL vào %s (pg_dump): %lld byte, kiểm tra "
                 "toàn vẹn đạt\n"),
               db_path, size);
        return 0;
    }
    db *copy = NULL;
    if (db_open(db_path, &copy, &err) != 0) {
        fprintf(stderr, _("vanphong backup: không mở được bản sao: %s\n"), err ? err : "?");
        free(err);
        return 1;
    }
    int rc = db_check(copy, &err);
    db_close(&copy);
    if (rc != 0) {
        fprintf(stderr, _("vanphong backup: bản sao %s không nguyên vẹn:\n%s"), db_path,
                err ? err : "");
        free(err);
        return 1;
    }
    long long size = stat(db_path, &st) == 0 ? (long long)st.st_size : -1;
    printf(_("đã sao lưu %s: %lld byte, kiểm tra toàn vẹn đạt\n"), db_path, size);
    return 0;
}

/* Database first, then blobs: the blob store is append-only and content-addressed, and a
 * file is on disk before the row naming it commits, so every blob the snapshot refers to is
 * already there when the copy of the folder starts (later blobs come along, unreferenced). */
static int backup_folder(const char *data, const char *to)
{
    char path[4096];
    if (!bk_dir_empty(to, 1)) {
        fprintf(stderr, _("vanphong backup: thư mục %s không trống; hãy chọn một thư mục mới\n"),
                to);
        return 1;
    }
    if (mkdir(to, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, _("vanphong backup: không tạo được thư mục %s: %s\n"), to, strerror(errno));
        return 1;
    }
    chmod(to, 0700);
    snprintf(path, sizeof path, "%s/%s", to,
             db_is_pg(db_thread()) ? "vanphong.pgdump" : "vanphong.db");
    if (backup_db(path) != 0)
        return 1;
    char src[4096];
    snprintf(src, sizeof src, "%s/blobs", data);
    snprintf(path, sizeof path, "%s/blobs", to);
    long blobs = bk_copy_tree(src, path);
    if (blobs < 0 || (mkdir(path, 0700) != 0 && errno != EEXIST)) {
        fprintf(stderr, _("vanphong backup: không chép được tệp đính kèm vào %s\n"), path);
        return 1;
    }
    printf(_("đã chép %ld tệp đính kèm vào %s\n"), blobs, path);
    snprintf(path, sizeof path, "%s/keys", to);
    long keys = backup_keys(data, path);
    if (keys < 0) {
        fprintf(stderr, _("vanphong backup: không chép được các khóa vào %s\n"), path);
        return 1;
    }
    printf(_("đã chép %ld khóa vào %s\n"), keys, path);
    return 0;
}

int cli_backup(int argc, char **argv)
{
    static const char *const values[] = {"--data", "--to", "--db", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong backup", backup_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data"), *to = cli_opt(argc, argv, "--to");
    if (!data || !to) {
        fputs(_(backup_help), stderr);
        return 2;
    }
    app_set_db_url(cli_opt(argc, argv, "--db"));
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        fprintf(stderr, "vanphong backup: %s\n", err ? err : _("không mở được thư mục dữ liệu"));
        free(err);
        return 1;
    }
    if (folder_form(to))
        return backup_folder(data, to);
    if (backup_db(to) != 0)
        return 1;
    char dst[4096];
    snprintf(dst, sizeof dst, "%s.keys", to);
    long keys = backup_keys(data, dst);
    if (keys < 0) {
        fprintf(stderr, _("vanphong backup: không chép được các khóa vào %s.keys\n"), to);
        return 1;
    }
    if (keys > 0)
        printf(_("đã chép %d khóa vào %s.keys (hãy cất cùng bản sao)\n"), (int)keys, to);
    return 0;
}

/* The audit trail's hash chain (audit.h). Needs the chain's columns, so only runs on a
 * database with every migration applied. 0 when intact. */
static int check_audit_chain(db *d)
{
    arena *a = arena_new();
    audit_chain_report r;
    int rc = audit_chain_verify(d, a, &r);
    if (rc == 0)
        printf(_("nhật ký: %lld mục đã kiểm, chuỗi băm nguyên vẹn; băm cuối: %s\n"),
               (long long)r.verified, r.head[0] ? r.head : "-");
    else if (rc == 1)
        printf(_("nhật ký bị can thiệp: mục #%lld (%s, %s): %s; %lld mục trước đó nguyên vẹn\n"),
               (long long)r.broken_id, r.broken_at ? r.broken_at : "?",
               r.broken_action ? r.broken_action : "?", r.reason, (long long)r.verified);
    else
        printf(_("nhật ký: không đọc được để kiểm chuỗi băm: %s\n"), db_errmsg(d));
    arena_free(&a);
    return rc == 0 ? 0 : -1;
}

int cli_check(int argc, char **argv)
{
    static const char *const values[] = {"--data", "--db", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong check", check_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data");
    if (!data) {
        fputs(_(check_help), stderr);
        return 2;
    }
    /* Not app_open: that would apply pending migrations, and this command must report them
     * and change nothing. */
    app_set_db_url(cli_opt(argc, argv, "--db"));
    char *path = app_db_path(data);
    struct stat st;
    if (!app_db_is_url() && stat(path, &st) != 0) {
        fprintf(stderr, _("vanphong check: không có cơ sở dữ liệu tại %s\n"), path);
        free(path);
        return 1;
    }
    db *d = NULL;
    char *err = NULL;
    if (db_open(path, &d, &err) != 0) {
        fprintf(stderr, "vanphong check: %s\n", err ? err : _("không mở được"));
        free(err);
        free(path);
        return 1;
    }
    free(path);
    int sound = 1;
    if (db_check(d, &err) != 0) {
        fputs(err ? err : _("kiểm tra toàn vẹn không đạt\n"), stdout);
        free(err);
        sound = 0;
    }
    char *pending = NULL;
    if (db_migrations_pending(d, &pending) > 0) {
        fputs(pending, stdout);
        sound = 0;
    } else if (check_audit_chain(d) != 0) {
        sound = 0;
    } else {
        /* Fixity of the archive (archives.h): every file of an archived dossier against its
         * SHA-256, which is its name in the blob store. */
        char *blobs = NULL;
        if (asprintf(&blobs, "%s/blobs", data) < 0)
            abort();
        int checked = 0, bad = archives_fixity_check(d, blobs, &checked);
        free(blobs);
        if (bad != 0) {
            printf(_("lưu trữ: %d tệp hỏng hoặc thiếu trong %d tệp đã kiểm tra\n"),
                   bad < 0 ? 0 : bad, checked);
            sound = 0;
        }
    }
    free(pending);
    db_close(&d);
    if (sound)
        puts("ok"); /* the last line scripts and tests read: the same in every language */
    return sound ? 0 : 1;
}
