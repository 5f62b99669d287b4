/* `vanphong init --data DIR [--demo | --office NAME --code ABBR [--level L] [--admin LOGIN]]`
 * (app/cli.h): creates a data directory, its database at the latest schema and either the demo
 * office (org) with its documents (docs), or a real office's root unit and its first administrator
 * (auth). */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/config.h"
#include "base/args.h"
#include "base/i18n.h"
#include "app/app.h"
#include "app/cli.h"
#include "auth/auth.h"
#include "db/db.h"
#include "base/clock.h"
#include "followup/followup.h"
#include "petitions/petitions.h"
#include "schedule/schedule.h"
#include "outgoing/outgoing.h"
#include "org/org.h"

static const char init_help[] = N_(
    "cách dùng: vanphong init --data DIR [--demo]\n"
    "           vanphong init --data DIR --office \"Văn phòng Thành ủy Cần Thơ\" --code VPTU\n"
    "                         [--level CẤP] --admin LOGIN [--admin-name \"Họ Tên\"]\n"
    "\n"
    "Tạo thư mục dữ liệu DIR (quyền 0700) với cơ sở dữ liệu DIR/vanphong.db ở lược đồ mới nhất,\n"
    "kho tệp đính kèm DIR/blobs và thư mục tải lên DIR/tmp.\n"
    "Từ chối một thư mục đã có cơ sở dữ liệu: không gì được khởi tạo hai lần.\n"
    "\n"
    "  --demo   ghi thêm văn phòng mẫu (đơn vị, cán bộ, một tài khoản cho mỗi vai trò, văn bản)\n"
    "           và in các tài khoản cùng mật khẩu một lần (cũng lưu trong DIR/demo-logins.txt,\n"
    "           quyền 0600). VANPHONG_DEMO_PASSWORD cố định mật khẩu cho việc kiểm thử. Văn bản\n"
    "           trải qua cả hai giai đoạn (trước và sau 1/7/2025) và được ghi ngày tính từ hôm "
    "nay:\n"
    "           có văn bản xử lý đúng hạn hoặc trễ hạn, có văn bản đang xử lý, có văn bản quá\n"
    "           hạn, có văn bản đang chờ trong hàng đợi điện tử hoặc chờ lãnh đạo ký.\n"
    "\n"
    "Khi cài đặt thật, hãy bắt đầu bằng chính văn phòng của mình:\n"
    "  --office TÊN      đơn vị gốc (văn phòng cấp ủy ở đầu cây tổ chức)\n"
    "  --code VIẾT_TẮT   chữ viết tắt của đơn vị, dùng trong số văn bản (VPTU)\n"
    "  --level CẤP       cấp của đơn vị: TW, TINH, HUYEN, XA, CO_SO, CHI_BO hoặc BAN\n"
    "                    (mặc định BAN)\n"
    "  --admin LOGIN     quản trị viên đầu tiên, thuộc đơn vị gốc; một mật khẩu dùng một lần\n"
    "                    được sinh ra và in một lần, phải đổi ở lần đăng nhập đầu tiên\n"
    "  --admin-name TÊN  họ tên của quản trị viên (mặc định \"Quản trị hệ thống\")\n"
    "Đơn vị và quản trị viên được ghi trong một giao dịch, nhật ký ghi là \"(cli)\".\n"
    "Thêm người dùng: `vanphong user add`, hoặc trang quản trị /admin/users.\n");

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
            fprintf(stderr, _("vanphong init: không xoá được %s: %s\n"), path, strerror(errno));
    }
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", data, dirs[i]);
        if (nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT)
            fprintf(stderr, _("vanphong init: không xoá được %s: %s\n"), path, strerror(errno));
    }
    fprintf(stderr, _("vanphong init: đã xoá phần dữ liệu vừa tạo dở; hãy chạy lại lệnh.\n"));
}

/* The one-word usage error of this command: what is wrong, then the usage, exit status 2. */
/* With --db / VP_DB_URL the database is not a file in DIR: it "has data" when its schema is
 * already complete. */
static bool db_has_schema(void)
{
    char *path = app_db_path(NULL);
    db *d = NULL;
    bool has = false;
    if (db_open(path, &d, NULL) == 0)
        has = db_migrations_pending(d, NULL) == 0;
    db_close(&d);
    free(path);
    return has;
}

static int init_usage(const char *msg)
{
    fprintf(stderr, "vanphong init: %s\n\n%s", msg, _(init_help));
    return 2;
}

/* Output: the lines scripts or tests read are the demo logins table of `--demo` (printed by
 * org_demo_seed, demo/demo_org.c: a login, its password, its role code and its unit per row,
 * the same in every language) and the administrator's one-time password of `--office --admin`,
 * the last word of its line (tests read "mật khẩu dùng một lần: PW" in the default language).
 * Everything else is for the operator and follows VANPHONG_LANG. */
