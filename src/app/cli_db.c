/* The database commands: `vanphong migrate` (apply the embedded migrations to the data
 * directory's SQLite file or to the PostgreSQL database of --db / VP_DB_URL) and
 * `vanphong sql-pg-report` (which statements still need a hand-written PostgreSQL text). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/cli.h"
#include "base/args.h"
#include "base/i18n.h"
#include "db/db.h"
#include "db/pg.h"
#include "db/pg_sql.h"

static const char migrate_help[] = N_(
    "cách dùng: vanphong migrate --data DIR [--db URL]\n"
    "\n"
    "Áp dụng các bước nâng cấp (migration) còn thiếu cho cơ sở dữ liệu rồi in \"ok\".\n"
    "Cơ sở dữ liệu là tệp SQLite DIR/vanphong.db, hoặc cơ sở dữ liệu PostgreSQL của --db URL\n"
    "(hay biến môi trường VP_DB_URL): postgresql://người_dùng@máy/tên_csdl hoặc\n"
    "\"host=… dbname=…\". Mật khẩu không bao giờ nằm trong URL: libpq đọc nó từ PGPASSFILE hoặc\n"
    "~/.pgpass. Các lệnh serve, http, init và check cũng nhận --db. Thư mục DIR vẫn giữ tệp\n"
    "đính kèm, khóa và CSDL NSS.\n");

int cli_migrate(int argc, char **argv)
{
    static const char *const values[] = {"--data", "--db", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong migrate", migrate_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data");
    if (!data) {
        fputs(_(migrate_help), stderr);
        return 2;
    }
    app_set_db_url(cli_opt(argc, argv, "--db"));
    char *err = NULL;
    if (app_open(data, 0, &err) != 0) {
        fprintf(stderr, "vanphong migrate: %s\n", err ? err : _("không mở được thư mục dữ liệu"));
        free(err);
        return 1;
    }
    puts("ok");
    return 0;
}

static const char report_help[] = N_(
    "cách dùng: vanphong sql-pg-report --statements FILE [--db URL]\n"
    "\n"
    "Dịch sang PostgreSQL mọi câu lệnh SQL chưa có bản PostgreSQL viết tay (FILE: mỗi dòng một\n"
    "JSON {\"file\",\"name\",\"sqlite\",\"pg\"}, do scripts/pg-statements.sh tạo) và, với --db,\n"
    "chuẩn bị (PREPARE) từng câu trên cơ sở dữ liệu đó. In mỗi câu còn cần viết tay một dòng\n"
    "(tên, tệp, lý do), rồi một dòng JSON tổng kết.\n");

struct tally {
    int total, hand, translated, warned, prepared, failed, syntax, missing, other;
};

/* One statement: translated (or hand-written), then prepared when a database is given. */
static void report_one(db *d, json_t *o, struct tally *t)
{
    const char *file = json_string_value(json_object_get(o, "file"));
    const char *name = json_string_value(json_object_get(o, "name"));
    const char *sq = json_string_value(json_object_get(o, "sqlite"));
    const char *pg = json_string_value(json_object_get(o, "pg"));
    if (!sq)
        return;
    t->total++;
    char *warn = NULL, *text = NULL;
    if (pg && strncmp(pg, DB_PG_SQLITE, sizeof DB_PG_SQLITE - 1) == 0) {
        t->hand++; /* a pg shape in SQLite's dialect (db.h): translated like the others */
        text = pg_sql_translate(pg + sizeof DB_PG_SQLITE - 1, NULL, &warn);
    } else if (pg) {
        t->hand++;
        text = strdup(pg);
    } else {
        t->translated++;
        text = pg_sql_translate(sq, NULL, &warn);
    }
    if (warn)
        t->warned++;
    char why[400] = "";
    if (d) {
        char state[6];
        if (db_pg_try_prepare(d, text, state) == 0) {
            t->prepared++;
        } else {
            t->failed++;
            if (strcmp(state, "42601") == 0)
                t->syntax++;
            else if (strcmp(state, "42P01") == 0 || strcmp(state, "42703") == 0)
                t->missing++;
            else
                t->other++;
            snprintf(why, sizeof why, "prepare %s: %s", state, db_errmsg(d));
            for (char *p = why; *p; p++)
                if (*p == '\n' || *p == '\t')
                    *p = ' ';
        }
    }
    if (warn || why[0])
        printf("needs-pg\t%s\t%s\t%s%s%s%s\n", name ? name : "?", file ? file : "?",
               warn ? "untranslated: " : "", warn ? warn : "", warn && why[0] ? "; " : "", why);
    free(warn);
    free(text);
}

int cli_sql_pg_report(int argc, char **argv)
{
    static const char *const values[] = {"--statements", "--db", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong sql-pg-report", report_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *path = cli_opt(argc, argv, "--statements"), *url = cli_opt(argc, argv, "--db");
    if (!path) {
        fputs(_(report_help), stderr);
        return 2;
    }
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        perror(path);
        return 1;
    }
    db *d = NULL;
    char *err = NULL;
    if (url && (db_open(url, &d, &err) != 0 || !db_is_pg(d))) {
        fprintf(stderr, "vanphong sql-pg-report: %s\n", err ? err : url);
        free(err);
        db_close(&d);
        if (f != stdin)
            fclose(f);
        return 1;
    }
    struct tally t = {0};
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_error_t je;
        json_t *o = json_loads(line, 0, &je);
        if (o)
            report_one(d, o, &t);
        json_decref(o);
    }
    free(line);
    if (f != stdin)
        fclose(f);
    db_close(&d);
    printf("{\"statements\":%d,\"hand_written\":%d,\"translated\":%d,\"untranslatable\":%d,"
           "\"prepared\":%d,\"prepare_failed\":%d,\"syntax_errors\":%d,\"missing_objects\":%d,"
           "\"other_errors\":%d,\"checked_against_db\":%s}\n",
           t.total, t.hand, t.translated, t.warned, t.prepared, t.failed, t.syntax, t.missing,
           t.other, url ? "true" : "false");
    return 0;
}
