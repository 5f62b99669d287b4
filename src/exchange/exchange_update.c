/* The sender's update (edXML business 2, exchange.h inbox_apply_update): a corrected header of a
 * delivered document applied to the recipient's copy — the queue row, and the record registered
 * from it through the hook incoming/ sets — with the history kept (inbox_updates, migration 055)
 * and the people who hold it told. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "exchange/exchange.h"
#include "files/files.h"
#include "notify/notify.h"

static const db_query q_row = {
    "inbox.update_row",
    "SELECT q.subject, q.due_date, q.signer, q.incoming_id, q.to_unit_id, q.status, q.code,"
    " COALESCE(i.status, '') FROM inbox q LEFT JOIN incoming i ON i.id = q.incoming_id"
    " WHERE q.id = ?1",
    NULL,
};
static const db_query q_set = {
    "inbox.update_set",
    "UPDATE inbox SET subject = ?2, due_date = ?3, signer = ?4 WHERE id = ?1",
    NULL,
};
static const db_query q_log = {
    "inbox.update_log",
    "INSERT INTO inbox_updates (inbox_id, from_name, reason, changes, at) VALUES (?1, ?2, ?3, ?4,"
    " ?5)",
    NULL,
};
static const db_query q_has_file = {
    "inbox.update_has_file", "SELECT 1 FROM inbox_files WHERE inbox_id = ?1 AND sha256 = ?2", NULL};
static const db_query q_file_add = {
    "inbox.update_file_add",
    "INSERT INTO inbox_files (inbox_id, sha256, filename, mime, size) VALUES (?1, ?2, ?3, ?4, ?5)",
    NULL};
static const db_query q_rows_of = {
    "inbox.update_rows_of",
    "SELECT id FROM inbox WHERE outgoing_id = ?1 AND status = '01' ORDER BY id", NULL};
static const db_query q_history = {
    "inbox.update_history",
    "SELECT from_name, reason, changes, at FROM inbox_updates WHERE inbox_id = ?1 ORDER BY id",
    NULL,
};

static inbox_update_fn update_hook;

void inbox_on_update(inbox_update_fn fn)
{
    update_hook = fn;
}

static bool same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static const char *field_label(const char *f)
{
    return strcmp(f, "subject") == 0    ? _("Trích yếu")
           : strcmp(f, "due_date") == 0 ? _("Hạn trả lời")
           : strcmp(f, "file") == 0     ? _("Thêm tệp")
                                        : _("Người ký");
}

/* A value as a person reads it: dates dd/mm/yyyy, nothing as a dash. */
static void shown(const char *f, const char *v, char *buf, size_t n)
{
    if (!v || !*v)
        snprintf(buf, n, "—");
    else if (strcmp(f, "due_date") == 0)
        clock_date_vn(v, buf, n);
    else
        snprintf(buf, n, "%s", v);
}

/* "Trích yếu: «a» → «b»; Hạn trả lời: … " from the changes array, malloc'd. */
static char *changes_text(json_t *changes)
{
    strbuf b = {0};
    size_t i;
    json_t *ch;
    json_array_foreach(changes, i, ch)
    {
        const char *f = json_string_value(json_object_get(ch, "field"));
        char o[600], nw[600];
        shown(f, json_string_value(json_object_get(ch, "old")), o, sizeof o);
        shown(f, json_string_value(json_object_get(ch, "new")), nw, sizeof nw);
        sb_printf(&b, "%s%s: «%s» → «%s»", i ? "; " : "", field_label(f), o, nw);
    }
    char *r = strdup(b.buf ? b.buf : "");
    sb_free(&b);
    return r;
}

