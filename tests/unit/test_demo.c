/* The demo office (`init --demo`: org_demo_seed, docs_demo_seed, docs_demo_incoming_seed) on two
 * different "todays": documents of both periods, overdue and secret ones, gap-free arrival
 * numbers per unit and year in date order, a trace and an audit row for every step, electronic
 * queues waiting, dossiers with documents, no dates pasted into subjects, secrecy kept, fast,
 * and idempotent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/config.h"
#include "app/app.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "db/db.h"
#include "incoming/incoming.h"
#include "outgoing/outgoing.h"
#include "org/org.h"
#include "test_store.h"

struct office {
    char dir[64], blobs[96], tmp[96], dbpath[256];
    db *d;
    arena *a;
    char today[16];
    int64_t seed_ms;
};

static int64_t value(struct office *o, const db_query *q, const char *arg)
{
    db_stmt *s = db_stmt_get(o->d, q);
    assert_non_null(s);
    if (arg)
        db_bind_text(s, 1, arg);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t n = db_col_int(s, 0);
    db_reset(s);
    return n;
}

/* A fresh demo office as `init --demo` writes it, with the clock at `now`. */
static struct office *office_new(int64_t now)
{
    struct office *o = calloc(1, sizeof *o);
    strcpy(o->dir, "/tmp/vp-test-demo-XXXXXX");
    assert_non_null(mkdtemp(o->dir));
    snprintf(o->blobs, sizeof o->blobs, "%s/blobs", o->dir);
    snprintf(o->tmp, sizeof o->tmp, "%s/tmp", o->dir);
    mkdir(o->blobs, 0750);
    mkdir(o->tmp, 0750);
    char *err = NULL;
    if (test_store_open(o->dir, o->dbpath, sizeof o->dbpath, &o->d, &err) != 0)
        fail_msg("store: %s", err);
    config.data_dir = o->dir;
    config.db_path = o->dbpath;
    config.blob_dir = o->blobs;
    config.tmp_dir = o->tmp;
    setenv("VANPHONG_DEMO_PASSWORD", "demo-matkhau-2026", 1);
    clock_set_fake(now);
    clock_vn_today(o->today, sizeof o->today);
    if (org_demo_seed(o->d, &err) != 0)
        fail_msg("org seed: %s", err);
    if (docs_demo_seed(o->d, &err) != 0)
        fail_msg("docs seed: %s", err);
    int64_t t0 = clock_now_ms();
    if (docs_demo_incoming_seed(o->d, &err) != 0)
        fail_msg("incoming seed: %s", err);
    o->seed_ms = clock_now_ms() - t0;
    /* The seed gives the clock back: still `now`, not a moment of the seeded past. */
    assert_int_equal(clock_now(), now);
    o->a = arena_new();
    return o;
}

static void office_free(struct office *o)
{
    clock_set_fake(0);
    arena_free(&o->a);
    test_store_close(&o->d, o->dbpath);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", o->dir);
    assert_int_equal(system(cmd), 0);
    free(o);
}

static const db_query q_old = {"t.old",
                               "SELECT count(*) FROM incoming i JOIN units u ON u.id = i.unit_id"
                               " WHERE i.arrival_date < '2025-07-01' AND u.valid_to = '2025-06-30'",
                               NULL};
static const db_query q_new = {"t.new",
                               "SELECT count(*) FROM incoming i JOIN units u ON u.id = i.unit_id"
                               " WHERE i.arrival_date >= '2025-07-01' AND u.valid_to IS NULL",
                               NULL};
static const db_query q_total = {"t.total", "SELECT count(*) FROM incoming", NULL};
static const db_query q_overdue = {
    "t.overdue", "SELECT count(*) FROM incoming WHERE status = 'assigned' AND deadline < ?1", NULL};
static const db_query q_open_future = {
    "t.open_future", "SELECT count(*) FROM incoming WHERE status = 'assigned' AND deadline >= ?1",
    NULL};
static const db_query q_unrouted = {
    "t.unrouted", "SELECT count(*) FROM incoming WHERE status = 'registered'", NULL};
/* Done late: the Vietnam day of completion after the deadline. */
static const db_query q_late = {"t.late",
                                "SELECT count(*) FROM incoming WHERE status = 'done'"
                                " AND date(done_at, '+7 hours') > deadline",
                                NULL};
