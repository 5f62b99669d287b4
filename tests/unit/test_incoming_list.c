/* The register list (incoming_list) against a reference computed the slow, obvious way: every
 * record, kept when incoming_may_see says so and the filter matches, newest first. Run for
 * every role of the fixture and filters of each kind (dates, text, status, urgency, a unit,
 * pages), over records spread so that each way of reading the list is taken: the single date
 * walk (committee-wide and city office scopes), the merge of a scope's registers (the ward,
 * whose scope also holds a dissolved predecessor's register), records visible from outside a
 * scope (assigned to a unit in scope or to the person; secret ones the clerk registered in a
 * unit outside it), and a unit filter. */
#include "test_outgoing_fixture.h"

#include "incoming/incoming.h"
#include "incoming/incoming_impl.h"

#include <sqlite3.h>

enum { N_DOCS = 420, N_NEWEST = 200, N_MAX = N_DOCS + N_NEWEST + 16 };

/* The old district committee (5), dissolved, whose records passed to the ward (4). */
static const char seed_sql[] =
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, valid_to, created_at,"
    " updated_at) VALUES (5, NULL, 'Quận ủy Bình Thủy', 'QU', 'HUYEN', '2004-01-01',"
    " '2025-06-30', 'x', 'x');"
    "INSERT INTO unit_successors (unit_id, successor_id, kind, effective_date, created_at)"
    " VALUES (5, 4, 'transfer', '2025-07-01', 'x');";

static const db_query q_add = {
    "t.list_add",
    "INSERT INTO incoming (unit_id, year, arrival_number, arrival_date, arrived_at, channel,"
    " issuer_name, code, code_norm, doc_type, issued_date, subject, secrecy, urgency, status,"
    " registered_by, created_at, updated_at) VALUES (?1, CAST(substr(?2, 1, 4) AS INTEGER), ?3,"
    " ?2, ?2, 'paper', ?4, ?5, ?5, 'cong_van', ?2, ?6, ?7, ?8, ?9, ?10, 'x', 'x')",
    NULL,
};
static const db_query q_assign = {
    "t.list_assign",
    "INSERT INTO incoming_assignments (incoming_id, kind, to_unit_id, to_user_id, status,"
    " assigned_by, assigned_at) VALUES (?1, 'lead', ?2, ?3, ?4, 3, 'x')",
    NULL,
};
static const db_query q_all_ids = {
    "t.list_all_ids",
    "SELECT id FROM incoming ORDER BY arrival_date DESC, id DESC",
    NULL,
};

static int list_setup(void **state)
{
    fx_setup(state);
    struct fx *f = *state;
    char *err = NULL;
    if (db_exec_script(f->d, seed_sql, &err) != 0)
        fail_msg("seed: %s", err);
    /* Most records are the city office's (2), so the ward's scope (4, 5) is a small share. */
    static const int64_t units[] = {2, 2, 2, 2, 2, 2, 1, 3, 4, 5, 2, 2};
    static const char *const status[] = {"registered", "assigned", "done", "recalled"};
    static const char *const subj[] = {"Về kế hoạch công tác năm", "Báo cáo tình hình",
                                       "Kế hoạch tổ chức hội nghị", "Giấy mời họp"};
    assert_int_equal(db_begin_write(f->d), 0);
    for (int i = 1; i <= N_DOCS; i++) {
        db_stmt *s = db_stmt_get(f->d, &q_add);
        assert_non_null(s);
        char date[16], code[32];
        /* Records of several units share each date: the order then falls to the id. */
        snprintf(date, sizeof date, "%04d-%02d-%02d", 2024 + (i / 140) % 3, 1 + (i / 12) % 12,
                 1 + i % 3);
        snprintf(code, sizeof code, "%d-KH/TU", 100 + i);
        int64_t unit = units[i % 12];
        db_bind_int(s, 1, unit);
        db_bind_text(s, 2, date);
        db_bind_int(s, 3, i);
        db_bind_text(s, 4, i % 5 == 0 ? "Ủy ban nhân dân thành phố" : "Ban Tuyên giáo");
        db_bind_text(s, 5, code);
        db_bind_text(s, 6, subj[i % 4]);
        db_bind_int(s, 7, i % 9 == 0 ? 1 : 0);
        db_bind_int(s, 8, i % 5);
        db_bind_text(s, 9, status[i % 4]);
        /* the ward clerk registered some secret records of the city office too */
        db_bind_int(s, 10, i % 18 == 0 ? 8 : unit == 4 || unit == 5 ? 8 : 4);
        assert_int_equal(db_exec(s), DB_DONE);
        int64_t id = db_last_id(f->d);
        s = db_stmt_get(f->d, &q_assign);
        if (i % 11 == 0) { /* to the ward: visible there though registered by the office */
            db_bind_int(s, 1, id);
            db_bind_int(s, 2, U_WARD);
            db_bind_null(s, 3);
            db_bind_text(s, 4, i % 22 == 0 ? "cancelled" : "open");
            assert_int_equal(db_exec(s), DB_DONE);
        } else if (i % 13 == 0) { /* to a specialist of another unit */
            db_bind_int(s, 1, id);
            db_bind_null(s, 2);
            db_bind_int(s, 3, 7);
            db_bind_text(s, 4, "open");
            assert_int_equal(db_exec(s), DB_DONE);
        }
    }
    assert_int_equal(db_commit(f->d), 0);
    return 0;
}