int inbox_apply_update(db *d, int64_t inbox_id, const char *from_name, const char *reason,
                       const inbox_change *ch)
{
    db_stmt *s = db_stmt_get(d, &q_row);
    if (!s)
        return -1;
    db_bind_int(s, 1, inbox_id);
    int rc = db_step(s);
    if (rc != DB_ROW) {
        db_reset(s);
        return rc == DB_DONE ? 1 : -1;
    }
    char *cur[3] = {strdup(db_col_text(s, 0)), db_col_null(s, 1) ? NULL : strdup(db_col_text(s, 1)),
                    db_col_null(s, 2) ? NULL : strdup(db_col_text(s, 2))};
    int64_t incoming_id = db_col_int(s, 3), unit = db_col_int(s, 4);
    bool open = strcmp(db_col_text(s, 5), "01") == 0 && strcmp(db_col_text(s, 7), "recalled") != 0;
    char *code = strdup(db_col_text(s, 6));
    db_reset(s);
    ctx lctx = {0};
    bool *add = NULL;
    const char *want[3] = {ch->subject, ch->due_date, ch->signer};
    static const char *const names[3] = {"subject", "due_date", "signer"};
    const char *next[3], *delta[3] = {NULL, NULL, NULL};
    json_t *changes = json_array();
    for (int k = 0; k < 3; k++) {
        next[k] = cur[k];
        if (!want[k] || same(want[k], cur[k]))
            continue;
        next[k] = *want[k] ? want[k] : NULL;
        delta[k] = want[k];
        json_array_append_new(changes, json_pack("{s:s, s:s?, s:s?}", "field", names[k], "old",
                                                 cur[k], "new", next[k]));
    }
    /* Files the copy does not have yet (by content). */
    add = calloc((size_t)ch->n_files + 1, sizeof *add);
    for (int k = 0; open && k < ch->n_files; k++) {
        if (!(s = db_stmt_get(d, &q_has_file))) {
            free(add);
            add = NULL;
            break;
        }
        db_bind_int(s, 1, inbox_id);
        db_bind_text(s, 2, ch->files[k].sha256);
        add[k] = db_step(s) != DB_ROW;
        db_reset(s);
        for (int j = 0; j < k && add[k]; j++)
            if (add[j] && strcmp(ch->files[j].sha256, ch->files[k].sha256) == 0)
                add[k] = false;
        if (add[k])
            json_array_append_new(changes, json_pack("{s:s, s:n, s:s}", "field", "file", "old",
                                                     "new", ch->files[k].filename));
    }
    int result = add ? 1 : -1;
    if (!add || !open || json_array_size(changes) == 0)
        goto out; /* refused, recalled, or nothing new: the copy stays as it is */
    result = -1;
    lctx.a = arena_new();
    lctx.db = d;
    for (int k = 0; k < ch->n_files; k++) {
        if (!add[k])
            continue;
        const inbox_file_in *fi = &ch->files[k];
        if (!(s = db_stmt_get(d, &q_file_add)))
            goto out;
        db_bind_int(s, 1, inbox_id);
        db_bind_text(s, 2, fi->sha256);
        db_bind_text(s, 3, fi->filename);
        db_bind_text(s, 4, fi->mime);
        db_bind_int(s, 5, fi->size);
        if (db_exec(s) != DB_DONE)
            goto out;
        /* A registered record gets it as its own attachment, on the same blob. */
        if (incoming_id > 0 &&
            attach_link(&lctx, "in", incoming_id, fi->sha256, fi->filename, fi->mime, fi->size) < 0)
            goto out;
    }
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    if (!(s = db_stmt_get(d, &q_set)))
        goto out;
    db_bind_int(s, 1, inbox_id);
    db_bind_text(s, 2, next[0] ? next[0] : "");
    db_bind_text(s, 3, next[1]);
    db_bind_text(s, 4, next[2]);
    if (db_exec(s) != DB_DONE)
        goto out;
    char *cj = json_dumps(changes, JSON_COMPACT);
    if (!cj || !(s = db_stmt_get(d, &q_log))) {
        free(cj);
        goto out;
    }
    db_bind_int(s, 1, inbox_id);
    db_bind_text(s, 2, from_name && *from_name ? from_name : "—");
    db_bind_text(s, 3, reason ? reason : "");
    db_bind_text(s, 4, cj);
    db_bind_text(s, 5, now);
    free(cj);
    if (db_exec(s) != DB_DONE)
        goto out;
    char *what = changes_text(changes), *text = NULL;
    if (asprintf(&text, _("%s gửi cập nhật văn bản %s: %s. Lý do: %s"),
                 from_name && *from_name ? from_name : _("Cơ quan gửi"), code, what,
                 reason ? reason : "") < 0)
        text = NULL;
    free(what);
    if (!text)
        goto out;
    /* Registered: the record follows (its handler is told there); still waiting: the clerks. */
    if (incoming_id > 0) {
        /* Only what changed reaches the record: a field its clerk corrected at registration
         * stays unless the sender changed that field. */
        inbox_change only = {delta[0], delta[1], delta[2], NULL, 0};
        result = update_hook ? update_hook(d, incoming_id, &only, text, now) : 0;
    } else
        result = notify_unit_role(d, unit, ROLE_CLERK, NOTIFY_INFO, NULL, 0, text) == 0 ? 0 : -1;
    free(text);
out:
    json_decref(changes);
    for (int k = 0; k < 3; k++)
        free(cur[k]);
    free(code);
    free(add);
    if (lctx.a)
        arena_free(&lctx.a);
    return result;
}

int inbox_update_delivered(db *d, int64_t outgoing_id, const char *from_name, const char *reason,
                           const inbox_change *ch)
{
    db_stmt *s = db_stmt_get(d, &q_rows_of);
    if (!s)
        return -1;
    db_bind_int(s, 1, outgoing_id);
    int64_t ids[256];
    int n = 0;
    while (n < 256 && db_step(s) == DB_ROW)
        ids[n++] = db_col_int(s, 0);
    db_reset(s);
    for (int i = 0; i < n; i++)
        if (inbox_apply_update(d, ids[i], from_name, reason, ch) < 0)
            return -1;
    return n; /* every open copy was brought up to date (those already so need nothing) */
}

int inbox_updates_html(ctx *c, int64_t inbox_id)
{
    db_stmt *s = inbox_id > 0 ? db_stmt_get(c->db, &q_history) : NULL;
    if (!s)
        return 0;
    db_bind_int(s, 1, inbox_id);
    int n = 0;
    strbuf *b = &c->rs->body;
    while (db_step(s) == DB_ROW) {
        if (!n++)
            html_printf(b, "<section class=\"panel\" id=\"sender-updates\"><h2>%s</h2><ul>",
                        _("Cập nhật của cơ quan gửi"));
        char when[24];
        int64_t t = clock_parse_iso(db_col_text(s, 3));
        clock_vn_datetime(t >= 0 ? t : 0, when, sizeof when);
        json_t *changes = json_loads(db_col_text(s, 2), 0, NULL);
        char *what = changes_text(changes);
        json_decref(changes);
        html_printf(b, "<li><span class=\"date\">%s</span> — %s: %s. <em>%s: %s</em></li>", when,
                    db_col_text(s, 0), what, _("Lý do"), db_col_text(s, 1));
        free(what);
    }
    db_reset(s);
    if (n)
        html_raw(b, "</ul></section>");
    return n;
}