static const db_query q_on_time = {"t.on_time",
                                   "SELECT count(*) FROM incoming WHERE status = 'done'"
                                   " AND date(done_at, '+7 hours') <= deadline",
                                   NULL};
static const db_query q_secret = {"t.secret", "SELECT count(*) FROM incoming WHERE secrecy > 0",
                                  NULL};
/* Secret documents are routed to named people, never to a unit. */
static const db_query q_secret_to_unit = {
    "t.secret_to_unit",
    "SELECT count(*) FROM incoming i JOIN incoming_assignments a ON a.incoming_id = i.id"
    " WHERE i.secrecy > 0 AND a.to_unit_id IS NOT NULL",
    NULL};
static const db_query q_urgent = {"t.urgent", "SELECT count(*) FROM incoming WHERE urgency >= 2",
                                  NULL};
static const db_query q_gaps = {
    "t.gaps",
    "SELECT count(*) FROM (SELECT unit_id, year FROM incoming GROUP BY unit_id, year"
    " HAVING count(*) <> max(arrival_number) OR min(arrival_number) <> 1"
    " OR count(DISTINCT arrival_number) <> count(*))",
    NULL};
static const db_query q_order = {
    "t.order",
    "SELECT count(*) FROM incoming a JOIN incoming b ON a.unit_id = b.unit_id"
    " AND a.year = b.year AND a.arrival_number < b.arrival_number"
    " AND a.arrived_at > b.arrived_at",
    NULL};
static const db_query q_year_matches = {
    "t.year_matches",
    "SELECT count(*) FROM incoming WHERE CAST(substr(arrival_date, 1, 4) AS INTEGER) <> year",
    NULL};
static const db_query q_units_years = {
    "t.units_years", "SELECT count(*) FROM (SELECT DISTINCT unit_id, year FROM incoming)", NULL};
static const db_query q_no_trace = {
    "t.no_trace",
    "SELECT count(*) FROM incoming i WHERE NOT EXISTS (SELECT 1 FROM incoming_events e"
    " WHERE e.incoming_id = i.id AND e.kind = 'register') OR (i.status <> 'registered' AND"
    " NOT EXISTS (SELECT 1 FROM incoming_events e WHERE e.incoming_id = i.id"
    " AND e.kind = 'assign')) OR (i.status = 'done' AND NOT EXISTS (SELECT 1 FROM"
    " incoming_events e WHERE e.incoming_id = i.id AND e.kind = 'done'))",
    NULL};
static const db_query q_audit_register = {
    "t.audit_register", "SELECT count(*) FROM audit_log WHERE action = 'incoming.register'", NULL};
static const db_query q_queue_office = {
    "t.queue_office",
    "SELECT count(*) FROM inbox q JOIN units u ON u.id = q.to_unit_id"
    " WHERE u.abbr = 'VPTU' AND u.valid_to IS NULL AND q.status = '01' AND q.incoming_id IS NULL",
    NULL};
static const db_query q_queue_ward = {
    "t.queue_ward",
    "SELECT count(*) FROM inbox q JOIN units u ON u.id = q.to_unit_id"
    " WHERE u.name = 'Đảng ủy phường Bình Thủy' AND q.status = '01' AND q.incoming_id IS NULL",
    NULL};
static const db_query q_dossier_docs = {
    "t.dossier_docs", "SELECT count(DISTINCT dossier_id) FROM dossier_docs", NULL};
static const db_query q_drafts = {
    "t.drafts", "SELECT count(*) FROM outgoing WHERE status IN ('draft', 'approved', 'signed')",
    NULL};
static const db_query q_dated_subjects = {
    "t.dated_subjects",
    "SELECT (SELECT count(*) FROM outgoing WHERE subject GLOB"
    " '*[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*') + (SELECT count(*) FROM incoming WHERE"
    " subject GLOB '*[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*')",
    "SELECT (SELECT count(*) FROM outgoing WHERE subject ~ '[0-9]{4}-[0-9]{2}-[0-9]{2}')"
    " + (SELECT count(*) FROM incoming WHERE subject ~ '[0-9]{4}-[0-9]{2}-[0-9]{2}')"};
static const db_query q_distinct_out_subjects = {
    "t.distinct_out", "SELECT count(DISTINCT subject) FROM outgoing", NULL};
