/* "Soạn văn bản trả lời" (issue 12): a draft answering an incoming record. The incoming page
 * cannot include this module (it sits below it, src/LAYERS), so the replies and the button
 * reach it as a page section ("in.handling", web/records.h); the draft form and the document
 * page link back to the record. The follow-up closes when the reply is issued
 * (outgoing_issue → routing_close_by_reply). */
#include <string.h>

#include "base/i18n.h"
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

void outgoing_reply_init(void)
{
    record_section_register("in.handling", replies_section);
}
