/* "Soạn văn bản trả lời" (issue 12): a draft answering an incoming record. The incoming page
 * cannot include this module (it sits below it, src/LAYERS), so the replies and the button
 * reach it as a page section ("in.handling", web/records.h); the draft form and the document
 * page link back to the record. The follow-up closes when the reply is issued
 * (outgoing_issue → routing_close_by_reply). */
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "notify/notify.h"
#include "incoming/incoming.h"
#include "outgoing/outgoing.h"
#include "outgoing/outgoing_impl.h"
#include "web/layout.h"
#include "web/records.h"

static const db_query q_replies = {
    "outgoing.replies",
    "SELECT id FROM outgoing WHERE reply_to_id = ?1 ORDER BY id",
    NULL,
};

static strbuf *B(ctx *c)
{
    return &c->rs->body;
}

void reply_to_prefill(ctx *c, int64_t *id_r, const char **subject_r, const char ***unit_ids_r,
                      int *n_units_r)
{
    if (*id_r <= 0)
        return;
    const incoming *r = incoming_get(c, *id_r, false);
    if (!r || strcmp(r->status, "recalled") == 0) {
        *id_r = 0;
        return;
    }
    if (!*subject_r)
        *subject_r = arena_printf(c->a, _("V/v trả lời văn bản số %s: %s"), r->code, r->subject);
    if (r->issuer_unit_id > 0 && *n_units_r == 0) {
        const char **v = arena_alloc(c->a, sizeof *v);
        v[0] = arena_printf(c->a, "%lld", (long long)r->issuer_unit_id);
        *unit_ids_r = v;
        *n_units_r = 1;
    }
}

void reply_to_hint(ctx *c, int64_t incoming_id)
{
    const incoming *r = incoming_get(c, incoming_id, false);
    if (!r)
        return;
    html_printf(B(c),
                "<p class=\"hint\" id=\"reply-to\">%s <a href=\"/incoming/%lld\">%s</a> — %s</p>",
                _("Văn bản trả lời cho văn bản đến"), (long long)r->id, r->code, r->subject);
}

void reply_to_dd(ctx *c, int64_t incoming_id)
{
    const incoming *r = incoming_get(c, incoming_id, false);
    html_printf(B(c), "<dt>%s</dt><dd id=\"reply-to\">", _("Trả lời văn bản đến"));
    if (r)
        html_printf(B(c), "<a href=\"/incoming/%lld\">%s</a> — %s", (long long)r->id, r->code,
                    r->subject);
    else
        html_raw(B(c), "—");
    html_raw(B(c), "</dd>");
}

/* The incoming page's section: the replies the caller may see, and the button. */
static void replies_section(ctx *c, const char *kind, int64_t id)
{
    const incoming *r = incoming_get(c, id, false);
    if (!r || !c->user)
        return;
    db_stmt *s = db_stmt_get(c->db, &q_replies);
    if (!s)
        return;
    db_bind_int(s, 1, id);
    int64_t ids[64];
    int n = 0;
    while (n < 64 && db_step(s) == DB_ROW)
        ids[n++] = db_col_int(s, 0);
    db_reset(s);
    bool may_draft = c->user->role != ROLE_ADMIN && strcmp(r->status, "recalled") != 0;
    html_printf(B(c), "<section class=\"panel\" id=\"replies\"><h2>%s</h2><ul>",
                _("Văn bản trả lời"));
    int shown = 0;
    for (int i = 0; i < n; i++) {
        const outgoing *o = outgoing_get(c, ids[i]);
        if (!o)
            continue;
        shown++;
        html_printf(B(c), "<li><a href=\"/outgoing/%lld\">%s</a> — %s (%s)</li>", (long long)o->id,
                    o->notation ? o->notation : _("Dự thảo"), o->subject,
                    out_status_label(o->status));
    }
    if (!shown)
        html_printf(B(c), "<li class=\"empty\">%s</li>", _("Chưa có văn bản trả lời."));
    html_raw(B(c), "</ul>");
    if (may_draft)
        html_printf(B(c),
                    "<p class=\"no-print\"><a class=\"button\" id=\"draft-reply\" "
                    "href=\"/outgoing/new?reply_to=%lld\">%s</a></p>",
                    (long long)id, _("Soạn văn bản trả lời"));
    html_raw(B(c), "</section>");
}

/* ---- the sender's side: the recipient answered (migration 055 outgoing_replies) ---------- */

static const db_query q_reply_add = {
    "outgoing.reply_add",
    "INSERT INTO outgoing_replies (outgoing_id, recipient, reply_code, reply_subject,"
    " reply_inbox_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    " ON CONFLICT (outgoing_id, recipient, reply_code) DO NOTHING",
    NULL,
};
static const db_query q_reply_drafter = {
    "outgoing.reply_drafter", "SELECT drafted_by, subject FROM outgoing WHERE id = ?1", NULL};
