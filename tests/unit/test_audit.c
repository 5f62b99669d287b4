/* Tests for the audit trail: a change and its audit row commit or vanish together; the
 * browsing filters (actor, action prefix, entity, Vietnam dates) and paging; admins only; the
 * hash chain (an edited or deleted entry is named by audit_chain_verify; entries from before
 * the chain are sealed to the same hashes); redaction through the entity registry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "db/db.h"
#include "test_store.h"

/* 2026-03-01 00:30 UTC = 07:30 in Vietnam, the same calendar day there. */
#define T0 1772325000

static const db_query q_insert = {"t.insert", "INSERT INTO thing(name) VALUES (?1)", NULL};
static const db_query q_count_things = {"t.count_things", "SELECT count(*) FROM thing", NULL};
static const db_query q_count_audit = {"t.count_audit", "SELECT count(*) FROM audit_log", NULL};
/* Tampering behind the program's back, the way someone with the database file would. */
static const db_query q_tamper = {"t.tamper", "UPDATE audit_log SET after_json = ?2 WHERE id = ?1",
                                  NULL};
static const db_query q_drop = {"t.drop", "DELETE FROM audit_log WHERE id = ?1", NULL};
static const db_query q_unhash = {"t.unhash", "UPDATE audit_log SET prev_hash = NULL, hash = NULL",
                                  NULL};
static const db_query q_prev_of = {"t.prev_of", "SELECT prev_hash FROM audit_log WHERE id = ?1",
                                   NULL};

