/* `vanphong init --data DIR [--demo | --office NAME --code ABBR [--admin LOGIN]]` (app/cli.h):
 * creates a data directory, its database at the latest schema and either the demo office (org)
 * with its documents (docs), or a real office's root unit and its first administrator (auth). */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/config.h"
#include "base/args.h"
#include "app/app.h"
#include "app/cli.h"
#include "auth/auth.h"
#include "db/db.h"
#include "outgoing/outgoing.h"
#include "org/org.h"

static const char init_help[] =
    "usage: vanphong init --data DIR [--demo]\n"
    "       vanphong init --data DIR --office \"Văn phòng Thành ủy Cần Thơ\" --code VPTU\n"
    "                     [--level LEVEL] --admin LOGIN [--admin-name \"Họ Tên\"]\n"
    "\n"
    "Creates the data directory DIR (mode 0700) with its database DIR/vanphong.db at the\n"
    "latest schema, the attachment store DIR/blobs and the upload folder DIR/tmp.\n"
    "Refuses a directory that already holds a database: nothing is ever initialised twice.\n"
    "\n"
    "  --demo   also writes the demo office (units, staff, one login per role, documents) and\n"
    "           prints the logins with their passwords once (also kept in\n"
    "           DIR/demo-logins.txt, mode 0600). VANPHONG_DEMO_PASSWORD fixes the passwords\n"
    "           for tests. The documents span both periods (before and after 1/7/2025) and\n"
    "           are dated from today: some handled on time or late, some in progress, some\n"
    "           overdue, some waiting in electronic queues or for a leader's signature.\n"
    "\n"
    "A real install starts with its own office instead:\n"
    "  --office NAME   the root unit (the committee office at the top of the tree)\n"
    "  --code ABBR     its abbreviation, used in document numbers (VPTU)\n"
    "  --level LEVEL   its level: TW, TINH, HUYEN, XA, CO_SO, CHI_BO or BAN (default BAN)\n"
    "  --admin LOGIN   the first administrator, in the root unit; a one-time password is\n"
    "                  generated and printed once, and must be changed at the first login\n"
    "  --admin-name N  the administrator's full name (default \"Quản trị hệ thống\")\n"
    "The unit and the administrator are written in one transaction, audited as \"(cli)\".\n"
    "Further users: `vanphong user add`, or the administrator's page /admin/users.\n";

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* A demo that failed half-way must not be served as an office at the next `make run` (which
 * keeps an existing database): what this command created goes, so running it again starts
 * clean. Only the files init makes; the directory itself may have been the user's. */
static void init_undo(const char *data)
{
    static const char *const files[] = {"vanphong.db", "vanphong.db-wal", "vanphong.db-shm",
                                        "demo-logins.txt"};
    static const char *const dirs[] = {"blobs", "tmp"};
    char path[4096];
    db_thread_close();
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", data, files[i]);
        if (unlink(path) != 0 && errno != ENOENT)
            fprintf(stderr, "vanphong init: không xoá được %s: %s\n", path, strerror(errno));
    }
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", data, dirs[i]);
        if (nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT)
            fprintf(stderr, "vanphong init: không xoá được %s: %s\n", path, strerror(errno));
    }
    fprintf(stderr, "vanphong init: đã xoá phần dữ liệu vừa tạo dở; hãy chạy lại lệnh.\n");
}

int cli_init(int argc, char **argv)
{
    static const char *const values[] = {"--data", NULL};
    static const char *const flags[] = {"--demo", NULL};
    static const cli_spec spec = {"vanphong init", init_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data");
    if (!data || !*data) {
        fputs(init_help, stderr);
        return 2;
    }
    const char *office = cli_opt(argc, argv, "--office"), *code = cli_opt(argc, argv, "--code");
    const char *admin = cli_opt(argc, argv, "--admin");
    bool demo = cli_has(argc, argv, "--demo");
    /* Checked before anything is created: a refused command leaves no half-made directory. */
    if (admin && !office) {
        fprintf(stderr,
                "vanphong init: --admin cần --office và --code: cây tổ chức đang trống, "
                "quản trị viên đầu tiên phải thuộc đơn vị gốc (văn phòng cấp ủy)\n"
                "  ví dụ: vanphong init --data %s --office \"Văn phòng Thành ủy Cần "
                "Thơ\" --code VPTU --admin quantri\n",
                data);
        return 2;
    }
    if (office && (!code || !*code)) {
        fprintf(stderr, "vanphong init: --office cần --code (chữ viết tắt của đơn vị, ví dụ "
                        "VPTU)\n");
        return 2;
    }
    if (office && demo) {
        fprintf(stderr, "vanphong init: --demo đã có văn phòng mẫu; không dùng cùng --office\n");
        return 2;
    }
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/vanphong.db", data);
    if (stat(path, &st) == 0) {
        fprintf(stderr, "vanphong: %s đã có dữ liệu; không khởi tạo lại\n", data);
        return 1;
    }
    char *err = NULL;
    if (app_open(data, 0, &err) != 0) {
        fprintf(stderr, "vanphong init: %s\n", err ? err : "không mở được thư mục dữ liệu");
        free(err);
        return 1;
    }
    printf("vanphong: đã tạo dữ liệu trong %s (cơ sở dữ liệu %s)\n", config.data_dir,
           config.db_path);
    fflush(stdout);
    if (office) {
        first_admin in = {.office = office,
                          .code = code,
                          .level = cli_opt(argc, argv, "--level"),
                          .admin_login = admin,
                          .admin_name = cli_opt(argc, argv, "--admin-name")};
        int64_t unit_id, user_id;
        char pw[AUTH_GENERATED_PASSWORD_CHARS + 1];
        if (auth_first_admin(db_thread(), &in, &unit_id, &user_id, pw, &err) != 0) {
            fprintf(stderr, "vanphong init: không tạo được văn phòng: %s\n", err ? err : "?");
            free(err);
            init_undo(data);
            return 1;
        }
        printf("vanphong: đã tạo đơn vị gốc %s (%s, id %lld)\n", office, code, (long long)unit_id);
        if (admin)
            printf("vanphong: quản trị viên %s, mật khẩu dùng một lần: %s\n"
                   "          (chỉ hiện lần này; phải đổi mật khẩu ở lần đăng nhập đầu tiên)\n",
                   admin, pw);
        return 0;
    }
    if (!demo)
        return 0;
    if (org_demo_seed(db_thread(), &err) != 0) {
        fprintf(stderr, "vanphong init: không tạo được văn phòng mẫu: %s\n", err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (docs_demo_seed(db_thread(), &err) != 0) {
        fprintf(stderr, "vanphong init: không tạo được văn bản mẫu: %s\n", err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (docs_demo_incoming_seed(db_thread(), &err) != 0) {
        fprintf(stderr, "vanphong init: không tạo được văn bản đến mẫu: %s\n", err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    printf("vanphong: đã thêm văn phòng mẫu (đơn vị, cán bộ, tài khoản, văn bản)\n");
    return 0;
}
