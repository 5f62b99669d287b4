/* The living part of the demo office (DOMAIN.md §10), written by `init --demo` after
 * docs_demo_seed: a year and a half of incoming documents across both periods — before
 * 1/7/2025 received by the old Văn phòng Thành ủy, from 1/7/2025 by the merged city's office
 * and by Đảng ủy phường Bình Thủy — routed to handlers, handled on time, late, still open and
 * overdue; secret and urgent ones; documents waiting in electronic queues; drafts waiting for a
 * leader's approval or signature; dossiers with documents filed.
 *
 * Everything goes through the services a user would drive (incoming_register, routing_assign,
 * routing_step, outgoing_create…, dossier_*), each acting as the demo account that would have
 * done it, with the clock set to the moment it happened (clock_set_fake). So arrival numbers
 * are gap-free per unit and year, and every record has its trace, notifications and audit
 * rows. Before 1/7/2025 the same people acted in the old units (an in-memory copy of their
 * account placed in the old unit), which is where they worked then.
 *
 * Dates are computed from "today" in Vietnam at seed time, so the office looks alive whenever
 * it is started: the newest documents are a day old, some deadlines fall next week, some
 * passed last week. The pseudo-random choices are fixed (one seed), so two runs on the same
 * day give the same office. DỮ LIỆU MẪU: numbers and subjects are invented in the style of
 * real Party documents; no real person is named. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/errors.h"
#include "base/config.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "catalog/catalog.h"
#include "catalog/vocab.h"
#include "dossiers/dossiers.h"
#include "exchange/exchange.h"
#include "incoming/incoming.h"
#include "numbering/numbering.h"
#include "outgoing/outgoing.h"
#include "tasks/tasks.h"
#include "workdays/workdays.h"
#include "demo/demo_impl.h"

#define NEW_PERIOD "2025-07-01"
#define OLD_FIRST "2024-10-01"

static const db_query q_any_incoming = {"demo_in.any", "SELECT 1 FROM incoming LIMIT 1", NULL};
static const db_query q_user_id = {"demo_in.user", "SELECT id FROM users WHERE login = ?1", NULL};
/* Units of the demo tree by name; ?2 = 1 the active one, 0 the dissolved one. */
static const db_query q_unit = {
    "demo_in.unit",
    "SELECT id FROM units WHERE name = ?1 AND (valid_to IS NULL) = (?2 = 1) ORDER BY id LIMIT 1",
    NULL};
static const db_query q_register_of = {
    "demo_in.register_of", "SELECT id FROM registers WHERE unit_id = ?1 ORDER BY id LIMIT 1", NULL};
/* A ward's report as its own register issued it (the ward has no leader account of its own:
 * the unit account stands for its standing board), dispatched electronically. */
static const db_query q_out_issued = {
    "demo_in.out_issued",
    "INSERT INTO outgoing (register_id, unit_id, doc_type, subject, body, secrecy, urgency, "
    "status, drafted_by, approved_by, approved_at, signed_by, signed_at, issued_by, issued_at, "
    "issued_date, number, notation, seq_period, copies, file_copy_to, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, 'issued', ?7, ?7, ?8, ?7, ?8, ?9, ?8, ?10, ?11, ?12, "
    "?13, 2, 'Lưu: Văn phòng Đảng ủy', ?8, ?8)",
    NULL};
static const db_query q_out_version = {
    "demo_in.out_version",
    "INSERT INTO outgoing_versions (outgoing_id, version, subject, body, created_by, created_at) "
    "VALUES (?1, 1, ?2, ?3, ?4, ?5)",
    NULL};
static const db_query q_out_recipient = {
    "demo_in.out_recipient",
    "INSERT INTO outgoing_recipients (outgoing_id, unit_id, name, copies, method, sent_at) "
    "VALUES (?1, ?2, ?3, 1, 'electronic', ?4)",
    NULL};
/* Old notifications of a working office have been read. */
static const db_query q_read_old = {
    "demo_in.read_old",
    "UPDATE notifications SET read_at = created_at WHERE read_at IS NULL AND created_at < ?1",
    NULL};

/* ---- determinism and time --------------------------------------------------------------- */

static uint32_t rng_state = 20250701u;
static int rnd(int n) /* 0 … n-1 */
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return (int)((rng_state >> 8) % (uint32_t)n);
}

/* Unix seconds of a Vietnam calendar date at hh:mm Vietnam time. */
static int64_t vn_time(const char *date, int hh, int mm)
{
    char iso[32];
    snprintf(iso, sizeof iso, "%.10sT00:00:00Z", date);
    return clock_parse_iso(iso) - VN_UTC_OFFSET + hh * 3600 + mm * 60;
}

static void vn_date(int64_t t, char out[16])
{
    char iso[32];
    clock_iso(t + VN_UTC_OFFSET, iso, sizeof iso);
    snprintf(out, 16, "%.10s", iso);
}

