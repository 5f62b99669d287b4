/* vanphong — the electronic office of a Party committee office network.
 * One binary: web server, UI, JSON API, CLI. This file only dispatches the command word. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "base/i18n.h"

/* The release, and the commit it was built from when built from a git checkout (Makefile). */
#ifndef VP_VERSION
#define VP_VERSION "0.3"
#endif
#include "search/search.h"

/* synopsis: the command's form (command and option names, placeholders: never translated);
 * summary: what it does, in the user's language. */
static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *synopsis, *summary;
} commands[] = {
    {"init", cli_init, "init --data DIR [--demo | --office N --code C --admin L]",
     N_("tạo thư mục dữ liệu (văn phòng mẫu, hoặc đơn vị gốc và quản trị đầu tiên)")},
    {"serve", cli_serve, "serve --data DIR [--listen A:P]", N_("chạy máy chủ web")},
    {"user", cli_user, "user add|list|disable|enable|passwd|require-change --data DIR ...",
     N_("quản lý tài khoản")},
    {"token", cli_token, "token create|list|revoke --data DIR ...", N_("quản lý mã truy cập API")},
    {"backup", cli_backup, "backup --data DIR --to DIR/|FILE",
     N_("sao lưu nhất quán khi máy chủ vẫn chạy")},
    {"restore", cli_restore, "restore --from BACKUP --data DIR",
     N_("khôi phục bản sao vào một thư mục dữ liệu trống")},
    {"check", cli_check, "check --data DIR", N_("kiểm tra tính toàn vẹn")},
    {"copy-to-pg", cli_copy_to_pg, "copy-to-pg --data DIR --to URL",
     N_("chép văn phòng SQLite sang PostgreSQL, đối chiếu số dòng và mã băm")},
    {"migrate", cli_migrate, "migrate --data DIR [--db URL]",
     N_("áp dụng các bước nâng cấp cơ sở dữ liệu (SQLite hoặc PostgreSQL)")},
    {"sql-pg-report", cli_sql_pg_report, "sql-pg-report --statements FILE [--db URL]",
     N_("liệt kê các câu SQL còn cần bản PostgreSQL viết tay")},
    {"reindex", cli_reindex, "reindex --data DIR", N_("lập lại chỉ mục tìm kiếm")},
    {"import", cli_import, "import --data DIR FILE.jsonl", N_("nhập hàng loạt văn bản đến")},
    {"bench-search", cli_bench_search, "bench-search --data DIR --queries F",
     N_("đo độ trễ của tìm kiếm và danh sách")},
    {"bench-edxml", cli_bench_edxml, "bench-edxml [--runs N]",
     N_("đo thời gian tạo và đọc gói edXML")},
    {"bench-workdays", cli_bench_workdays, "bench-workdays [--runs N]",
     N_("đo lịch ngày làm việc và tham số nghiệp vụ")},
    {"bench-docgen", cli_bench_docgen, "bench-docgen [--runs N] [--out FILE]",
     N_("đo thời gian dựng văn bản hai trang theo thể thức (PDF/A, DOCX)")},
    {"bench-programmes", cli_bench_programmes, "bench-programmes [--programmes N] [--runs R]",
     N_("đo độ trễ của các màn hình chương trình công tác")},
    {"bench-conferences", cli_bench_conferences, "bench-conferences [--runs N]",
     N_("đo thời gian tổng hợp điểm danh hội nghị 500 đơn vị")},
    {"bench-schedule", cli_bench_schedule, "bench-schedule [--years Y] [--busy N]",
     N_("đo thời gian trang lịch công tác tuần")},
    {"bench-facilities", cli_bench_facilities, "bench-facilities [--rooms R] [--years Y]",
     N_("đo kiểm tra trùng phòng họp và lịch đặt phòng trong tuần")},
    {"bench-signing", cli_bench_signing, "bench-signing [--runs N]",
     N_("đo thời gian ký số và kiểm tra chữ ký một tệp PDF")},
    {"bench-followup", cli_bench_followup, "bench-followup [--runs N]", N_("đo thời gian báo cáo theo dõi nhiệm vụ")},
    {"bench-reporting", cli_bench_reporting, "bench-reporting [--units N] [--periods N]",
     N_("đo tổng hợp báo cáo và bảng tình hình nộp")},
    {"bench-petitions", cli_bench_petitions, "bench-petitions [--letters N] [--runs R]",
     N_("đo độ trễ của đơn thư (danh sách, báo cáo, sổ tiếp dân)")},
    {"bench-budget", cli_bench_budget, "bench-budget [--runs N]", N_("đo thời gian báo cáo tài chính năm")},
    {"bench-awards", cli_bench_awards, "bench-awards [--runs N]",
     N_("đo thời gian lập danh sách Huy hiệu Đảng 200.000 đảng viên")},
    {"archive-export", cli_archive_export, "archive-export --data DIR (--dossier ID | --batch ID) --to DIR", N_("xuất gói hồ sơ lưu trữ (siêu dữ liệu, tệp, SHA-256)")},
    {"bench-archives", cli_bench_archives, "bench-archives [--runs N]", N_("đo độ trễ danh sách giao nộp và phòng đọc lưu trữ")},
    {"bench-partyfees", cli_bench_partyfees, "bench-partyfees [--units N] [--members M] [--runs R]",
     N_("đo thời gian báo cáo đảng phí tổng hợp theo cấp")},
    {"bench-memstatus", cli_bench_memstatus, "bench-memstatus [--rows N] [--runs R]", N_("đo thời gian đọc và nhập danh sách đảng viên từ Excel")},
    {"peer-key", cli_peer_key, "peer-key --data DIR", N_("in mã định danh và khóa công khai liên thông")},
    {"bench-peers", cli_bench_peers, "bench-peers [--runs N]", N_("đo thời gian ký, gửi và kiểm tra thư liên thông")},
    {"routes", cli_routes, "routes", N_("liệt kê bảng định tuyến")},
    {"http", cli_http, "http --data DIR", N_("trả lời một yêu cầu HTTP đọc từ stdin")},
};

static void usage(FILE *f)
{
    fputs(_("cách dùng: vanphong COMMAND [tùy chọn]   (vanphong COMMAND --help, vanphong "
            "--version)\n\ncác lệnh:\n"),
          f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-36s %s\n", commands[i].synopsis, _(commands[i].summary));
}

int main(int argc, char **argv)
{
    /* Before any output: help, usage and errors speak the chosen language from the first
     * line (`serve --lang en` chooses again for the server). */
    i18n_init(getenv("VANPHONG_LANG"), NULL);
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("vanphong %s\n", VP_VERSION);
        return 0;
    }
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, _("vanphong: không có lệnh '%s'\n"), argv[1]);
    usage(stderr);
    return 2;
}