int cli_init(int argc, char **argv)
{
    /* No subcommand: one spec with every option; which go together is checked below. */
    static const char *const values[] = {"--data",  "--office",     "--code", "--level",
                                         "--admin", "--admin-name", "--db",   NULL};
    static const char *const flags[] = {"--demo", NULL};
    static const cli_spec spec = {"vanphong init", init_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data");
    if (!data || !*data)
        return init_usage(_("thiếu --data DIR"));
    app_set_db_url(cli_opt(argc, argv, "--db"));
    const char *office = cli_opt(argc, argv, "--office"), *code = cli_opt(argc, argv, "--code");
    const char *admin = cli_opt(argc, argv, "--admin");
    bool demo = cli_has(argc, argv, "--demo");
    /* Checked before anything is created: a refused command leaves no half-made directory. */
    if (admin && !office) {
        fprintf(stderr,
                _("vanphong init: --admin cần --office và --code: cây tổ chức đang trống, "
                  "quản trị viên đầu tiên phải thuộc đơn vị gốc (văn phòng cấp ủy)\n"
                  "  ví dụ: vanphong init --data %s --office \"Văn phòng Thành ủy Cần "
                  "Thơ\" --code VPTU --admin quantri\n"),
                data);
        return 2;
    }
    if (office && (!code || !*code))
        return init_usage(_("--office cần --code (chữ viết tắt của đơn vị, ví dụ VPTU)"));
    if (office && demo)
        return init_usage(_("--demo đã có văn phòng mẫu; không dùng cùng --office"));
    if (!office && (code || cli_opt(argc, argv, "--level") || cli_opt(argc, argv, "--admin-name")))
        return init_usage(_("--code, --level và --admin-name chỉ dùng cùng --office"));
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/vanphong.db", data);
    if (app_db_is_url() ? db_has_schema() : stat(path, &st) == 0) {
        fprintf(stderr, _("vanphong: %s đã có dữ liệu; không khởi tạo lại\n"), data);
        return 1;
    }
    char *err = NULL;
    if (app_open(data, 0, &err) != 0) {
        fprintf(stderr, "vanphong init: %s\n", err ? err : _("không mở được thư mục dữ liệu"));
        free(err);
        return 1;
    }
    printf(_("vanphong: đã tạo dữ liệu trong %s (cơ sở dữ liệu %s)\n"), config.data_dir,
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
            fprintf(stderr, _("vanphong init: không tạo được văn phòng: %s\n"), err ? err : "?");
            free(err);
            init_undo(data);
            return 1;
        }
        printf(_("vanphong: đã tạo đơn vị gốc %s (%s, id %lld)\n"), office, code,
               (long long)unit_id);
        if (admin) /* the password is the last word of the line: scripts and tests read it */
            printf(_("vanphong: quản trị viên %s, mật khẩu dùng một lần: %s\n"
                     "          (chỉ hiện lần này; phải đổi mật khẩu ở lần đăng nhập đầu tiên)\n"),
                   admin, pw);
        return 0;
    }
    if (!demo)
        return 0;
    if (org_demo_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được văn phòng mẫu: %s\n"), err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (docs_demo_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được văn bản mẫu: %s\n"), err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (docs_demo_incoming_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được văn bản đến mẫu: %s\n"), err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_docgen_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được dự thảo theo thể thức mẫu: %s\n"),
                err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_peers_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được cấu hình liên thông mẫu: %s\n"),
                err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_signing_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được chữ ký số mẫu: %s\n"), err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_edxml_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được gói edXML mẫu: %s\n"), err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_programmes_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được chương trình công tác mẫu: %s\n"),
                err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_conferences_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được hội nghị mẫu: %s\n"), err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_schedule_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được lịch công tác mẫu: %s\n"),
                err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_followup_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được nhiệm vụ theo dõi mẫu: %s\n"),
                err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_reporting_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được báo cáo định kỳ mẫu: %s\n"),
                err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_petitions_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được đơn thư mẫu: %s\n"), err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_facilities_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được tài sản, phòng họp, xe mẫu: %s\n"),
                err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_budget_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được ngân sách mẫu: %s\n"), err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_partyfees_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được đảng viên và đảng phí mẫu: %s\n"),
                err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_memstatus_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được đảng viên và đảng phí mẫu: %s\n"),
                err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_awards_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được dữ liệu khen thưởng mẫu: %s\n"),
                err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    if (demo_archives_seed(db_thread(), &err) != 0) {
        fprintf(stderr, _("vanphong init: không tạo được hồ sơ lưu trữ mẫu: %s\n"),
                err ? err : "?");
        free(err);
        init_undo(data);
        return 1;
    }
    /* The office as of today has had its reminders: the sweeps the workers run in their idle
     * time (follow-up deadlines, letters, the unpublished calendar) run once here, so a fresh
     * server does not greet its first users with a burst of old news. */
    char today[16];
    clock_vn_today(today, sizeof today);
    followup_remind_sweep(db_thread(), NULL);
    pet_remind(db_thread(), today);
    sched_publication_remind(db_thread(), today);
    printf(_("vanphong: đã thêm văn phòng mẫu (đơn vị, cán bộ, tài khoản, văn bản)\n"));
    return 0;
}
