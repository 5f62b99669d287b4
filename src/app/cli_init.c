/* `vanphong init --data DIR [--demo]` (app/cli.h): creates a data directory, its database at
 * the latest schema and, with --demo, the demo office (org) and its documents (docs). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "app/app.h"
#include "app/cli.h"
#include "db/db.h"
#include "docs/outgoing.h"
#include "org/org.h"

static const char init_help[] =
    "usage: vanphong init --data DIR [--demo]\n"
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
    "           overdue, some waiting in electronic queues or for a leader's signature.\n";

int cli_init(int argc, char **argv)
{
    if (cli_has(argc, argv, "--help") || cli_has(argc, argv, "-h")) {
        fputs(init_help, stdout);
        return 0;
    }
    const char *data = cli_opt(argc, argv, "--data");
    if (!data || !*data) {
        fputs(init_help, stderr);
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
    printf("vanphong: đã tạo dữ liệu trong %s (cơ sở dữ liệu %s)\n", app.data_dir, app.db_path);
    fflush(stdout);
    if (!cli_has(argc, argv, "--demo"))
        return 0;
    if (org_demo_seed(db_thread(), &err) != 0) {
        fprintf(stderr, "vanphong init: không tạo được văn phòng mẫu: %s\n", err ? err : "?");
        free(err);
        return 1;
    }
    if (docs_demo_seed(db_thread(), &err) != 0) {
        fprintf(stderr, "vanphong init: không tạo được văn bản mẫu: %s\n", err ? err : "?");
        free(err);
        return 1;
    }
    if (docs_demo_incoming_seed(db_thread(), &err) != 0) {
        fprintf(stderr, "vanphong init: không tạo được văn bản đến mẫu: %s\n", err ? err : "?");
        free(err);
        return 1;
    }
    printf("vanphong: đã thêm văn phòng mẫu (đơn vị, cán bộ, tài khoản, văn bản)\n");
    return 0;
}
