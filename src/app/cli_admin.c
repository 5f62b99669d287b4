/* Operator maintenance commands: `vanphong backup` (an online, consistent copy, verified) and
 * `vanphong check` (integrity, foreign keys, migrations at the latest version). app/cli.h. */
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
#include "audit/audit.h"
#include "base/arena.h"
#include "base/i18n.h"
#include "db/db.h"

static const char backup_help[] =
    N_("cách dùng: vanphong backup --data DIR --to FILE\n"
       "\n"
       "Sao chép cơ sở dữ liệu của DIR sang FILE trong khi máy chủ vẫn chạy (sao lưu trực tuyến\n"
       "của SQLite: một ảnh chụp nhất quán), ghi qua một tệp tạm được fsync rồi đổi tên, sau đó\n"
       "kiểm tra tính toàn vẹn của bản sao. Tệp đính kèm (DIR/blobs) là các tệp thường: hãy chép\n"
       "chúng bằng rsync hoặc tar sau cơ sở dữ liệu. Các khóa của DIR/keys (khóa mã hóa đơn thư,\n"
       "khóa của hệ thống khi trao đổi với hệ thống khác) được chép vào thư mục FILE.keys (0700,\n"
       "mỗi tệp 0600): thiếu chúng thì bản sao không giải mã được.\n"
       "Mã thoát 0 khi bản sao đã được ghi và nguyên vẹn.\n");

static const char check_help[] = N_(
    "cách dùng: vanphong check --data DIR\n"
    "\n"
    "Kiểm tra cơ sở dữ liệu của DIR: kiểm tra toàn vẹn của SQLite, mọi khóa ngoại, mọi bước\n"
    "nâng cấp (migration) mà chương trình này mang theo đã được áp dụng, và chuỗi băm của nhật\n"
    "ký hệ thống (băm của từng mục được tính lại và nối với mục trước; mục hỏng đầu tiên được\n"
    "nêu theo id, thời điểm và thao tác). Không thay đổi gì. In số mục nhật ký đã kiểm và băm\n"
    "cuối (hãy cất nó ở nơi khác để sau này phát hiện việc bị cắt bớt), rồi \"ok\" và thoát với\n"
    "mã 0 khi nguyên vẹn; nếu không, in các lỗi và thoát với mã 1.\n");

/* Copies one key file, fsynced, 0600. 0 or -1 (errno kept). */
static int copy_key(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) {
        close(in);
        return -1;
    }
    char buf[8192];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n) {
            rc = -1;
            break;
        }
    if (n < 0 || fsync(out) != 0)
        rc = -1;
    close(in);
    if (close(out) != 0)
        rc = -1;
    return rc;
}

/* The keys under <data>/keys (the petitions' encryption key, the installation's exchange key)
 * are not in the database, yet a copy of the database is useless without them: an encrypted
 * petition cannot be read back. They go to <to>.keys/, private. Returns the number of files
 * copied (0 when the office has none yet) or -1. */
static int backup_keys(const char *data, const char *to)
{
    char src[4096], dst[4096];
    snprintf(src, sizeof src, "%s/keys", data);
    DIR *dir = opendir(src);
    if (!dir)
        return errno == ENOENT ? 0 : -1;
    snprintf(dst, sizeof dst, "%s.keys", to);
    if (mkdir(dst, 0700) != 0 && errno != EEXIST) {
        closedir(dir);
        return -1;
    }
    int copied = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char f[8192], t[8192];
        struct stat st;
        snprintf(f, sizeof f, "%s/%s", src, e->d_name);
        snprintf(t, sizeof t, "%s/%s", dst, e->d_name);
        if (stat(f, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (copy_key(f, t) != 0) {
            copied = -1;
            break;
        }
        copied++;
    }
    closedir(dir);
    return copied;
}

int cli_backup(int argc, char **argv)
{
    static const char *const values[] = {"--data", "--to", NULL};
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
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        fprintf(stderr, "vanphong backup: %s\n", err ? err : _("không mở được thư mục dữ liệu"));
        free(err);
        return 1;
    }
    if (db_backup(db_thread(), to, &err) != 0) {
        fprintf(stderr, "vanphong backup: %s\n", err ? err : _("thất bại"));
        free(err);
        return 1;
    }
    db *copy = NULL;
    if (db_open(to, &copy, &err) != 0) {
        fprintf(stderr, _("vanphong backup: không mở được bản sao: %s\n"), err ? err : "?");
        free(err);
        return 1;
    }
    int rc = db_check(copy, &err);
    db_close(&copy);
    if (rc != 0) {
        fprintf(stderr, _("vanphong backup: bản sao %s không nguyên vẹn:\n%s"), to, err ? err : "");
        free(err);
        return 1;
    }
    struct stat st;
    long long size = stat(to, &st) == 0 ? (long long)st.st_size : -1;
    printf(_("đã sao lưu %s: %lld byte, kiểm tra toàn vẹn đạt\n"), to, size);
    int keys = backup_keys(data, to);
    if (keys < 0) {
        fprintf(stderr, _("vanphong backup: không chép được các khóa vào %s.keys\n"), to);
        return 1;
    }
    if (keys > 0)
        printf(_("đã chép %d khóa vào %s.keys (hãy cất cùng bản sao)\n"), keys, to);
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
    static const char *const values[] = {"--data", NULL};
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
    char *path = NULL;
    if (asprintf(&path, "%s/vanphong.db", data) < 0)
        abort();
    struct stat st;
    if (stat(path, &st) != 0) {
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