static bool matches(const incoming *r, const in_filter *flt)
{
    if (flt->from && *flt->from && strcmp(r->arrival_date, flt->from) < 0)
        return false;
    if (flt->to && *flt->to && strcmp(r->arrival_date, flt->to) > 0)
        return false;
    if (flt->q && *flt->q) {
        char num[24];
        snprintf(num, sizeof num, "%lld", (long long)r->arrival_number);
        if (!strstr(r->subject, flt->q) && !strstr(r->code, flt->q) &&
            !strstr(r->issuer_name, flt->q) && strcmp(num, flt->q) != 0)
            return false;
    }
    if (flt->status && *flt->status && strcmp(r->status, flt->status) != 0)
        return false;
    if (flt->urgency >= 0 && r->urgency != flt->urgency)
        return false;
    if (flt->unit_id > 0 && r->unit_id != flt->unit_id)
        return false;
    return true;
}

static int n_partial; /* counts that stopped at in_text_examine */

/* incoming_list against the reference for one person and filter, at a few pages. */
static void check(struct fx *f, int who, in_filter flt, const char *what)
{
    ctx *c = &f->c[who];
    int64_t ref[N_MAX];
    int n_ref = 0;
    db_stmt *s = db_stmt_get(f->d, &q_all_ids);
    int64_t all[N_MAX];
    int n_all = 0;
    while (db_step(s) == DB_ROW)
        all[n_all++] = db_col_int(s, 0);
    db_reset(s);
    for (int i = 0; i < n_all; i++) {
        if (!incoming_may_see(c, all[i]))
            continue;
        const incoming *r = incoming_get(c, all[i], false);
        assert_non_null(r);
        if (matches(r, &flt))
            ref[n_ref++] = all[i];
    }
    static const int pages[][2] = {{50, 0}, {7, 0}, {7, 7}, {9, 40}, {50, 150}};
    for (size_t p = 0; p < sizeof pages / sizeof pages[0]; p++) {
        flt.limit = pages[p][0];
        flt.offset = pages[p][1];
        incoming *rows;
        int64_t total;
        bool partial;
        int n = incoming_list_ex(c, &flt, &rows, &total, &partial);
        /* a bounded text count says "at least": never more than the real matches */
        if (partial)
            n_partial++;
        if (partial ? total > n_ref || total < 0 : total != n_ref)
            fail_msg("%s (%s): total %lld%s, expected %d", c->user->login, what, (long long)total,
                     partial ? " (at least)" : "", n_ref);
        int want = n_ref - flt.offset;
        want = want < 0 ? 0 : want > flt.limit ? flt.limit : want;
        if (n != want)
            fail_msg("%s (%s, offset %d): %d rows, expected %d", c->user->login, what, flt.offset,
                     n, want);
        for (int i = 0; i < n; i++)
            if (rows[i].id != ref[flt.offset + i])
                fail_msg("%s (%s, offset %d): row %d is %lld, expected %lld", c->user->login, what,
                         flt.offset, i, (long long)rows[i].id, (long long)ref[flt.offset + i]);
    }
}

