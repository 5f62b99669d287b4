/* Văn bản đi — the model: loading, the visibility rule, lists, the trace, JSON views.
 * The state changes are in outgoing_flow.c, pages in outgoing_web.c, the API in
 * outgoing_api.c. */
#include "outgoing/outgoing.h"

#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "files/files.h"
#include "catalog/catalog.h"
#include "catalog/vocab.h"
#include "exchange/exchange.h"
#include "outgoing/outgoing_impl.h"
#include "org/org.h"

#define OUT_COLS                                                                                   \
    "id, register_id, unit_id, doc_type, subject, body, secrecy, urgency, status, version, "       \
    "signer_id, drafted_by, approved_by, approved_at, signed_by, signed_at, issued_by, "           \
    "issued_at, issued_date, number, notation, replaces_id, replaced_by_id, recalled_at, "         \
    "recall_reason, file_copy_to, copies, created_at, submitted_to, submitted_at, reply_to_id"

static const db_query q_get = {"outgoing.get", "SELECT " OUT_COLS " FROM outgoing WHERE id = ?1",
                               NULL};
/* Newest first; the visibility rule is applied in C on each row (it depends on the caller's
 * role, scope and part in the document). */
static const db_query q_list = {
    "outgoing.list",
    "SELECT " OUT_COLS " FROM outgoing "
    "WHERE (?1 IS NULL OR status = ?1) "
    "AND (?2 IS NULL OR coalesce(issued_date, substr(created_at, 1, 10)) >= ?2) "
    "AND (?3 IS NULL OR coalesce(issued_date, substr(created_at, 1, 10)) <= ?3) "
    "AND (?4 IS NULL OR instr(subject, ?4) > 0 OR instr(coalesce(notation, ''), ?4) > 0) "
    "ORDER BY id DESC",
    NULL,
};
static const db_query q_events = {
    "outgoing.events",
    "SELECT action, note, created_by, created_at FROM outgoing_events WHERE outgoing_id = ?1 "
    "ORDER BY id",
    NULL,
};
static const db_query q_event_add = {
    "outgoing.event_add",
    "INSERT INTO outgoing_events (outgoing_id, action, note, created_by, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)",
    NULL,
};
static const db_query q_comments = {
    "outgoing.comments",
    "SELECT version, body, created_by, created_at FROM outgoing_comments "
    "WHERE outgoing_id = ?1 ORDER BY id",
    NULL,
};
static const db_query q_versions = {
    "outgoing.versions",
    "SELECT version, subject, body, created_by, created_at FROM outgoing_versions "
    "WHERE outgoing_id = ?1 ORDER BY version DESC",
    NULL,
};
static const db_query q_recipients = {
    "outgoing.recipients",
    "SELECT unit_id, name, copies, method, sent_at FROM outgoing_recipients "
    "WHERE outgoing_id = ?1 ORDER BY id",
    NULL,
};

const char *const out_status_codes[] = {"draft", "approved", "signed", "issued", "recalled", NULL};

const char *out_status_code(enum out_status s)
{
    return (unsigned)s < 5 ? out_status_codes[s] : "draft";
}

enum out_status out_status_from_code(const char *s)
{
    for (int i = 0; s && i < 5; i++)
        if (strcmp(s, out_status_codes[i]) == 0)
            return (enum out_status)i;
    return OUT_DRAFT;
}

const char *out_status_label(enum out_status s)
{
    switch (s) {
    case OUT_APPROVED:
        return _("Đã phê duyệt");
    case OUT_SIGNED:
        return _("Đã ký");
    case OUT_ISSUED:
        return _("Đã phát hành");
    case OUT_RECALLED:
        return _("Đã thu hồi");
    default:
        return _("Dự thảo");
    }
}

static const char *dup(ctx *c, db_stmt *s, int col)
{
    return arena_strdup(c->a, db_col_text(s, col));
}