struct fixture {
    char dir[64], target[256];
    db *d;
    arena *a;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/vp-test-audit-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    char *err = NULL;
    if (test_store_open(f->dir, f->target, sizeof f->target, &f->d, &err) != 0)
        fail_msg("store: %s", err);
    assert_int_equal(db_exec_script(f->d,
                                    test_store_pg()
                                        ? "CREATE TABLE IF NOT EXISTS thing(id bigint GENERATED "
                                          "BY DEFAULT AS "
                                          "IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE);"
                                        : "CREATE TABLE thing(id INTEGER PRIMARY KEY, name TEXT "
                                          "NOT NULL UNIQUE) STRICT;",
                                    &err),
                     0);
    f->a = arena_new();
    clock_set_fake(T0);
    audit_set_ip(NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    clock_set_fake(0);
    arena_free(&f->a);
    test_store_close(&f->d, f->target);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static int64_t count(db *d, const db_query *q)
{
    db_stmt *s = db_stmt_get(d, q);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t n = db_col_int(s, 0);
    db_reset(s);
    return n;
}

/* The pattern every service follows: begin → change → audit → commit (or roll back). */
static int change(db *d, const char *name, bool commit)
{
    int rc = db_begin_write(d);
    if (rc != 0)
        return rc;
    db_stmt *s = db_stmt_get(d, &q_insert);
    db_bind_text(s, 1, name);
    if ((rc = db_exec(s)) != DB_DONE) {
        db_rollback(d);
        return rc;
    }
    int64_t id = db_last_id(d);
    char after[64];
    snprintf(after, sizeof after, "{\"name\":\"%s\"}", name);
    if ((rc = audit_log(d, NULL, "thing.create", "thing", id, NULL, after)) != 0) {
        db_rollback(d);
        return rc;
    }
    if (!commit) {
        db_rollback(d);
        return 0;
    }
    return db_commit(d);
}

static void test_change_and_audit_commit_together(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(change(f->d, "một", true), 0);
    assert_int_equal(count(f->d, &q_count_things), 1);
    assert_int_equal(count(f->d, &q_count_audit), 1);
    assert_int_equal(change(f->d, "hai", false), 0); /* rolled back: neither stays */
    assert_int_equal(count(f->d, &q_count_things), 1);
    assert_int_equal(count(f->d, &q_count_audit), 1);
    /* A failing change (duplicate) leaves no audit row either. */
    assert_int_equal(change(f->d, "một", true), DB_CONSTRAINT);
    assert_int_equal(count(f->d, &q_count_audit), 1);
}

static void test_audit_failure_rolls_back_change(void **state)
{
    struct fixture *f = *state;
    char *err = NULL;
    /* Make audit inserts fail, as a full disk would, and check the change goes too. */
    assert_int_equal(test_store_refuse_inserts(f->d, "no_audit", "audit_log",
                                               "CREATE TRIGGER no_audit BEFORE INSERT ON audit_log "
                                               "BEGIN SELECT RAISE(ABORT, 'audit refused'); END;",
                                               &err),
                     0);
    assert_int_not_equal(change(f->d, "ba", true), 0);
    assert_int_equal(count(f->d, &q_count_things), 0);
}

static void test_list_filters_and_paging(void **state)
{
    struct fixture *f = *state;
    user admin = {.id = 0, .login = "admin", .role = ROLE_ADMIN};
    user clerk = {.id = 0, .login = "vanthu", .role = ROLE_CLERK};
    audit_set_ip("10.1.2.3");
    for (int i = 0; i < 7; i++) {
        assert_int_equal(db_begin_write(f->d), 0);
        assert_int_equal(audit_log(f->d, i % 2 ? &admin : &clerk,
                                   i % 3 ? "user.create" : "unit.edit", i % 3 ? "user" : "unit",
                                   i + 1, "{\"a\":1}", "{\"a\":2}"),
                         0);
        assert_int_equal(db_commit(f->d), 0);
    }
    clock_set_fake(T0 + 86400); /* the next Vietnam day */
    assert_int_equal(db_begin_write(f->d), 0);
    assert_int_equal(audit_log(f->d, &admin, "doc.open_secret", "doc", 99, NULL, NULL), 0);
    assert_int_equal(db_commit(f->d), 0);

    audit_row *rows;
    int64_t total;
    int status;
    audit_filter all = {0};
    assert_int_equal(audit_list(f->d, f->a, &clerk, &all, &rows, &total, &status), -1);
    assert_int_equal(status, 403);
    assert_int_equal(audit_list(f->d, f->a, &admin, &all, &rows, &total, &status), 8);
    assert_int_equal(total, 8);
    assert_string_equal(rows[0].action, "doc.open_secret"); /* newest first */
    assert_string_equal(rows[1].ip, "10.1.2.3");
    assert_string_equal(rows[1].after_json, "{\"a\":2}");

    audit_filter by_actor = {.actor = "vanthu"};
    assert_int_equal(audit_list(f->d, f->a, &admin, &by_actor, &rows, &total, &status), 4);
    audit_filter prefix = {.action = "user."};
    assert_int_equal(audit_list(f->d, f->a, &admin, &prefix, &rows, &total, &status), 4);
    audit_filter exact = {.action = "user"};
    assert_int_equal(audit_list(f->d, f->a, &admin, &exact, &rows, &total, &status), 0);
    audit_filter entity = {.entity = "unit", .entity_id = 4};
    assert_int_equal(audit_list(f->d, f->a, &admin, &entity, &rows, &total, &status), 1);
    assert_int_equal(rows[0].entity_id, 4);
    audit_filter day1 = {.from = "2026-03-01", .to = "2026-03-01"};
    assert_int_equal(audit_list(f->d, f->a, &admin, &day1, &rows, &total, &status), 7);
    audit_filter day2 = {.from = "2026-03-02"};
    assert_int_equal(audit_list(f->d, f->a, &admin, &day2, &rows, &total, &status), 1);
    audit_filter bad = {.from = "01/03/2026"};
    assert_int_equal(audit_list(f->d, f->a, &admin, &bad, &rows, &total, &status), -1);
    assert_int_equal(status, 400);
    audit_filter page = {.limit = 3, .offset = 6};
    assert_int_equal(audit_list(f->d, f->a, &admin, &page, &rows, &total, &status), 2);
    assert_int_equal(total, 8);
    assert_int_equal(rows[1].entity_id, 1); /* the oldest */
}

static void exec_id(db *d, const db_query *q, int64_t id, const char *text)
{
    db_stmt *s = db_stmt_get(d, q);
    assert_non_null(s);
    if (id)
        db_bind_int(s, 1, id);
    if (text)
        db_bind_text(s, 2, text);
    assert_int_equal(db_exec(s), DB_DONE);
}

static void five_changes(struct fixture *f)
{
    const char *names[] = {"một", "hai", "ba", "bốn", "năm"};
    for (int i = 0; i < 5; i++)
        assert_int_equal(change(f->d, names[i], true), 0);
}

static void test_chain_links_every_entry(void **state)
{
    struct fixture *f = *state;
    audit_chain_report r;
    assert_int_equal(audit_chain_verify(f->d, f->a, &r), 0); /* empty: intact */
    assert_int_equal(r.verified, 0);
    assert_string_equal(r.head, "");
    five_changes(f);
    assert_int_equal(audit_chain_verify(f->d, f->a, &r), 0);
    assert_int_equal(r.verified, 5);
    assert_int_equal(r.broken_id, 0);
    assert_int_equal(strlen(r.head), 64);
    /* The first entry links to nothing, every later one to the hash before it. */
    db_stmt *s = db_stmt_get(f->d, &q_prev_of);
    db_bind_int(s, 1, 1);
    assert_int_equal(db_step(s), DB_ROW);
    assert_true(db_col_null(s, 0));
    db_reset(s);
    db_bind_int(s, 1, 2);
    assert_int_equal(db_step(s), DB_ROW);
    assert_int_equal(strlen(db_col_text(s, 0)), 64);
    db_reset(s);
}

static void test_chain_names_an_edited_entry(void **state)
{
    struct fixture *f = *state;
    five_changes(f);
    exec_id(f->d, &q_tamper, 3, "{\"name\":\"khác\"}");
    audit_chain_report r;
    assert_int_equal(audit_chain_verify(f->d, f->a, &r), 1);
    assert_int_equal(r.broken_id, 3);
    assert_int_equal(r.verified, 2);
    assert_string_equal(r.broken_action, "thing.create");
    assert_non_null(r.broken_at);
    assert_non_null(strstr(r.reason, "sửa"));
}

static void test_chain_names_the_entry_after_a_deleted_one(void **state)
{
    struct fixture *f = *state;
    five_changes(f);
    exec_id(f->d, &q_drop, 2, NULL);
    audit_chain_report r;
    assert_int_equal(audit_chain_verify(f->d, f->a, &r), 1);
    assert_int_equal(r.broken_id, 3);
    assert_non_null(strstr(r.reason, "xoá"));
    /* Deleting the first entry is noticed too: the new first one links to something. */
    exec_id(f->d, &q_drop, 1, NULL);
    assert_int_equal(audit_chain_verify(f->d, f->a, &r), 1);
    assert_int_equal(r.broken_id, 3);
}

static void test_seal_hashes_old_entries_as_audit_log_would(void **state)
{
    struct fixture *f = *state;
    five_changes(f);
    audit_chain_report before;
    assert_int_equal(audit_chain_verify(f->d, f->a, &before), 0);
    /* As after migration 022 on an older database: entries without hashes. */
    exec_id(f->d, &q_unhash, 0, NULL);
    audit_chain_report r;
    assert_int_equal(audit_chain_verify(f->d, f->a, &r), 1);
    assert_int_equal(r.broken_id, 1);
    int64_t sealed = 0;
    assert_int_equal(audit_chain_seal(f->d, &sealed), 0);
    assert_int_equal(sealed, 5);
    assert_int_equal(audit_chain_verify(f->d, f->a, &r), 0);
    assert_string_equal(r.head, before.head); /* one serialisation for old and new entries */
    assert_int_equal(audit_chain_seal(f->d, &sealed), 0);
    assert_int_equal(sealed, 0);
    /* A writer that finds an unsealed tail seals it before linking its own entry. */
    exec_id(f->d, &q_unhash, 0, NULL);
    assert_int_equal(change(f->d, "sáu", true), 0);
    assert_int_equal(audit_chain_verify(f->d, f->a, &r), 0);
    assert_int_equal(r.verified, 6);
}

/* A resolver that lets the viewer see even ids only, and counts its calls. */
static int resolver_calls;

static bool even_only(ctx *c, const audit_row *row)
{
    resolver_calls++;
    assert_non_null(c->db);
    assert_non_null(c->a);
    assert_string_equal(c->user->login, "admin");
    return row->entity_id % 2 == 0;
}

static bool see_all(ctx *c, const audit_row *row)
{
    resolver_calls++;
    return true;
}

static void test_registered_entity_redacts_rows_the_viewer_may_not_see(void **state)
{
    struct fixture *f = *state;
    user admin = {.id = 0, .login = "admin", .role = ROLE_ADMIN};
    for (int i = 1; i <= 4; i++) {
        assert_int_equal(db_begin_write(f->d), 0);
        assert_int_equal(audit_log(f->d, &admin, "secret.note", "secret_thing", i, "{\"s\":0}",
                                   "{\"subject\":\"mật\"}"),
                         0);
        assert_int_equal(db_commit(f->d), 0);
    }
    assert_int_equal(db_begin_write(f->d), 0); /* no content: nothing to hide, no call */
    assert_int_equal(audit_log(f->d, &admin, "secret.open", "secret_thing", 5, NULL, NULL), 0);
    assert_int_equal(db_commit(f->d), 0);
    assert_int_equal(change(f->d, "thường", true), 0); /* an entity with no resolver */

    audit_register_entity("secret_thing", even_only);
    resolver_calls = 0;
    audit_row *rows;
    int64_t total;
    int status;
    audit_filter all = {0};
    assert_int_equal(audit_list(f->d, f->a, &admin, &all, &rows, &total, &status), 6);
    assert_int_equal(resolver_calls, 4); /* once per row with content, none for the others */
    assert_string_equal(rows[0].entity, "thing");
    assert_false(rows[0].redacted);
    assert_non_null(rows[0].after_json);
    assert_false(rows[1].redacted); /* #5, no content */
    for (int i = 2; i < 6; i++) {
        bool hidden = rows[i].entity_id % 2 != 0;
        assert_int_equal(rows[i].redacted, hidden);
        if (hidden) {
            assert_null(rows[i].before_json);
            assert_null(rows[i].after_json);
        } else {
            assert_string_equal(rows[i].after_json, "{\"subject\":\"mật\"}");
        }
        assert_string_equal(rows[i].action, "secret.note"); /* who, when, what stay */
        assert_string_equal(rows[i].actor_login, "admin");
        assert_non_null(rows[i].at);
    }
    /* The stored rows are complete: a resolver that says yes shows every content, and
     * registering an entity again replaces its resolver. */
    audit_register_entity("secret_thing", see_all);
    assert_int_equal(audit_list(f->d, f->a, &admin, &all, &rows, &total, &status), 6);
    for (int i = 2; i < 6; i++) {
        assert_false(rows[i].redacted);
        assert_string_equal(rows[i].after_json, "{\"subject\":\"mật\"}");
    }
    audit_chain_report r;
    assert_int_equal(audit_chain_verify(f->d, f->a, &r), 0); /* listing changes nothing */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_change_and_audit_commit_together, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_failure_rolls_back_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_filters_and_paging, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chain_links_every_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chain_names_an_edited_entry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chain_names_the_entry_after_a_deleted_one, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_seal_hashes_old_entries_as_audit_log_would, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_registered_entity_redacts_rows_the_viewer_may_not_see,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
