/* vanphong archive-export: writes the export package of one archived dossier (archives.h) —
 * a folder another system reads: metadata as XML and JSON, the files, their SHA-256 sums. */
#include <stdio.h>
#include <stdlib.h>

#include "app/app.h"
#include "app/cli.h"
#include "archives/archives.h"
#include "base/args.h"
#include "base/config.h"
#include "base/i18n.h"
#include "db/db.h"

static const char help[] =
    N_("cách dùng: vanphong archive-export --data DIR (--dossier ID | --batch ID) --to THƯ_MỤC\n"
       "  xuất gói hồ sơ lưu trữ: siêu dữ liệu XML và JSON, các tệp và tổng kiểm SHA-256\n");

int cli_archive_export(int argc, char **argv)
{
    static const char *const values[] = {"--data", "--dossier", "--batch", "--to", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong archive-export", help, values, flags, 0, 0};
    int st = cli_parse(argc, argv, &spec);
    if (st >= 0)
        return st;
    const char *data = cli_opt(argc, argv, "--data"), *id = cli_opt(argc, argv, "--dossier"),
               *to = cli_opt(argc, argv, "--to"), *batch = cli_opt(argc, argv, "--batch");
    /* Exactly one of --dossier and --batch. */
    if (!data || !to || (!id) == (!batch) || atoll(id ? id : batch) <= 0) {
        fputs(_(help), stderr);
        return 2;
    }
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        fprintf(stderr, "vanphong archive-export: %s\n", err ? err : "?");
        free(err);
        return 1;
    }
    const char *e = NULL;
    int rc = batch ? archives_export_batch(db_thread(), atoll(batch), config.blob_dir, to, &e)
                   : archives_export_package(db_thread(), atoll(id), config.blob_dir, to, &e);
    db_thread_close();
    if (rc != 0) {
        fprintf(stderr, "vanphong archive-export: %s\n", e ? e : "?");
        return 1;
    }
    printf("%s\n", to);
    return 0;
}