static void read_row(ctx *c, db_stmt *s, outgoing *o)
{
    o->id = db_col_int(s, 0);
    o->register_id = db_col_int(s, 1);
    o->unit_id = db_col_int(s, 2);
    o->doc_type = dup(c, s, 3);
    o->subject = dup(c, s, 4);
    o->body = dup(c, s, 5);
    o->secrecy = (int)db_col_int(s, 6);
    o->urgency = (int)db_col_int(s, 7);
    o->status = out_status_from_code(db_col_text(s, 8));
    o->version = (int)db_col_int(s, 9);
    o->signer_id = db_col_int(s, 10);
    o->drafted_by = db_col_int(s, 11);
    o->approved_by = db_col_int(s, 12);
    o->approved_at = dup(c, s, 13);
    o->signed_by = db_col_int(s, 14);
    o->signed_at = dup(c, s, 15);
    o->issued_by = db_col_int(s, 16);
    o->issued_at = dup(c, s, 17);
    o->issued_date = dup(c, s, 18);
    o->number = (long)db_col_int(s, 19);
    o->notation = dup(c, s, 20);
    o->replaces_id = db_col_int(s, 21);
    o->replaced_by_id = db_col_int(s, 22);
    o->recalled_at = dup(c, s, 23);
    o->recall_reason = dup(c, s, 24);
    o->file_copy_to = dup(c, s, 25);
    o->copies = (int)db_col_int(s, 26);
    o->created_at = dup(c, s, 27);
    o->submitted_to = db_col_int(s, 28);
    o->submitted_at = dup(c, s, 29);
    o->reply_to_id = db_col_int(s, 30);
}

outgoing *outgoing_load(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s || id <= 0)
        return NULL;
    db_bind_int(s, 1, id);
    outgoing *o = NULL;
    if (db_step(s) == DB_ROW) {
        o = arena_alloc(c->a, sizeof *o);
        read_row(c, s, o);
    }
    db_reset(s);
    return o;
}

const char *outgoing_user_name(ctx *c, int64_t user_id)
{
    if (user_id <= 0)
        return "";
    const user *u = auth_user_load(c, user_id);
    return u && u->name ? u->name : "";
}

bool outgoing_involved(ctx *c, const outgoing *o)
{
    int64_t me = c->user ? c->user->id : 0;
    return me > 0 && (me == o->drafted_by || me == o->approved_by || me == o->signed_by ||
                      me == o->signer_id || me == o->issued_by || me == o->submitted_to);
}

bool outgoing_visible(ctx *c, const outgoing *o)
{
    if (!c->user || !o)
        return false;
    if (outgoing_involved(c, o))
        return true;
    if (!org_unit_in_scope(c, o->unit_id))
        return false;
    if (o->secrecy == SECRECY_NONE)
        return true;
    /* Secret: the unit's clerks (they number and dispatch it) and the leaders the secrecy
     * rule allows; the admin role is technical and never sees secret documents. */
    return c->user->role == ROLE_CLERK || secrecy_leader_may_see(c);
}

bool outgoing_may_see(ctx *c, int64_t id)
{
    return outgoing_visible(c, outgoing_load(c, id));
}

const outgoing *outgoing_get(ctx *c, int64_t id)
{
    outgoing *o = outgoing_load(c, id);
    if (!outgoing_visible(c, o))
        return NULL;
    o->drafter_name = outgoing_user_name(c, o->drafted_by);
    o->approver_name = outgoing_user_name(c, o->approved_by);
    o->signer_name = outgoing_user_name(c, o->signed_by ? o->signed_by : o->signer_id);
    o->submitted_to_name = outgoing_user_name(c, o->submitted_to);
    return o;
}

int outgoing_audit_open(ctx *c, const outgoing *o)
{
    if (o->secrecy == SECRECY_NONE)
        return 0;
    if (db_begin_write(c->db) != 0)
        return -1;
    if (audit_log(c->db, c->user, "doc.open_secret", "outgoing", o->id, NULL, NULL) != 0 ||
        db_commit(c->db) != 0) {
        db_rollback(c->db);
        return -1;
    }
    return 0;
}

static bool is_leader(ctx *c)
{
    return c->user->role == ROLE_OFFICE_LEADER || c->user->role == ROLE_COMMITTEE_LEADER;
}