static const db_query q_reply_of = {
    "outgoing.reply_of",
    "SELECT r.reply_code, r.reply_subject, r.at, COALESCE(r.reply_inbox_id, 0),"
    " COALESCE(q.incoming_id, 0) FROM outgoing_replies r LEFT JOIN inbox q ON"
    " q.id = r.reply_inbox_id WHERE r.outgoing_id = ?1 AND r.recipient = ?2 ORDER BY r.id"
    " LIMIT 1",
    NULL,
};
/* The document a record of the tree answers came from: its queue row's outgoing document (a
 * negative key is a package from outside: not ours to answer here) and the recipient unit. */
static const db_query q_answered = {
    "outgoing.reply_answered",
    "SELECT q.outgoing_id, q.to_unit_id, o.unit_id FROM incoming i JOIN inbox q ON"
    " q.id = i.inbox_id JOIN outgoing o ON o.id = q.outgoing_id WHERE i.id = ?1 AND"
    " q.outgoing_id > 0",
    NULL,
};
static const db_query q_reply_landed = {
    "outgoing.reply_landed",
    "SELECT id FROM inbox WHERE outgoing_id = ?1 AND to_unit_id = ?2 LIMIT 1", NULL};

int outgoing_reply_arrived(db *d, int64_t outgoing_id, const char *recipient,
                           const char *reply_code, const char *reply_subject,
                           int64_t reply_inbox_id)
{
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    db_stmt *s = db_stmt_get(d, &q_reply_add);
    if (!s)
        return -1;
    db_bind_int(s, 1, outgoing_id);
    db_bind_text(s, 2, recipient);
    db_bind_text(s, 3, reply_code ? reply_code : "");
    db_bind_text(s, 4, reply_subject ? reply_subject : "");
    if (reply_inbox_id > 0)
        db_bind_int(s, 5, reply_inbox_id);
    else
        db_bind_null(s, 5);
    db_bind_text(s, 6, now);
    if (db_exec(s) != DB_DONE)
        return -1;
    if (db_changes(d) != 1)
        return 0; /* heard already */
    if (!(s = db_stmt_get(d, &q_reply_drafter)))
        return -1;
    db_bind_int(s, 1, outgoing_id);
    int64_t drafter = 0;
    char subject[600] = "";
    if (db_step(s) == DB_ROW) {
        drafter = db_col_int(s, 0);
        snprintf(subject, sizeof subject, "%s", db_col_text(s, 1));
    }
    db_reset(s);
    arena *a = arena_new();
    ctx c = {.a = a, .db = d};
    const char *note = arena_printf(a, "%s — %s", reply_code ? reply_code : "",
                                    reply_subject ? reply_subject : "");
    int rc = outgoing_event(&c, outgoing_id, "reply_in", note);
    if (rc == 0 && drafter > 0)
        rc = notify_user(d, drafter, NOTIFY_INFO, "out", outgoing_id,
                         arena_printf(a, _("Nơi nhận đã trả lời văn bản «%s»: %s"), subject, note));
    arena_free(&a);
    return rc == 0 ? 0 : -1;
}

int outgoing_reply_of(ctx *c, int64_t outgoing_id, const char *recipient, const char **code_r,
                      const char **subject_r, const char **at_r, int64_t *inbox_r,
                      int64_t *incoming_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_reply_of);
    if (!s)
        return -1;
    db_bind_int(s, 1, outgoing_id);
    db_bind_text(s, 2, recipient);
    int rc = db_step(s);
    if (rc == DB_ROW) {
        *code_r = arena_strdup(c->a, db_col_text(s, 0));
        *subject_r = arena_strdup(c->a, db_col_text(s, 1));
        *at_r = arena_strdup(c->a, db_col_text(s, 2));
        *inbox_r = db_col_int(s, 3);
        *incoming_r = db_col_int(s, 4);
    }
    db_reset(s);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int outgoing_reply_issued_inside(ctx *c, int64_t reply_id, int64_t answered_incoming,
                                 const char *notation, const char *subject)
{
    db_stmt *s = db_stmt_get(c->db, &q_answered);
    if (!s)
        return -1;
    db_bind_int(s, 1, answered_incoming);
    int rc = db_step(s);
    int64_t original = rc == DB_ROW ? db_col_int(s, 0) : 0,
            unit = rc == DB_ROW ? db_col_int(s, 1) : 0,
            sender_unit = rc == DB_ROW ? db_col_int(s, 2) : 0;
    db_reset(s);
    if (rc != DB_ROW)
        return rc == DB_DONE ? 0 : -1; /* not from a document of the tree */
    /* The reply as it reached the sender's unit (delivered by this same issue), if it did. */
    int64_t landed = 0;
    if (!(s = db_stmt_get(c->db, &q_reply_landed)))
        return -1;
    db_bind_int(s, 1, reply_id);
    db_bind_int(s, 2, sender_unit);
    if (db_step(s) == DB_ROW)
        landed = db_col_int(s, 0);
    db_reset(s);
    return outgoing_reply_arrived(c->db, original, arena_printf(c->a, "unit:%lld", (long long)unit),
                                  notation, subject, landed);
}

void outgoing_reply_init(void)
{
    record_section_register("in.handling", replies_section);
}