/* Moves a moment into office hours (7:30–16:30, Monday–Friday, Vietnam time). */
int64_t demo_office_hours(int64_t t)
{
    int64_t local = t + VN_UTC_OFFSET;
    int64_t day = local / DAY, sec = local % DAY;
    /* Always forward: a step never lands before the one it follows. */
    if (sec < 7 * 3600 + 1800) {
        sec = 7 * 3600 + 1800 + (sec % 1800);
    } else if (sec > 16 * 3600 + 1800) {
        day += 1;
        sec = 7 * 3600 + 1800 + (sec % 1800);
    }
    int wd = (int)((day + 4) % 7); /* 1970-01-01 was a Thursday: 0 = Sunday */
    if (wd == 6)
        day += 2;
    else if (wd == 0)
        day += 1;
    return day * DAY + sec - VN_UTC_OFFSET;
}

/* A moment of office hours on t's working day (Saturday moves to Friday, Sunday to Monday). */
static int64_t office_time(int64_t t)
{
    int64_t day = (t + VN_UTC_OFFSET) / DAY;
    int wd = (int)((day + 4) % 7);
    if (wd == 6 || wd == 0)
        day += wd == 6 ? -1 : 1;
    return day * DAY + 7 * 3600 + 1800 + rnd(9 * 60) * 60 - VN_UTC_OFFSET;
}

/* The latest moment of office hours at or before t: nothing arrives on a Sunday. */
int64_t demo_office_before(int64_t t)
{
    int64_t local = t + VN_UTC_OFFSET;
    int64_t day = local / DAY, sec = local % DAY;
    if (sec < 7 * 3600 + 1800) {
        day -= 1;
        sec = 16 * 3600;
    } else if (sec > 16 * 3600 + 1800) {
        sec = 16 * 3600;
    }
    int wd = (int)((day + 4) % 7);
    if (wd == 6 || wd == 0) {
        day -= wd == 6 ? 1 : 2;
        sec = 16 * 3600;
    }
    return day * DAY + sec - VN_UTC_OFFSET;
}

/* ---- the people, acting ------------------------------------------------------------------ */

static actor *actor_new(arena *a, db *d, const char *login, int64_t unit_override)
{
    db_stmt *s = db_stmt_get(d, &q_user_id);
    if (!s)
        return NULL;
    db_bind_text(s, 1, login);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (!id)
        return NULL;
    actor *x = arena_alloc(a, sizeof *x);
    memset(x, 0, sizeof *x);
    ctx probe = {.a = a, .db = d, .data_dir = config.data_dir};
    const user *u = auth_user_load(&probe, id);
    if (!u)
        return NULL;
    x->u = *u;
    if (unit_override)
        x->u.unit_id = unit_override;
    x->c = (ctx){.a = a, .db = d, .user = &x->u, .data_dir = config.data_dir};
    return x;
}

static int64_t lookup(db *d, const db_query *q, const char *text, int64_t n)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return 0;
    if (text)
        db_bind_text(s, 1, text);
    else
        db_bind_int(s, 1, n);
    if (q == &q_unit)
        db_bind_int(s, 2, n);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}

/* ---- the plan: what happens to each document, and when ---------------------------------- */

enum outcome { O_UNROUTED, O_OPEN, O_PROGRESS, O_OVERDUE, O_DONE, O_LATE };

typedef struct plan {
    const source *src; /* NULL: a report of Đảng ủy phường Bình Thủy (electronic) */
    int64_t t0;        /* arrival */
    int64_t unit_id;   /* receiving unit */
    char code[48], issued[16], due[16];
    const char *subject, *doc_type;
    int64_t issuer_unit_id;
    int secrecy, urgency, due_days;
    actor *clerk, *router, *handler, *co_handler;
    in_target lead, co;
    int n_co;
    const char *instruction;
    enum outcome outcome;
    int64_t t_route, t_progress, t_co_done, t_done;
    int64_t id, inbox_id;
    bool registered_only_in_queue; /* stays in the queue, waiting */
} plan;

enum ev_kind { E_SEND, E_REG, E_ROUTE, E_PROGRESS, E_CO_DONE, E_DONE };
typedef struct event {
    int64_t t;
    int plan;
    enum ev_kind kind;
} event;

static int event_cmp(const void *a, const void *b)
{
    const event *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->plan != y->plan)
        return x->plan - y->plan;
    return (int)x->kind - (int)y->kind;
}

static const source *pick_source(int period)
{
    int total = 0;
    for (int i = 0; i < demo_n_sources; i++)
        if (demo_sources[i].period & period)
            total += demo_sources[i].weight;
    int r = rnd(total);
    for (int i = 0; i < demo_n_sources; i++)
        if (demo_sources[i].period & period) {
            if (r < demo_sources[i].weight)
                return &demo_sources[i];
            r -= demo_sources[i].weight;
        }
    return &demo_sources[0];
}