bool outgoing_may_edit(ctx *c, const outgoing *o)
{
    return c->user && c->user->role != ROLE_ADMIN && o->status == OUT_DRAFT &&
           (c->user->id == o->drafted_by || is_leader(c) || c->user->role == ROLE_CLERK) &&
           org_unit_in_scope(c, o->unit_id);
}

bool outgoing_may_approve(ctx *c, const outgoing *o)
{
    return c->user && is_leader(c) && org_unit_in_scope(c, o->unit_id);
}

bool outgoing_may_sign(ctx *c, const outgoing *o, const doc_register *reg)
{
    if (!c->user)
        return false;
    if (!org_unit_in_scope(c, o->unit_id))
        return false;
    if (o->signer_id > 0)
        return c->user->id == o->signer_id;
    /* A committee leader may sign what an office leader may (T/M, K/T chains upward). */
    if (c->user->role == ROLE_COMMITTEE_LEADER)
        return true;
    return reg && strcmp(role_code(c->user->role), reg->signer_role) == 0;
}

bool outgoing_may_issue(ctx *c, const outgoing *o)
{
    return c->user && c->user->role == ROLE_CLERK && org_unit_in_scope(c, o->unit_id);
}

bool outgoing_may_recall(ctx *c, const outgoing *o)
{
    return c->user && (c->user->role == ROLE_CLERK || is_leader(c)) &&
           org_unit_in_scope(c, o->unit_id);
}

int outgoing_list_total(ctx *c, const out_filter *f, outgoing_cb cb, void *arg, int64_t *total_r)
{
    if (total_r)
        *total_r = 0;
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s || !c->user)
        return 0;
    db_bind_text(s, 1, f && f->status && *f->status ? f->status : NULL);
    db_bind_text(s, 2, f && f->from && *f->from ? f->from : NULL);
    db_bind_text(s, 3, f && f->to && *f->to ? f->to : NULL);
    db_bind_text(s, 4, f && f->q && *f->q ? f->q : NULL);
    int limit = f && f->limit > 0 ? f->limit : 50, offset = f ? f->offset : 0;
    int n = 0;
    int64_t seen = 0;
    /* One row past the page is the scratch row of the count (visibility is decided here). */
    outgoing *v = arena_alloc(c->a, sizeof *v * (size_t)(limit + 1));
    while ((n < limit || total_r) && db_step(s) == DB_ROW) {
        read_row(c, s, &v[n]);
        if (!outgoing_visible(c, &v[n]))
            continue;
        if (seen++ < offset || n == limit)
            continue;
        n++;
    }
    db_reset(s);
    if (total_r)
        *total_r = seen;
    for (int i = 0; i < n; i++)
        cb(c, &v[i], arg);
    return n;
}

int outgoing_list(ctx *c, const out_filter *f, outgoing_cb cb, void *arg)
{
    return outgoing_list_total(c, f, cb, arg, NULL);
}

int outgoing_event(ctx *c, int64_t id, const char *action, const char *note)
{
    db_stmt *s = db_stmt_get(c->db, &q_event_add);
    if (!s)
        return DB_ERROR;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, action);
    db_bind_text(s, 3, note);
    if (c->user)
        db_bind_int(s, 4, c->user->id);
    char now[32]; /* the controllable clock, like every other timestamp of the trace */
    clock_iso(clock_now(), now, sizeof now);
    db_bind_text(s, 5, now);
    return db_exec(s) == DB_DONE ? 0 : DB_ERROR;
}

/* Each *_each copies the rows first so the callback may run other statements. */
typedef struct row4 {
    const char *a, *b, *d;
    int64_t n, by;
} row4;