static const db_query q_user = {"t.user", "SELECT id FROM users WHERE login = ?1", NULL};
/* The Mật document routed to chuyenvien2 alone (the demo's fixed one). */
static const db_query q_secret_of_spec2 = {
    "t.secret_of_spec2",
    "SELECT i.id FROM incoming i JOIN incoming_assignments a ON a.incoming_id = i.id"
    " JOIN users u ON u.id = a.to_user_id WHERE i.secrecy > 0 AND u.login = 'chuyenvien2'"
    " AND NOT EXISTS (SELECT 1 FROM incoming_assignments b JOIN users v ON v.id = b.to_user_id"
    " WHERE b.incoming_id = i.id AND v.login = 'chuyenvien') ORDER BY i.id LIMIT 1",
    NULL};

static const user *load_user(struct office *o, const char *login)
{
    ctx c = {.a = o->a, .db = o->d};
    return auth_user_load(&c, value(o, &q_user, login));
}

static void check_office(struct office *o)
{
    print_message("demo office on %s: %lld incoming, seeded in %lld ms\n", o->today,
                  (long long)value(o, &q_total, NULL), (long long)o->seed_ms);
    /* Speed is measured (printed above), not asserted: a loaded CI machine is no budget. */
    /* both periods, a few hundred documents */
    assert_true(value(o, &q_old, NULL) >= 50);
    assert_true(value(o, &q_new, NULL) >= 100);
    assert_true(value(o, &q_total, NULL) >= 200);
    /* alive: overdue, pending, waiting for routing, done on time and late */
    assert_true(value(o, &q_overdue, o->today) >= 3);
    assert_true(value(o, &q_open_future, o->today) >= 3);
    assert_true(value(o, &q_unrouted, NULL) >= 2);
    assert_true(value(o, &q_on_time, NULL) >= 50);
    assert_true(value(o, &q_late, NULL) >= 5);
    /* secret ones routed to people; urgent ones */
    assert_true(value(o, &q_secret, NULL) >= 3);
    assert_int_equal(value(o, &q_secret_to_unit, NULL), 0);
    assert_true(value(o, &q_urgent, NULL) >= 2);
    /* arrival numbers: gap-free per unit and year, in the order of arrival */
    assert_true(value(o, &q_units_years, NULL) >= 4);
    assert_int_equal(value(o, &q_gaps, NULL), 0);
    assert_int_equal(value(o, &q_order, NULL), 0);
    assert_int_equal(value(o, &q_year_matches, NULL), 0);
    /* what the UI would have written: trace events and audit rows */
    assert_int_equal(value(o, &q_no_trace, NULL), 0);
    assert_int_equal(value(o, &q_audit_register, NULL), value(o, &q_total, NULL));
    /* queues waiting, drafts waiting, dossiers with documents */
    assert_true(value(o, &q_queue_office, NULL) >= 3);
    assert_true(value(o, &q_queue_ward, NULL) >= 1);
    assert_true(value(o, &q_drafts, NULL) >= 3);
    assert_true(value(o, &q_dossier_docs, NULL) >= 2);
    /* subjects read like an office's */
    assert_int_equal(value(o, &q_dated_subjects, NULL), 0);
    assert_true(value(o, &q_distinct_out_subjects, NULL) >= 20);
    /* secrecy holds on the seeded data */
    int64_t secret = value(o, &q_secret_of_spec2, NULL);
    assert_true(secret > 0);
    ctx spec = {.a = o->a, .db = o->d, .user = load_user(o, "chuyenvien")};
    ctx spec2 = {.a = o->a, .db = o->d, .user = load_user(o, "chuyenvien2")};
    assert_non_null(spec.user);
    assert_non_null(spec2.user);
    assert_false(incoming_may_see(&spec, secret));
    assert_true(incoming_may_see(&spec2, secret));
    /* idempotent */
    char *err = NULL;
    int64_t before = value(o, &q_total, NULL);
    assert_int_equal(docs_demo_incoming_seed(o->d, &err), 0);
    assert_int_equal(value(o, &q_total, NULL), before);
}

static void test_demo_late_2026(void **state)
{
    (void)state;
    struct office *o = office_new(1796522400); /* 2026-12-06 09:00 in Vietnam */
    check_office(o);
    office_free(o);
}

static void test_demo_early_2026(void **state)
{
    (void)state;
    struct office *o = office_new(1772420400); /* 2026-03-02 10:00 in Vietnam */
    check_office(o);
    office_free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_late_2026),
        cmocka_unit_test(test_demo_early_2026),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