/* The number and notation as the issuer printed it, its sequence advancing with time. */
static void source_code(const source *s, int *counter, char *out, size_t n)
{
    int k = s->first_number + *counter;
    *counter += 1 + rnd(s->step);
    if (s->state_form)
        snprintf(out, n, "%d/%s", k, s->issuer_abbr);
    else
        snprintf(out, n, "%02d-%s/%s", k, s->type_abbr, s->issuer_abbr);
}

static void set_person(in_target *t, actor *a)
{
    *t = (in_target){.user_id = a->u.id};
}

static void set_unit(in_target *t, int64_t unit)
{
    *t = (in_target){.unit_id = unit};
}

/* Chooses handlers and the outcome of a document of the new period. */
static void plan_new(cast *k, plan *p, int recent_index, int n_recent)
{
    bool tw = p->src && !p->src->unit;
    p->unit_id = k->vptu;
    p->clerk = k->vanthu;
    p->router = tw && rnd(100) < 45 ? k->thuongtruc : k->chanhvp;
    int64_t due_t = p->t0 + (int64_t)p->due_days * DAY;
    int64_t age = (k->now - p->t0) / DAY;
    int r = rnd(100);
    if (recent_index >= n_recent - 3)
        p->outcome = O_UNROUTED;
    else if (due_t >= k->now)
        p->outcome = r < 20 ? O_DONE : r < 65 ? O_PROGRESS : O_OPEN;
    else if (age <= 45)
        p->outcome = r < 20 ? O_OVERDUE : r < 70 ? O_DONE : O_LATE;
    else
        p->outcome = r < 3 ? O_OVERDUE : r < 87 ? O_DONE : O_LATE;
    bool open = p->outcome == O_OPEN || p->outcome == O_PROGRESS || p->outcome == O_OVERDUE;
    int who = rnd(open ? 7 : 4);
    bool nhan_su = p->src && p->src->issuer && strstr(p->src->issuer, "Tổ chức");
    if (nhan_su && who < 4)
        who = 1;
    switch (who) {
    case 0:
    case 3:
        set_person(&p->lead, k->chuyenvien);
        p->handler = k->chuyenvien;
        break;
    case 1:
        set_unit(&p->lead, k->btc);
        p->handler = k->chuyenvien2;
        break;
    case 2:
        set_unit(&p->lead, k->p_bt);
        p->handler = k->donvi;
        break;
    case 4:
        set_unit(&p->lead, k->ubkt);
        break;
    case 5:
        set_unit(&p->lead, k->btgdv);
        break;
    default:
        set_unit(&p->lead, k->p_nk);
        break;
    }
    if (p->lead.user_id == k->chuyenvien->u.id && rnd(100) < 35) {
        set_unit(&p->co, k->btc);
        p->co_handler = k->chuyenvien2;
        p->n_co = 1;
    } else if (open && rnd(100) < 40) {
        set_unit(&p->co, rnd(2) ? k->btgdv : k->p_bt);
        p->co_handler = p->co.unit_id == k->p_bt ? k->donvi : NULL;
        p->n_co = 1;
    }
}

static void plan_old(cast *k, plan *p)
{
    p->unit_id = k->vptu_old;
    p->clerk = k->vanthu_old;
    /* The same Chánh Văn phòng routes, acting from today's office: its scope holds both the old
     * office (whose records passed to it) and the specialists it names, who sit in today's
     * office; acting from the dissolved office it could name nobody there. */
    p->router = p->src->unit == NULL && rnd(100) < 30 ? k->thuongtruc : k->chanhvp;
    p->outcome = rnd(100) < 88 ? O_DONE : O_LATE;
    if (!p->src->unit && rnd(100) < 20) {
        /* the Standing Committee gives the Chánh Văn phòng the lead, a specialist helps */
        p->router = k->thuongtruc;
        set_person(&p->lead, k->chanhvp);
        p->handler = k->chanhvp_old;
        set_person(&p->co, k->chuyenvien);
        p->co_handler = k->chuyenvien;
        p->n_co = 1;
    } else if (rnd(100) < 60 || p->src->unit) {
        set_person(&p->lead, k->chuyenvien);
        p->handler = k->chuyenvien;
        if (rnd(100) < 30) {
            set_unit(&p->co, k->btc_old);
            p->co_handler = k->chuyenvien2_old;
            p->n_co = 1;
        }
    } else {
        set_unit(&p->lead, k->btc_old);
        p->handler = k->chuyenvien2_old;
    }
}