static int collect(ctx *c, const db_query *q, int64_t id, int kind, row4 **rows_r)
{
    db_stmt *s = db_stmt_get(c->db, q);
    int n = 0, cap = 16;
    row4 *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    if (s)
        db_bind_int(s, 1, id);
    while (s && db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        row4 *r = &v[n++];
        if (kind == 0) { /* events: action, note, by, at */
            r->a = dup(c, s, 0);
            r->b = dup(c, s, 1);
            r->by = db_col_int(s, 2);
            r->d = dup(c, s, 3);
        } else if (kind == 1) { /* comments: version, body, by, at */
            r->n = db_col_int(s, 0);
            r->b = dup(c, s, 1);
            r->by = db_col_int(s, 2);
            r->d = dup(c, s, 3);
        } else { /* versions: version, subject, body, by, at */
            r->n = db_col_int(s, 0);
            r->a = dup(c, s, 1);
            r->b = dup(c, s, 2);
            r->by = db_col_int(s, 3);
            r->d = dup(c, s, 4);
        }
    }
    if (s)
        db_reset(s);
    *rows_r = v;
    return n;
}

void outgoing_events_each(ctx *c, int64_t id, out_event_cb cb, void *arg)
{
    row4 *v;
    int n = collect(c, &q_events, id, 0, &v);
    for (int i = 0; i < n; i++)
        cb(c, v[i].a, v[i].b, v[i].by, v[i].d, arg);
}

void outgoing_comments_each(ctx *c, int64_t id, out_comment_cb cb, void *arg)
{
    row4 *v;
    int n = collect(c, &q_comments, id, 1, &v);
    for (int i = 0; i < n; i++)
        cb(c, (int)v[i].n, v[i].b, v[i].by, v[i].d, arg);
}

void outgoing_versions_each(ctx *c, int64_t id, out_version_cb cb, void *arg)
{
    row4 *v;
    int n = collect(c, &q_versions, id, 2, &v);
    for (int i = 0; i < n; i++)
        cb(c, (int)v[i].n, v[i].a, v[i].b, v[i].by, v[i].d, arg);
}

json_t *outgoing_json(ctx *c, const outgoing *o, bool full)
{
    json_t *j = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:i}", "id", (json_int_t)o->id,
                          "register_id", (json_int_t)o->register_id, "unit_id",
                          (json_int_t)o->unit_id, "doc_type", o->doc_type, "subject", o->subject,
                          "secrecy", secrecy_code(o->secrecy), "urgency", urgency_code(o->urgency),
                          "status", out_status_code(o->status), "version", o->version);
    if (o->notation) {
        json_object_set_new(j, "number", json_integer(o->number));
        json_object_set_new(j, "notation", json_string(o->notation));
        json_object_set_new(j, "issued_date", json_string(o->issued_date));
    }
    json_object_set_new(j, "created_at", json_string(o->created_at));
    if (o->replaces_id)
        json_object_set_new(j, "replaces_id", json_integer(o->replaces_id));
    if (o->replaced_by_id)
        json_object_set_new(j, "replaced_by_id", json_integer(o->replaced_by_id));
    if (o->submitted_to) {
        json_object_set_new(j, "submitted_to", json_integer(o->submitted_to));
        json_object_set_new(j, "submitted_at", json_string(o->submitted_at));
    }
    if (o->reply_to_id)
        json_object_set_new(j, "reply_to_id", json_integer(o->reply_to_id));
    if (!full)
        return j;
    json_object_set_new(j, "body", json_string(o->body));
    json_object_set_new(j, "drafted_by", json_integer(o->drafted_by));
    if (o->approved_by)
        json_object_set_new(j, "approved_by", json_integer(o->approved_by));
    if (o->signed_by)
        json_object_set_new(j, "signed_by", json_integer(o->signed_by));
    if (o->signer_id)
        json_object_set_new(j, "signer_id", json_integer(o->signer_id));
    if (o->recall_reason)
        json_object_set_new(j, "recall_reason", json_string(o->recall_reason));
    json_object_set_new(j, "recipients", outgoing_recipients_json(c, o->id));
    json_object_set_new(j, "attachments", attach_json(c, "out", o->id));
    return j;
}

const outgoing_outside_hooks *outgoing_outside;

void outgoing_on_outside(const outgoing_outside_hooks *h)
{
    outgoing_outside = h;
}