static void list_equals_reference(void **state)
{
    struct fx *f = *state;
    for (int who = 0; who < P_N; who++) {
        check(f, who, (in_filter){.urgency = -1}, "all");
        check(f, who, (in_filter){.from = "2025-01-01", .to = "2025-12-31", .urgency = -1},
              "a year");
        check(f, who, (in_filter){.from = "2025-06-01", .urgency = -1}, "from a date");
        check(f, who, (in_filter){.to = "2024-03-31", .urgency = -1}, "up to a date");
        check(f, who, (in_filter){.q = "kế hoạch", .urgency = -1}, "text");
        check(f, who, (in_filter){.q = "Kế hoạch", .from = "2026-01-01", .urgency = -1},
              "text and date");
        check(f, who, (in_filter){.q = "123-KH", .urgency = -1}, "a number and notation");
        check(f, who, (in_filter){.q = "77", .urgency = -1}, "an arrival number");
        check(f, who, (in_filter){.q = "Ủy ban", .urgency = -1}, "an issuer");
        check(f, who, (in_filter){.status = "done", .urgency = -1}, "status");
        check(f, who, (in_filter){.urgency = 3}, "urgency");
        for (int64_t u = 1; u <= 5; u++)
            check(f, who, (in_filter){.unit_id = u, .urgency = -1}, "a unit");
        check(f, who,
              (in_filter){.unit_id = 2, .from = "2026-01-01", .status = "assigned", .urgency = -1},
              "a unit, dates and status");
        /* the kept counts (migration 059) answer these: every combination they group by */
        for (int64_t u = 1; u <= 5; u++)
            check(f, who, (in_filter){.unit_id = u, .status = "registered", .urgency = -1},
                  "a unit and status (home: waiting to be routed)");
        check(f, who, (in_filter){.status = "assigned", .urgency = 2}, "status and urgency");
        check(f, who, (in_filter){.unit_id = 4, .urgency = 1}, "a unit and urgency");
        check(f, who, (in_filter){.status = "recalled", .urgency = -1}, "recalled");
    }
    /* the text count bounded to a few records: the pages stay exact, the total a lower bound */
    assert_int_equal(n_partial, 0);
    in_text_examine = 5;
    for (int who = 0; who < P_N; who++) {
        check(f, who, (in_filter){.q = "kế hoạch", .urgency = -1}, "text, bounded count");
        check(f, who, (in_filter){.q = "Ủy ban", .from = "2025-01-01", .urgency = -1},
              "issuer and date, bounded count");
    }
    in_text_examine = IN_TEXT_EXAMINE;
    assert_true(n_partial > 0);
}

/* The ward's list reaches records of three kinds at once: its own, its predecessor's, and the
 * city office's assigned to it (the reference above checks the order and the count). */
static void ward_sees_inherited_and_assigned(void **state)
{
    struct fx *f = *state;
    incoming *rows;
    int64_t total;
    in_filter flt = {.urgency = -1, .limit = IN_MAX_PAGE};
    int n = incoming_list(&f->c[P_WARD_CLERK], &flt, &rows, &total);
    assert_int_equal(n, total);
    int own = 0, old = 0, assigned = 0;
    for (int i = 0; i < n; i++) {
        own += rows[i].unit_id == U_WARD;
        old += rows[i].unit_id == 5;
        assigned += rows[i].unit_id == U_VPTU;
    }
    assert_true(own > 0 && old > 0 && assigned > 0);
}

/* The count is memoised while the database is unchanged (db_memo): a record registered by
 * this connection, and one registered by another connection (another worker thread or the
 * CLI), are both counted on the next call; and an unchanged database answers from the memo. */
static int64_t total_of(ctx *c, in_filter flt)
{
    incoming *rows;
    int64_t total = -1;
    flt.limit = 5;
    assert_true(incoming_list(c, &flt, &rows, &total) >= 0);
    return total;
}

static void add_one(db *d, int64_t unit)
{
    static int number = 9000; /* the arrival number is unique in a register's year */
    number++;
    db_stmt *s = db_stmt_get(d, &q_add);
    assert_non_null(s);
    db_bind_int(s, 1, unit);
    db_bind_text(s, 2, "2026-02-02");
    db_bind_int(s, 3, number);
    db_bind_text(s, 4, "Ban Tuyên giáo");
    db_bind_text(s, 5, "9000-KH/TU");
    db_bind_text(s, 6, "Văn bản mới vào sổ");
    db_bind_int(s, 7, 0);
    db_bind_int(s, 8, 0);
    db_bind_text(s, 9, "registered");
    db_bind_int(s, 10, 4);
    assert_int_equal(db_exec(s), DB_DONE);
}