/* The times of routing, progress and completion, consistent with the outcome and today. */
static void plan_times(cast *k, plan *p)
{
    p->t_route = demo_office_hours(p->t0 + (p->urgency ? 1800 : 2 * 3600 + rnd(4) * 3600));
    if (p->t_route >= k->now - 600) { /* arrived too late today (or Friday evening) */
        p->outcome = O_UNROUTED;
        return;
    }
    int64_t due_end = vn_time(p->due, 16, 30);
    if (p->outcome == O_LATE) {
        p->t_done = demo_office_hours(due_end + (1 + rnd(9)) * DAY);
        if (p->t_done >= k->now - 3600) /* finished on the last working day, late */
            p->t_done = demo_office_before(k->now - DAY);
        if (p->t_done <= due_end)
            p->outcome = O_OVERDUE;
    }
    if (p->outcome == O_DONE) {
        int64_t span = due_end - p->t_route;
        p->t_done =
            demo_office_hours(p->t_route + span / 3 + rnd((int)(span / 2 / 3600) + 1) * 3600);
        if (p->t_done > due_end)
            p->t_done = demo_office_before(due_end - 3600);
        if (p->t_done >= k->now - 3600 || p->t_done <= p->t_route)
            p->outcome = due_end < k->now ? O_OVERDUE : O_PROGRESS;
    }
    if (p->outcome == O_DONE || p->outcome == O_LATE) {
        if (!p->handler) /* only people with an account can report completion */
            p->outcome = due_end < k->now ? O_OVERDUE : O_PROGRESS;
    }
    if (p->outcome == O_DONE || p->outcome == O_LATE) {
        p->t_progress = p->t_route + (p->t_done - p->t_route) / 2;
        p->t_co_done = demo_office_before(p->t_done - 3600);
    } else if (p->handler && (p->outcome == O_PROGRESS || (p->outcome == O_OVERDUE && rnd(2)))) {
        p->t_progress = p->t_route + (k->now - p->t_route) / 2;
    }
    if (p->t_progress)
        p->t_progress = demo_office_hours(p->t_progress);
    if (p->t_progress && p->t_progress >= k->now)
        p->t_progress = 0;
    /* Office hours may push a step past the next one: keep each document's steps in order. */
    if (p->t_done && p->t_progress && (p->t_progress <= p->t_route || p->t_progress >= p->t_done))
        p->t_progress = p->t_route + (p->t_done - p->t_route) / 2;
    if (p->t_co_done && p->t_co_done <= p->t_progress)
        p->t_co_done = p->t_progress + (p->t_done - p->t_progress) / 2;
    if (!(p->outcome == O_DONE || p->outcome == O_LATE) || !p->co_handler)
        p->t_co_done = 0;
}

/* ---- acting it out ----------------------------------------------------------------------- */

static const db_query q_inbox_of = {
    "demo_in.inbox_of", "SELECT id FROM inbox WHERE outgoing_id = ?1 AND to_unit_id = ?2", NULL};

int demo_fail(char **err_r, const char *what, const char *msg)
{
    char buf[600];
    snprintf(buf, sizeof buf, "%s: %s", what, msg ? msg : "?");
    *err_r = strdup(buf);
    return -1;
}

/* Đảng ủy phường Bình Thủy issues a report to the city's office: numbered in the ward's own
 * register (the real allocator), delivered to the office's electronic queue. */
static int ward_send(cast *k, plan *p, int64_t reg_id, char **err_r)
{
    ctx *c = &k->donvi->c;
    const doc_register *reg = catalog_register_get(c, reg_id);
    if (!reg)
        return demo_fail(err_r, "ward register", NULL);
    char date[16], iso[32];
    vn_date(clock_now(), date);
    clock_iso(clock_now(), iso, sizeof iso);
    if (db_begin_write(c->db) != 0)
        return demo_fail(err_r, "ward report", "database busy");
    long number;
    const char *notation, *period, *err = NULL;
    int rc = numbering_allocate(c, reg, p->doc_type, 0, date, &number, &notation, &period, &err);
    const char *body = "Thực hiện chỉ đạo của Ban Thường vụ Thành ủy, Ban Thường vụ Đảng ủy "
                       "phường Bình Thủy báo cáo như sau (dữ liệu mẫu).";
    db_stmt *s = rc == 0 ? db_stmt_get(c->db, &q_out_issued) : NULL;
    if (s) {
        db_bind_int(s, 1, reg_id);
        db_bind_int(s, 2, k->p_bt);
        db_bind_text(s, 3, p->doc_type);
        db_bind_text(s, 4, p->subject);
        db_bind_text(s, 5, body);
        db_bind_int(s, 6, p->urgency);
        db_bind_int(s, 7, k->donvi->u.id);
        db_bind_text(s, 8, iso);
        db_bind_int(s, 9, k->vanthu_bt->u.id);
        db_bind_text(s, 10, date);
        db_bind_int(s, 11, number);
        db_bind_text(s, 12, notation);
        db_bind_text(s, 13, period);
        rc = db_exec(s) == DB_DONE ? 0 : -1;
    } else {
        rc = -1;
    }
    int64_t out_id = rc == 0 ? db_last_id(c->db) : 0;
    if (rc == 0 && (s = db_stmt_get(c->db, &q_out_version))) {
        db_bind_int(s, 1, out_id);
        db_bind_text(s, 2, p->subject);
        db_bind_text(s, 3, body);
        db_bind_int(s, 4, k->donvi->u.id);
        db_bind_text(s, 5, iso);
        rc = db_exec(s) == DB_DONE ? 0 : -1;
    }
    if (rc == 0 && (s = db_stmt_get(c->db, &q_out_recipient))) {
        db_bind_int(s, 1, out_id);
        db_bind_int(s, 2, k->vptu);
        db_bind_text(s, 3, "Văn phòng Thành ủy Cần Thơ");
        db_bind_text(s, 4, iso);
        rc = db_exec(s) == DB_DONE ? 0 : -1;
    }
    if (rc == 0)
        rc = outgoing_event(c, out_id, "draft", NULL);
    if (rc == 0)
        rc = outgoing_event(&k->vanthu_bt->c, out_id, "issue", notation);
    if (rc == 0)
        rc = inbox_deliver(c,
                           &(inbox_doc){.outgoing_id = out_id,
                                        .from_unit_id = k->p_bt,
                                        .code = notation,
                                        .subject = p->subject,
                                        .doc_type = p->doc_type,
                                        .issued_date = date,
                                        .body = body,
                                        .urgency = p->urgency},
                           k->vptu);
    if (rc == 0)
        rc = audit_log(c->db, &k->vanthu_bt->u, "outgoing.issue", "outgoing", out_id, NULL, NULL);
    if (rc != 0 || db_commit(c->db) != 0) {
        db_rollback(c->db);
        return demo_fail(err_r, "ward report", err);
    }
    snprintf(p->code, sizeof p->code, "%s", notation);
    snprintf(p->issued, sizeof p->issued, "%s", date);
    if ((s = db_stmt_get(c->db, &q_inbox_of))) {
        db_bind_int(s, 1, out_id);
        db_bind_int(s, 2, k->vptu);
        p->inbox_id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
        db_reset(s);
    }
    return 0;
}