json_t *outgoing_recipients_json(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_recipients);
    json_t *arr = json_array();
    if (!s)
        return arr;
    db_bind_int(s, 1, id);
    while (db_step(s) == DB_ROW) {
        json_t *r = json_pack("{s:s, s:I}", "name", db_col_text(s, 1), "copies",
                              (json_int_t)db_col_int(s, 2));
        if (!db_col_null(s, 0))
            json_object_set_new(r, "unit_id", json_integer(db_col_int(s, 0)));
        json_object_set_new(r, "method",
                            db_col_null(s, 3) ? json_null() : json_string(db_col_text(s, 3)));
        json_object_set_new(r, "sent_at",
                            db_col_null(s, 4) ? json_null() : json_string(db_col_text(s, 4)));
        json_array_append_new(arr, r);
    }
    db_reset(s);
    /* Statuses at the recipient come from the incoming side (edXML codes, DOMAIN.md §4). */
    size_t i;
    json_t *r;
    json_array_foreach(arr, i, r)
    {
        const char *method = json_string_value(json_object_get(r, "method"));
        json_t *uid = json_object_get(r, "unit_id");
        const char *code = NULL, *label = NULL;
        if (method && strcmp(method, "electronic") == 0 && uid &&
            inbox_status(c->db, id, json_integer_value(uid), &code, &label) == 0) {
            json_object_set_new(r, "status_code", json_string(code));
            json_object_set_new(r, "status_label", json_string(label));
            inbox_step st[8];
            int n = inbox_timeline(c->db, id, json_integer_value(uid), st, 8);
            json_t *tl = json_array();
            for (int k = 0; k < n; k++)
                json_array_append_new(tl, json_pack("{s:s, s:s, s:s?}", "code", st[k].code, "label",
                                                    st[k].label ? st[k].label : "", "at",
                                                    *st[k].at ? st[k].at : NULL));
            json_object_set_new(r, "timeline", tl);
        } else if (method && strcmp(method, "electronic") == 0 && !uid && outgoing_outside &&
                   outgoing_outside->status &&
                   outgoing_outside->status(c, id, json_string_value(json_object_get(r, "name")),
                                            &code, &label) == 0) {
            json_object_set_new(r, "status_code", json_string(code));
            json_object_set_new(r, "status_label", json_string(label));
            json_t *tl = json_array();
            if (outgoing_outside->timeline)
                outgoing_outside->timeline(c, id, json_string_value(json_object_get(r, "name")),
                                           tl);
            json_object_set_new(r, "timeline", tl);
        }
        /* The recipient's answer (outgoing_reply_arrived), whatever way the document went. */
        const char *rcode, *rsubj, *rat;
        int64_t rin = 0, rrec = 0;
        const char *key = uid ? arena_printf(c->a, "unit:%lld", (long long)json_integer_value(uid))
                              : json_string_value(json_object_get(r, "name"));
        if (outgoing_reply_of(c, id, key, &rcode, &rsubj, &rat, &rin, &rrec) == 1) {
            json_t *rep = json_pack("{s:s, s:s, s:s}", "code", rcode, "subject", rsubj, "at", rat);
            if (rin)
                json_object_set_new(rep, "inbox_id", json_integer(rin));
            if (rrec)
                json_object_set_new(rep, "incoming_id", json_integer(rrec));
            json_object_set_new(r, "reply", rep);
        }
        if (json_object_get(r, "status_label"))
            continue; /* electronic: the status heard */
        if (method && strcmp(method, "paper") == 0)
            json_object_set_new(r, "status_label", json_string(_("Chuyển bản giấy")));
        else if (method && strcmp(method, "post") == 0)
            json_object_set_new(r, "status_label", json_string(_("Gửi qua bưu điện")));
    }
    return arr;
}

static outgoing_findings_fn findings_fn;
void outgoing_set_findings(outgoing_findings_fn fn)
{
    findings_fn = fn;
}

int outgoing_findings(ctx *c, int64_t id, out_finding **v_r)
{
    *v_r = NULL;
    int n = findings_fn ? findings_fn(c, id, v_r) : 0;
    return n > 0 ? n : 0;
}