static void memoised_count_stays_fresh(void **state)
{
    struct fx *f = *state;
    ctx *c = &f->c[P_CLERK];
    in_filter plain = {.urgency = -1, .unit_id = U_VPTU};
    int64_t before = total_of(c, plain);
    assert_true(before > 0);
    /* unchanged: the memo answers, and the same */
    uint64_t version;
    int64_t v;
    assert_int_equal(total_of(c, plain), before);
    /* a write of this connection */
    add_one(f->d, U_VPTU);
    assert_int_equal(total_of(c, plain), before + 1);
    /* a write of another connection to the same store */
    db *other = NULL;
    char *err = NULL;
    assert_int_equal(db_open(f->dbpath, &other, &err), 0);
    add_one(other, U_VPTU);
    db_close(&other);
    assert_int_equal(total_of(c, plain), before + 2);
    /* the memo itself: a stored value is seen only at the version it was stored at. SQLite only:
     * on PostgreSQL db/memo.c remembers nothing yet (no version to stamp entries with). */
    if (test_store_pg()) {
        print_message("skipped on PostgreSQL: the memo itself (SQLite's data_version)\n");
        return;
    }
    assert_false(db_memo_get(f->d, "t.memo", &v, &version));
    db_memo_put(f->d, "t.memo", 42, version);
    assert_true(db_memo_get(f->d, "t.memo", &v, &version));
    assert_int_equal(v, 42);
    add_one(f->d, U_VPTU);
    assert_false(db_memo_get(f->d, "t.memo", &v, &version));
}

/* The kept counts (incoming_counts, migration 059) follow every change of a record by
 * triggers: registered, routed (status), made secret, moved to another register, urgency
 * changed, deleted. After each, the table equals a fresh GROUP BY and every role's plain
 * counts equal the reference. */
static const db_query q_counts_drift = {
    "t.counts_drift",
    "SELECT count(*) FROM (SELECT unit_id, secret, status, urgency, n FROM incoming_counts"
    " WHERE n <> 0 EXCEPT SELECT unit_id, CASE WHEN secrecy > 0 THEN 1 ELSE 0 END, status,"
    " urgency, count(*) FROM incoming GROUP BY 1, 2, 3, 4) x",
    NULL,
};
static const db_query q_counts_missing = {
    "t.counts_missing",
    "SELECT count(*) FROM (SELECT unit_id, CASE WHEN secrecy > 0 THEN 1 ELSE 0 END, status,"
    " urgency, count(*) FROM incoming GROUP BY 1, 2, 3, 4 EXCEPT SELECT unit_id, secret, status,"
    " urgency, n FROM incoming_counts) x",
    NULL,
};

static void counts_equal(struct fx *f)
{
    const db_query *qs[] = {&q_counts_drift, &q_counts_missing};
    for (int i = 0; i < 2; i++) {
        db_stmt *s = db_stmt_get(f->d, qs[i]);
        assert_non_null(s);
        assert_int_equal(db_step(s), DB_ROW);
        int64_t n = db_col_int(s, 0);
        db_reset(s);
        if (n != 0)
            fail_msg("incoming_counts differs from the records (%s): %lld rows", qs[i]->name,
                     (long long)n);
    }
    for (int who = 0; who < P_N; who++) {
        check(f, who, (in_filter){.urgency = -1}, "all, after changes");
        check(f, who, (in_filter){.status = "assigned", .urgency = -1}, "status, after changes");
        check(f, who, (in_filter){.status = "registered", .unit_id = U_VPTU, .urgency = -1},
              "a unit and status, after changes");
        check(f, who, (in_filter){.urgency = 4}, "urgency, after changes");
    }
}

static void kept_counts_follow_changes(void **state)
{
    struct fx *f = *state;
    counts_equal(f);
    static const char *const changes[] = {
        "UPDATE incoming SET status = 'assigned' WHERE id % 7 = 0 AND status = 'registered'",
        "UPDATE incoming SET secrecy = 2 WHERE id % 10 = 3",
        "UPDATE incoming SET secrecy = 0 WHERE id % 9 = 1",
        "UPDATE incoming SET unit_id = 4 WHERE id % 17 = 5",
        "UPDATE incoming SET urgency = 4 WHERE id % 8 = 2",
        "UPDATE incoming SET subject = 'Đổi trích yếu' WHERE id % 6 = 0",
        "DELETE FROM incoming_assignments WHERE incoming_id % 23 = 4",
        "DELETE FROM incoming WHERE id % 23 = 4",
    };
    for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
        char *err = NULL;
        if (db_exec_script(f->d, changes[i], &err) != 0)
            fail_msg("%s: %s", changes[i], err ? err : "?");
        counts_equal(f);
    }
    add_one(f->d, U_WARD);
    counts_equal(f);
}