static int run_event(cast *k, plan *plans, const event *ev, int64_t ward_reg, char **err_r)
{
    plan *p = &plans[ev->plan];
    clock_set_fake(ev->t);
    web_err e;
    memset(&e, 0, sizeof e);
    int rc = 0;
    switch (ev->kind) {
    case E_SEND:
        return ward_send(k, p, ward_reg, err_r);
    case E_REG: {
        bool tw = p->src && !p->src->unit;
        in_new in = {
            .unit_id = p->unit_id,
            .inbox_id = p->inbox_id,
            .issuer_unit_id = p->issuer_unit_id,
            .issuer_name = p->src ? p->src->issuer : NULL,
            .code = p->inbox_id ? NULL : p->code,
            .doc_type = p->doc_type,
            .issued_date = p->inbox_id ? NULL : p->issued,
            .subject = p->inbox_id ? NULL : p->subject,
            .pages = 1 + rnd(12),
            .secrecy = secrecy_code(p->secrecy),
            .urgency = urgency_code(p->urgency),
            .channel = tw && !p->secrecy && rnd(100) < 60 ? "electronic" : "paper",
        };
        int64_t number;
        p->id = incoming_register(&p->clerk->c, &in, &number, &e);
        rc = p->id > 0 ? 0 : -1;
        break;
    }
    case E_ROUTE: {
        in_assign in = {
            .lead = p->lead, .n_co = p->n_co, .due_date = p->due, .instruction = p->instruction};
        in.co[0] = p->co;
        rc = routing_assign(&p->router->c, p->id, &in, &e);
        break;
    }
    case E_PROGRESS: {
        in_step in = {.action = IN_PROGRESS, .note = demo_progress_notes[rnd(5)]};
        rc = routing_step(&p->handler->c, p->id, &in, &e);
        break;
    }
    case E_CO_DONE: {
        in_step in = {.action = IN_DONE, .note = "Đã phối hợp, gửi ý kiến về đơn vị chủ trì."};
        rc = routing_step(&p->co_handler->c, p->id, &in, &e);
        break;
    }
    case E_DONE: {
        in_step in = {.action = IN_DONE, .note = demo_done_notes[rnd(5)]};
        rc = routing_step(&p->handler->c, p->id, &in, &e);
        break;
    }
    }
    if (rc != 0) {
        char what[160];
        snprintf(what, sizeof what, "incoming demo, document %d (%s), step %d", ev->plan, p->code,
                 (int)ev->kind);
        return demo_fail(err_r, what, web_err_message(&e));
    }
    return 0;
}

/* Subjects about the aftermath of the 2025 reorganisation: never before 1/7/2025. */
static const char *const new_only[] = {
    "Về việc rà soát, thống kê tài liệu lưu trữ của các đảng bộ cấp huyện kết thúc hoạt động",
    "Về việc chuyển sinh hoạt đảng cho đảng viên khi kết thúc hoạt động cấp huyện",
    "Về việc bàn giao trụ sở, tài sản của các cơ quan cấp huyện sau sắp xếp",
};

static bool is_new_only(const char *subject)
{
    for (size_t i = 0; i < sizeof new_only / sizeof new_only[0]; i++)
        if (strcmp(subject, new_only[i]) == 0)
            return true;
    return false;
}

