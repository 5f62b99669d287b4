/* `vanphong import` (app/cli_import.c): lines registered through the incoming service in shared
 * transactions — arrival numbers gap-free per unit and year of the historical arrival, an audit
 * row and a trace event per document, the attachment stored and its text searchable, a bad
 * line refused alone (its savepoint) while the rest of its batch stays, exit status 3 then,
 * and `vanphong check` sound afterwards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/cli.h"
#include "db/db.h"
#include "test_store.h"

static const db_query q_count_in = {"t.count_in", "SELECT count(*) FROM incoming", NULL};
static const db_query q_numbers = {
    "t.numbers",
    "SELECT year, count(*), min(arrival_number), max(arrival_number), count(DISTINCT"
    " arrival_number) FROM incoming WHERE code LIKE '900_-CV/TW' GROUP BY unit_id, year ORDER BY "
    "year",
    NULL};
static const db_query q_audit = {
    "t.audit", "SELECT count(*) FROM audit_log WHERE action = 'incoming.register'", NULL};
static const db_query q_events = {
    "t.events",
    "SELECT count(*) FROM incoming_events e JOIN incoming i ON i.id = e.incoming_id"
    " WHERE i.code LIKE '900_-CV/TW' AND e.kind = 'register'",
    NULL};
static const db_query q_files = {
    "t.files",
    "SELECT count(*) FROM attachments a JOIN incoming i ON i.id = a.doc_id"
    " WHERE a.doc_kind = 'in' AND i.code LIKE '900_-CV/TW'",
    NULL};
static const db_query q_arrival = {"t.arrival", "SELECT arrival_date FROM incoming WHERE code = ?1",
                                   NULL};
static const db_query q_indexed = {
    "t.indexed", "SELECT count(*) FROM search_files WHERE state = 'done' AND text LIKE ?1", NULL};

static int64_t scalar(const db_query *q, const char *arg)
{
    db_stmt *s = db_stmt_get(db_thread(), q);
    assert_non_null(s);
    if (arg)
        db_bind_text(s, 1, arg);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t v = db_col_int(s, 0);
    db_reset(s);
    return v;
}

/* 2 lines in 2024 (one with a text file), 1 bad line (unknown type), 2 in 2025. */
static const char corpus[] =
    "{\"clerk\":\"vanthu\",\"arrived_at\":1718000000,\"issuer_name\":\"Ban Bí thư\","
    "\"code\":\"9001-CV/TW\",\"doc_type\":\"cong_van\",\"issued_date\":\"2024-06-05\","
    "\"subject\":\"Về việc thí điểm nhập khẩu\",\"file\":{\"name\":\"a.txt\",\"type\":"
    "\"text/plain\",\"text\":\"Nội dung có từ khóa riêng biệt xyzzyquảng.\\nDòng hai.\"}}\n"
    "{\"clerk\":\"vanthu\",\"arrived_at\":1718100000,\"issuer_name\":\"Ban Bí thư\","
    "\"code\":\"9002-CV/TW\",\"doc_type\":\"cong_van\",\"issued_date\":\"2024-06-06\","
    "\"subject\":\"Về việc thứ hai\"}\n"
    "{\"clerk\":\"vanthu\",\"arrived_at\":1718200000,\"issuer_name\":\"Ban Bí thư\","
    "\"code\":\"9003-CV/TW\",\"doc_type\":\"khong_co\",\"issued_date\":\"2024-06-06\","
    "\"subject\":\"Loại sai\"}\n"
    "{\"clerk\":\"vanthu\",\"arrived_at\":1740000000,\"issuer_name\":\"Ban Bí thư\","
    "\"code\":\"9004-CV/TW\",\"doc_type\":\"cong_van\",\"issued_date\":\"2025-02-18\","
    "\"subject\":\"Năm sau, số một\"}\n"
    "{\"clerk\":\"vanthu\",\"arrived_at\":1740100000,\"issuer_name\":\"Ban Bí thư\","
    "\"code\":\"9005-CV/TW\",\"doc_type\":\"cong_van\",\"issued_date\":\"2025-02-19\","
    "\"subject\":\"Năm sau, số hai\"}\n";

static void import_registers_through_the_service(void **state)
{
    (void)state;
    char dir[] = "/tmp/vp-test-import-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char data[64], file[96];
    snprintf(data, sizeof data, "%s/data", dir);
    snprintf(file, sizeof file, "%s/corpus.jsonl", dir);
    test_store_env(); /* on PostgreSQL, init and import work in a fresh database of their own */
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs(corpus, f);
    assert_int_equal(fclose(f), 0);
    setenv("VANPHONG_DEMO_PASSWORD", "import-test-password", 1);
    char *init_argv[] = {"init", "--data", data, "--demo", NULL};
    assert_int_equal(cli_init(4, init_argv), 0);
    char *imp_argv[] = {"import", "--data", data, "--batch", "2", file, NULL};
    assert_int_equal(cli_import(6, imp_argv), 3); /* one line refused */
    assert_int_equal(scalar(&q_count_in, NULL) >= 4, 1);
    /* Numbers per unit and year of arrival, consecutive (the refused line took none; the demo
     * office may hold earlier ones of the same unit and year). */
    db_stmt *s = db_stmt_get(db_thread(), &q_numbers);
    assert_non_null(s);
    int years = 0;
    while (db_step(s) == DB_ROW) {
        int year = (int)db_col_int(s, 0);
        int64_t n = db_col_int(s, 1);
        assert_true(year == 2024 || year == 2025);
        assert_int_equal(n, 2);
        assert_int_equal(db_col_int(s, 3) - db_col_int(s, 2) + 1, 2);
        assert_int_equal(db_col_int(s, 4), 2);
        years++;
    }
    db_reset(s);
    assert_int_equal(years, 2);
    assert_int_equal(scalar(&q_events, NULL), 4);
    assert_true(scalar(&q_audit, NULL) >= 4);
    assert_int_equal(scalar(&q_files, NULL), 1);
    /* The historical clock: arrival date is the line's, in Vietnam time. */
    s = db_stmt_get(db_thread(), &q_arrival);
    assert_non_null(s);
    db_bind_text(s, 1, "9004-CV/TW");
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_equal(db_col_text(s, 0), "2025-02-20");
    db_reset(s);
    /* The attachment's text was extracted for the index. */
    assert_int_equal(scalar(&q_indexed, "%xyzzyquảng%"), 1);
    char *check_argv[] = {"check", "--data", data, NULL};
    assert_int_equal(cli_check(3, check_argv), 0);
    db_thread_close();
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(import_registers_through_the_service)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