/* A commune clerk whose few records are the newest of the office (the bench's vanthu.cairang:
 * 0.3 % of the corpus, registered last). The share of the newest records in scope then says
 * "most of them are hers" and the plain list walks the date index, rightly: its first page is
 * there. A text filter must not: its matches lie anywhere, so the date walk tested every record
 * of the office (280 ms for 9 matches at 100,000). With a text filter the list walks the
 * scope's registers (incoming.list_unit) whatever the sample says, and returns exactly the
 * reference's rows, order and count. */
static const char *q_list_sql; /* incoming.list, the single date walk */
static int n_date_walks;

static int trace_list(unsigned type, void *arg, void *p, void *x)
{
    (void)arg;
    (void)x;
    if (type == SQLITE_TRACE_STMT && strcmp(sqlite3_sql((sqlite3_stmt *)p), q_list_sql) == 0)
        n_date_walks++;
    return 0;
}

static void newest_records_of_the_ward(struct fx *f)
{
    static const db_query q_new = {
        "t.list_newest",
        "INSERT INTO incoming (unit_id, year, arrival_number, arrival_date, arrived_at, channel,"
        " issuer_name, code, code_norm, doc_type, issued_date, subject, secrecy, urgency, status,"
        " registered_by, created_at, updated_at) VALUES (4, 2027, ?1, '2027-01-05', '2027-01-05',"
        " 'paper', 'Ban Tuyên giáo', ?2, ?2, 'cong_van', '2027-01-05', ?3, 0, 0, 'registered', 8,"
        " 'x', 'x')",
        NULL,
    };
    assert_int_equal(db_begin_write(f->d), 0);
    for (int i = 1; i <= N_NEWEST; i++) {
        db_stmt *s = db_stmt_get(f->d, &q_new);
        assert_non_null(s);
        char code[32];
        snprintf(code, sizeof code, "%d-GM/PU", i);
        db_bind_int(s, 1, i);
        db_bind_text(s, 2, code);
        db_bind_text(s, 3, i % 40 == 0 ? "Kế hoạch kiểm tra chi bộ" : "Giấy mời họp chi bộ");
        assert_int_equal(db_exec(s), DB_DONE);
    }
    assert_int_equal(db_commit(f->d), 0);
}

static void text_filter_walks_the_scope(void **state)
{
    struct fx *f = *state;
    newest_records_of_the_ward(f);
    const db_query *const *qs;
    assert_true(in_list_statements(&qs) > 0);
    q_list_sql = qs[0]->sqlite;
    assert_string_equal(qs[0]->name, "incoming.list");
    /* which statements ran: SQLite's trace (on PostgreSQL only the results are compared) */
    bool traced = !test_store_pg();
    if (traced)
        sqlite3_trace_v2(db_sqlite_handle(f->d), SQLITE_TRACE_STMT, trace_list, NULL);
    /* the plain list: the sample sees the ward's records first and walks the dates */
    n_date_walks = 0;
    check(f, P_WARD_CLERK, (in_filter){.urgency = -1}, "newest are the ward's");
    assert_true(n_date_walks > 0 || !traced);
    /* a text filter: the scope's registers, for every role with a small scope */
    n_date_walks = 0;
    check(f, P_WARD_CLERK, (in_filter){.q = "Kế hoạch", .urgency = -1}, "text, newest ward's");
    check(f, P_WARD_CLERK, (in_filter){.q = "kế hoạch", .urgency = -1}, "text, older ones");
    check(f, P_WARD_CLERK, (in_filter){.q = "GM/PU", .urgency = -1}, "a notation");
    check(f, P_WARD_CLERK, (in_filter){.q = "họp", .from = "2026-01-01", .urgency = -1},
          "text and date");
    check(f, P_WARD_LEADER, (in_filter){.q = "Kế hoạch", .urgency = -1}, "leader, text");
    check(f, P_UNIT, (in_filter){.q = "chi bộ", .urgency = -1}, "the ward's account, text");
    assert_int_equal(n_date_walks, 0);
    /* and everybody else still gets the reference's answer */
    for (int who = 0; who < P_N; who++) {
        check(f, who, (in_filter){.q = "Kế hoạch", .urgency = -1}, "text, after the newest");
        check(f, who, (in_filter){.urgency = -1}, "all, after the newest");
    }
    if (traced)
        sqlite3_trace_v2(db_sqlite_handle(f->d), 0, NULL, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(list_equals_reference, list_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(ward_sees_inherited_and_assigned, list_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(memoised_count_stays_fresh, list_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(kept_counts_follow_changes, list_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(text_filter_walks_the_scope, list_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