/* A directive, resolution, conclusion, guide or submission is issued once: when an issuer's are
 * used up, the document becomes a routine one (công văn, báo cáo, tờ trình) of another source. */
static bool one_off(const source *s)
{
    return strcmp(s->doc_type, "chi_thi") == 0 || strcmp(s->doc_type, "ket_luan") == 0 ||
           strcmp(s->doc_type, "nghi_quyet") == 0 || strcmp(s->doc_type, "huong_dan") == 0 ||
           strcmp(s->doc_type, "to_trinh") == 0;
}

static const char *pick_subject(plan *p, int used[DEMO_MAX_SOURCES], bool old)
{
    for (int tries = 0; tries < 2; tries++) {
        int si = (int)(p->src - demo_sources), n = 0;
        while (n < 8 && p->src->subjects[n])
            n++;
        if (!(one_off(p->src) && used[si] >= n)) {
            for (int k = 0; k < n; k++) {
                const char *subject = p->src->subjects[used[si]++ % n];
                if (!(old && is_new_only(subject)))
                    return subject;
            }
        }
        for (int k = 0; k < 20 && (k == 0 || one_off(p->src)); k++)
            p->src = pick_source(old ? OLD : NEW);
    }
    return p->src->subjects[0];
}

/* Builds every document's plan: n_old before 1/7/2025, n_new from then to today (the last
 * month busier), about one in seven of the new ones reports of Bình Thủy sent electronically,
 * plus three of them still waiting in the office's queue. */
static int build_plans(cast *k, plan *plans, int n_old, int n_new)
{
    int counters[DEMO_MAX_SOURCES] = {0}, used[DEMO_MAX_SOURCES] = {0};
    int64_t new_period = vn_time(NEW_PERIOD, 0, 0);
    int n = 0, n_tt = 0, n_bc = 0;
    int64_t old_first = vn_time(OLD_FIRST, 8, 0), old_last = vn_time("2025-06-27", 8, 0);
    for (int i = 0; i < n_old; i++, n++) {
        plan *p = &plans[n];
        p->src = pick_source(OLD);
        p->t0 = office_time(old_first + (old_last - old_first) * i / n_old);
        plan_old(k, p);
    }
    int64_t new_first = vn_time(NEW_PERIOD, 8, 0) + DAY;
    int64_t month_ago = k->now - 30 * DAY;
    if (month_ago < new_first + 30 * DAY)
        month_ago = new_first + 30 * DAY;
    int n_busy = n_new / 3;
    int64_t latest = demo_office_before(k->now - 1800);
    for (int i = 0; i < n_new; i++, n++) {
        plan *p = &plans[n];
        int64_t t = i < n_new - n_busy
                        ? new_first + (month_ago - new_first) * i / (n_new - n_busy)
                        : month_ago + (int64_t)((double)(k->now - DAY / 2 - month_ago) *
                                                sqrt((double)(i - (n_new - n_busy)) / n_busy));
        p->t0 = office_time(t);
        if (p->t0 > latest)
            p->t0 = latest - rnd(6) * 1800;
        p->src = rnd(7) == 0 ? NULL : pick_source(NEW);
        int recent = i - (n_new - n_busy);
        /* A few that make the demo worth opening: secret ones routed to named people, an
         * urgent one, a deadline tomorrow. */
        if (recent == 5 || recent == 9 || recent == 14)
            p->src = &demo_sources[5]; /* Ban Tổ chức Trung ương, công văn */
        if (recent == 3 || recent == 20)
            p->src = &demo_sources[9]; /* Ủy ban Kiểm tra Trung ương */
        p->due_days = 5 + rnd(11);
        plan_new(k, p, recent >= 0 ? recent : 0, recent >= 0 ? n_busy : n_busy + 10);
        if (recent == 5 || recent == 9) {
            p->secrecy = SECRECY_MAT;
            set_person(&p->lead, recent == 5 ? k->chuyenvien2 : k->chuyenvien);
            p->handler = recent == 5 ? k->chuyenvien2 : k->chuyenvien;
            p->n_co = 0;
            p->outcome = O_PROGRESS;
            p->router = k->chanhvp;
        } else if (recent == 14) {
            p->secrecy = SECRECY_TOI_MAT;
            set_person(&p->lead, k->chanhvp);
            p->handler = k->chanhvp;
            p->n_co = 0;
            p->outcome = O_OPEN;
            p->router = k->thuongtruc;
        } else if (recent == 3 || recent == 20) {
            p->urgency = recent == 3 ? URGENCY_HOA_TOC : URGENCY_THUONG_KHAN;
            p->due_days = 2;
        }
        if (!p->src && recent >= n_busy - 3)
            p->registered_only_in_queue = true;
    }
    /* Three more of the ward's reports, sent in the last two days and still in the queue. */
    for (int i = 0; i < 3; i++, n++) {
        plan *p = &plans[n];
        p->src = NULL;
        p->t0 = demo_office_hours(k->now - (2 - i) * DAY / 2 - 4 * 3600);
        if (p->t0 > latest)
            p->t0 = latest - (3 - i) * 1800;
        p->registered_only_in_queue = true;
        plan_new(k, p, n_busy, n_busy);
    }
    for (int i = 0; i < n; i++) {
        plan *p = &plans[i];
        if (p->src) {
            p->subject = pick_subject(p, used, p->t0 < new_period);
            int si = (int)(p->src - demo_sources);
            source_code(p->src, &counters[si], p->code, sizeof p->code);
            p->doc_type = p->src->doc_type;
            if (p->src->unit)
                p->issuer_unit_id =
                    lookup(k->vanthu->c.db, &q_unit, p->src->unit, p->src->unit_active);
            vn_date(p->t0 - (int64_t)(p->src->days_to_arrive + rnd(4)) * DAY, p->issued);
        } else {
            bool tt = rnd(3) == 0;
            p->doc_type = tt ? "to_trinh" : "bao_cao";
            p->subject = tt ? demo_ward_tt_subjects[n_tt++ % 3] : demo_ward_subjects[n_bc++ % 6];
            if (tt && p->lead.user_id == k->chuyenvien->u.id && p->outcome != O_UNROUTED) {
                /* personnel matters go to the Ban Tổ chức */
                set_unit(&p->lead, k->btc);
                p->handler = k->chuyenvien2;
                p->n_co = 0;
                p->co_handler = NULL;
            }
        }
        if (!p->due_days)
            p->due_days = 7 + rnd(14);
        if (!p->urgency && rnd(100) < 5)
            p->urgency = URGENCY_KHAN;
        vn_date(p->t0 + (int64_t)p->due_days * DAY, p->due);
        /* A leader's deadline is a working day (issue 13: routing refuses a day off). */
        workdays_next(k->vanthu->c.db, p->due, p->due);
        p->instruction = demo_instructions[rnd(8)];
        plan_times(k, p);
    }
    return n;
}

static int act_out(cast *k, plan *plans, int n, int64_t ward_reg, char **err_r)
{
    event *ev = calloc((size_t)n * 6, sizeof *ev);
    if (!ev)
        return demo_fail(err_r, "incoming demo", "out of memory");
    int m = 0;
    for (int i = 0; i < n; i++) {
        plan *p = &plans[i];
        if (!p->src)
            ev[m++] = (event){demo_office_before(p->t0 - 3 * 3600 - rnd(20) * 3600) - rnd(4) * 1800,
                              i, E_SEND};
        if (p->registered_only_in_queue)
            continue;
        ev[m++] = (event){p->t0, i, E_REG};
        if (p->outcome == O_UNROUTED)
            continue;
        ev[m++] = (event){p->t_route, i, E_ROUTE};
        if (p->t_progress)
            ev[m++] = (event){p->t_progress, i, E_PROGRESS};
        if (p->t_co_done)
            ev[m++] = (event){p->t_co_done, i, E_CO_DONE};
        if (p->outcome == O_DONE || p->outcome == O_LATE)
            ev[m++] = (event){p->t_done, i, E_DONE};
    }
    qsort(ev, (size_t)m, sizeof *ev, event_cmp);
    int rc = 0;
    for (int i = 0; rc == 0 && i < m; i++)
        rc = run_event(k, plans, &ev[i], ward_reg, err_r);
    free(ev);
    return rc;
}

/* ---- the seed ---------------------------------------------------------------------------- */

#define N_OLD 90
#define N_NEW 150

int docs_demo_incoming_seed(db *d, char **err_r)
{
    *err_r = NULL;
    db_stmt *any = db_stmt_get(d, &q_any_incoming);
    bool seeded = any && db_step(any) == DB_ROW;
    if (any)
        db_reset(any);
    if (seeded)
        return 0; /* already has incoming documents: not an empty demo office */
    arena *a = arena_new();
    cast k = {0};
    k.tu = lookup(d, &q_unit, "Thành ủy Cần Thơ", 1);
    k.vptu = lookup(d, &q_unit, "Văn phòng Thành ủy Cần Thơ", 1);
    k.btc = lookup(d, &q_unit, "Ban Tổ chức Thành ủy Cần Thơ", 1);
    k.btgdv = lookup(d, &q_unit, "Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ", 1);
    k.ubkt = lookup(d, &q_unit, "Ủy ban Kiểm tra Thành ủy Cần Thơ", 1);
    k.p_bt = lookup(d, &q_unit, "Đảng ủy phường Bình Thủy", 1);
    k.p_nk = lookup(d, &q_unit, "Đảng ủy phường Ninh Kiều", 1);
    k.p_cr = lookup(d, &q_unit, "Đảng ủy phường Cái Răng", 1);
    k.x_pd = lookup(d, &q_unit, "Đảng ủy xã Phong Điền", 1);
    k.vptu_old = lookup(d, &q_unit, "Văn phòng Thành ủy Cần Thơ", 0);
    k.btc_old = lookup(d, &q_unit, "Ban Tổ chức Thành ủy Cần Thơ", 0);
    k.vanthu = actor_new(a, d, "vanthu", 0);
    k.vanthu_old = actor_new(a, d, "vanthu", k.vptu_old);
    k.chanhvp = actor_new(a, d, "chanhvp", 0);
    k.chanhvp_old = actor_new(a, d, "chanhvp", k.vptu_old);
    k.thuongtruc = actor_new(a, d, "thuongtruc", 0);
    k.chuyenvien = actor_new(a, d, "chuyenvien", 0);
    k.chuyenvien2 = actor_new(a, d, "chuyenvien2", 0);
    k.chuyenvien2_old = actor_new(a, d, "chuyenvien2", k.btc_old);
    k.donvi = actor_new(a, d, "donvi", 0);
    k.vanthu_bt = actor_new(a, d, "vanthu.binhthuy", 0);
    int64_t vptu_reg = lookup(d, &q_register_of, NULL, k.vptu);
    int64_t ward_reg = lookup(d, &q_register_of, NULL, k.p_bt);
    int rc = 0;
    if (!k.tu || !k.vptu || !k.btc || !k.btgdv || !k.ubkt || !k.p_bt || !k.p_nk || !k.p_cr ||
        !k.x_pd || !k.vptu_old || !k.btc_old || !k.vanthu || !k.vanthu_old || !k.chanhvp ||
        !k.chanhvp_old || !k.thuongtruc || !k.chuyenvien || !k.chuyenvien2 || !k.chuyenvien2_old ||
        !k.donvi || !k.vanthu_bt || !vptu_reg || !ward_reg)
        rc = demo_fail(err_r, "incoming demo",
                       "the demo org tree, accounts or registers are missing");
    k.now = clock_now();
    /* The seed moves the clock through the past; afterwards the caller gets back the clock it
     * had: a fixed one (tests, VANPHONG_FAKE_NOW) or the real one. */
    int64_t caller_clock = llabs(k.now - (int64_t)time(NULL)) > 5 ? k.now : 0;
    vn_date(k.now, k.today);
    rng_state = 20250701u;
    plan *plans = calloc(N_OLD + N_NEW + 3, sizeof *plans);
    if (rc == 0 && !plans)
        rc = demo_fail(err_r, "incoming demo", "out of memory");
    int n = rc == 0 ? build_plans(&k, plans, N_OLD, N_NEW) : 0;
    if (rc == 0)
        rc = act_out(&k, plans, n, ward_reg, err_r);
    if (rc == 0)
        rc = demo_act_outgoing(&k, vptu_reg, err_r);
    /* Dossiers of the office: this year's, open, and the one on the district committees'
     * hand-over, closed eleven months ago, so its hand-over to the archive is due soon. */
    int year = atoi(k.today);
    int64_t closed = k.now - 340 * DAY;
    int64_t opened = vn_time("2025-07-03", 8, 0);
    if (closed < opened + 30 * DAY)
        closed = opened + 30 * DAY;
    char closed_date[16], jan[16];
    vn_date(closed, closed_date);
    snprintf(jan, sizeof jan, "%04d-01-05", year);
    if (rc == 0)
        rc = demo_dossier(&k, 2025,
                          "Hồ sơ tiếp nhận văn bản, tài liệu của các đảng bộ cấp huyện kết thúc "
                          "hoạt động",
                          "TH", 0, demo_office_hours(opened), demo_office_hours(closed), NEW_PERIOD,
                          closed_date, 0, 6, err_r);
    if (rc == 0)
        rc = demo_dossier(&k, year,
                          "Hồ sơ chỉ đạo, triển khai thực hiện các chỉ thị, nghị quyết, kết luận "
                          "của Trung ương",
                          "TH", 0, demo_office_hours(vn_time(jan, 8, 0)), 0, jan, k.today, 1, 8,
                          err_r);
    if (rc == 0)
        rc = demo_dossier(&k, year, "Hồ sơ báo cáo định kỳ của các đảng ủy trực thuộc", "TH", 10,
                          demo_office_hours(vn_time(jan, 9, 0)), 0, jan, k.today, 0, 6, err_r);
    clock_set_fake(caller_clock);
    /* What happened before the last two days has been read; what is new shows as new. */
    char iso[32];
    clock_iso(k.now - 2 * DAY, iso, sizeof iso);
    db_stmt *s;
    if (rc == 0 && db_begin_write(d) == 0) {
        if ((s = db_stmt_get(d, &q_read_old))) {
            db_bind_text(s, 1, iso);
            rc = db_exec(s) == DB_DONE ? 0 : -1;
        }
        if (rc == 0)
            rc = audit_log(d, NULL, "docs.demo_incoming_seed", "incoming", 0, NULL, NULL);
        if (rc != 0 || db_commit(d) != 0) {
            db_rollback(d);
            rc = demo_fail(err_r, "incoming demo", "could not finish the seed");
        }
    }
    free(plans);
    arena_free(&a);
    return rc;
}
