/* The units' electronic incoming queues (inbox.h): delivery by the outgoing side, the status
 * the sender sees (edXML codes, DOMAIN.md §4), recall, and — for the incoming pages — listing,
 * refusing and linking a queue row to the record registered from it. */
#include "web/errors.h"
#include "exchange/exchange.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "files/files.h"
#include "notify/notify.h"
#include "web/records.h"
#include "org/org.h"

static void now_iso(char *buf, size_t n)
{
    clock_iso(clock_now(), buf, n);
}

static const db_query q_deliver = {
    "inbox.deliver",
    "INSERT INTO inbox (outgoing_id, to_unit_id, from_unit_id, code, subject, doc_type,"
    " issued_date, secrecy, urgency, status, arrived_at, body, signer) VALUES (?1, ?2, ?3, ?4,"
    " ?5, ?6, ?7, ?8, ?9, '01', ?10, ?11, ?12) ON CONFLICT (outgoing_id, to_unit_id) DO NOTHING",
    NULL,
};
static const db_query q_file_add = {
    "inbox.file_add",
    "INSERT INTO inbox_files (inbox_id, sha256, filename, mime, size) VALUES (?1, ?2, ?3, ?4, ?5)",
    NULL,
};

typedef struct deliver_files {
    int64_t inbox_id;
    int rc;
} deliver_files;

static void deliver_file(ctx *c, const attachment *a, void *arg)
{
    deliver_files *df = arg;
    db_stmt *s = df->rc == 0 ? db_stmt_get(c->db, &q_file_add) : NULL;
    if (!s) {
        df->rc = -1;
        return;
    }
    db_bind_int(s, 1, df->inbox_id);
    db_bind_text(s, 2, a->sha256);
    db_bind_text(s, 3, a->filename);
    db_bind_text(s, 4, a->mime);
    db_bind_int(s, 5, a->size);
    if (db_exec(s) != DB_DONE)
        df->rc = -1;
}

int inbox_deliver(ctx *c, const inbox_doc *doc, int64_t to_unit_id)
{
    db *d = c->db;
    char now[32];
    now_iso(now, sizeof now);
    db_stmt *s = db_stmt_get(d, &q_deliver);
    if (!s)
        return -1;
    db_bind_int(s, 1, doc->outgoing_id);
    db_bind_int(s, 2, to_unit_id);
    if (doc->from_unit_id > 0)
        db_bind_int(s, 3, doc->from_unit_id);
    else
        db_bind_null(s, 3);
    db_bind_text(s, 4, doc->code ? doc->code : "");
    db_bind_text(s, 5, doc->subject ? doc->subject : "");
    db_bind_text(s, 6, doc->doc_type ? doc->doc_type : "");
    db_bind_text(s, 7, doc->issued_date ? doc->issued_date : "");
    db_bind_int(s, 8, doc->secrecy);
    db_bind_int(s, 9, doc->urgency);
    db_bind_text(s, 10, now);
    db_bind_text(s, 11, doc->body ? doc->body : "");
    db_bind_text(s, 12, doc->signer && *doc->signer ? doc->signer : NULL);
    if (db_exec(s) != DB_DONE)
        return -1;
    if (db_changes(d) == 0)
        return 0; /* already delivered */
    /* The files go with the document as they are at issue (an issued document takes no new
     * file): the same blobs, listed for this recipient. */
    deliver_files df = {db_last_id(d), 0};
    attach_list(c, "out", doc->outgoing_id, deliver_file, &df);
    if (df.rc != 0)
        return -1;
    /* The clerks register it; the text carries no secret content beyond what the queue shows
     * them anyway. */
    char *text = NULL;
    bool urgent = urgency_is_urgent((enum urgency)doc->urgency);
    if (asprintf(&text, "%s%s: %s — %.300s",
                 urgent ? urgency_label((enum urgency)doc->urgency) : "",
                 urgent ? _(" — văn bản điện tử đến") : _("Văn bản điện tử đến"),
                 doc->code ? doc->code : "", doc->subject ? doc->subject : "") < 0)
        return -1;
    int rc = notify_unit_role(d, to_unit_id, ROLE_CLERK, urgent ? NOTIFY_URGENT : NOTIFY_ARRIVED,
                              NULL, 0, text);
    free(text);
    return rc;
}

static const db_query q_files = {
    "inbox.files",
    "SELECT id, sha256, filename, mime, size FROM inbox_files WHERE inbox_id = ?1 ORDER BY id",
    NULL,
};

/* One delivered file, read into the arena. */
typedef struct inbox_file {
    int64_t id, size;
    const char *sha256, *filename, *mime;
} inbox_file;

static int files_read(ctx *c, int64_t inbox_id, inbox_file **v_r)
{
    *v_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_files);
    if (!s)
        return -1;
    db_bind_int(s, 1, inbox_id);
    int n = 0, cap = 4, rc;
    inbox_file *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while ((rc = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n].id = db_col_int(s, 0);
        v[n].sha256 = arena_strdup(c->a, db_col_text(s, 1));
        v[n].filename = arena_strdup(c->a, db_col_text(s, 2));
        v[n].mime = arena_strdup(c->a, db_col_text(s, 3));
        v[n].size = db_col_int(s, 4);
        n++;
    }
    db_reset(s);
    *v_r = v;
    return rc == DB_DONE ? n : -1;
}

int inbox_files_each(ctx *c, int64_t inbox_id, inbox_file_cb cb, void *arg)
{
    inbox_file *v;
    int n = files_read(c, inbox_id, &v);
    for (int i = 0; i < n; i++)
        cb(c, v[i].id, v[i].filename, v[i].mime, v[i].size, arg);
    return n;
}

int inbox_file_get(ctx *c, int64_t inbox_id, int64_t file_id, const char **sha256_r,
                   const char **filename_r, const char **mime_r)
{
    inbox_file *v;
    int n = files_read(c, inbox_id, &v);
    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (v[i].id == file_id) {
            *sha256_r = v[i].sha256;
            *filename_r = v[i].filename;
            *mime_r = v[i].mime;
            return 0;
        }
    return 1;
}

int inbox_files_attach(ctx *c, int64_t inbox_id, int64_t incoming_id)
{
    inbox_file *v;
    int n = files_read(c, inbox_id, &v);
    for (int i = 0; i < n; i++)
        if (attach_link(c, "in", incoming_id, v[i].sha256, v[i].filename, v[i].mime, v[i].size) < 0)
            return -1;
    return n;
}

static const db_query q_body = {"inbox.body", "SELECT body FROM inbox WHERE id = ?1", NULL};

const char *inbox_body(ctx *c, int64_t inbox_id)
{
    db_stmt *s = inbox_id > 0 ? db_stmt_get(c->db, &q_body) : NULL;
    if (!s)
        return "";
    db_bind_int(s, 1, inbox_id);
    const char *body = db_step(s) == DB_ROW ? arena_strdup(c->a, db_col_text(s, 0)) : NULL;
    db_reset(s);
    return body ? body : "";
}

static const db_query q_status = {
    "inbox.status",
    "SELECT q.status, i.status, i.returned_at IS NOT NULL, q.arrived_at, i.created_at,"
    " i.routed_at, i.done_at"
    " FROM inbox q LEFT JOIN incoming i ON i.id = q.incoming_id"
    " WHERE q.outgoing_id = ?1 AND q.to_unit_id = ?2",
    NULL,
};

static void code_label(const char *code, const char **code_r, const char **label_r)
{
    static const struct {
        const char *code, *label;
    } t[] = {
        {INBOX_ARRIVED, N_("Đã đến")},
        {INBOX_REFUSED, N_("Từ chối tiếp nhận")},
        {INBOX_ACCEPTED, N_("Đã tiếp nhận")},
        {INBOX_WAITING, N_("Chờ phân công")},
        {INBOX_IN_PROGRESS, N_("Đã phân công, đang xử lý")},
        {INBOX_DONE, N_("Đã xử lý xong")},
        {INBOX_RECALLED, N_("Thu hồi")},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i].code, code) == 0) {
            *code_r = t[i].code;
            *label_r = _(t[i].label);
            return;
        }
    *code_r = INBOX_ARRIVED;
    *label_r = _(t[0].label);
}

int inbox_status(db *d, int64_t outgoing_id, int64_t to_unit_id, const char **code_r,
                 const char **label_r)
{
    db_stmt *s = db_stmt_get(d, &q_status);
    if (!s)
        return -1;
    db_bind_int(s, 1, outgoing_id);
    db_bind_int(s, 2, to_unit_id);
    int rc = db_step(s);
    if (rc != DB_ROW) {
        db_reset(s);
        return rc == DB_DONE ? 1 : -1;
    }
    const char *q = db_col_text(s, 0);
    const char *in = db_col_text(s, 1);
    const char *code = q;
    if (strcmp(q, INBOX_ARRIVED) == 0 && in) {
        if (strcmp(in, "done") == 0)
            code = INBOX_DONE;
        else if (strcmp(in, "assigned") == 0)
            code = INBOX_IN_PROGRESS;
        else if (strcmp(in, "recalled") == 0)
            code = INBOX_RECALLED;
        else if (db_col_int(s, 2))
            code = INBOX_ACCEPTED; /* given back to the clerk (trả lại): not before a leader */
        else
            code = INBOX_WAITING; /* registered: in the leaders' list to route (chờ phân công) */
    }
    code_label(code, code_r, label_r);
    db_reset(s);
    return 0;
}

/* The order a document passes through at the recipient; 02 and 13 end it. */
static const char *const progress[] = {INBOX_ARRIVED, INBOX_ACCEPTED, INBOX_WAITING,
                                       INBOX_IN_PROGRESS, INBOX_DONE};

int inbox_status_rank(const char *code)
{
    for (int i = 0; i < (int)(sizeof progress / sizeof progress[0]); i++)
        if (strcmp(progress[i], code) == 0)
            return i;
    return -1;
}

const char *inbox_status_at_rank(int rank)
{
    return rank >= 0 && rank < (int)(sizeof progress / sizeof progress[0]) ? progress[rank] : NULL;
}

const char *inbox_status_label(const char *code)
{
    const char *c, *l;
    code_label(code, &c, &l);
    return strcmp(c, code) == 0 ? l : NULL;
}

int inbox_timeline(db *d, int64_t outgoing_id, int64_t to_unit_id, inbox_step *v, int max)
{
    db_stmt *s = db_stmt_get(d, &q_status);
    if (!s)
        return -1;
    db_bind_int(s, 1, outgoing_id);
    db_bind_int(s, 2, to_unit_id);
    int rc = db_step(s);
    if (rc != DB_ROW) {
        db_reset(s);
        return rc == DB_DONE ? 0 : -1;
    }
    const char *q = db_col_text(s, 0);
    bool reg = !db_col_null(s, 1);
    const char *in = reg ? db_col_text(s, 1) : "";
    /* Times from the records themselves: arrival, registration, first routing, completion. */
    const char *at[5] = {db_col_text(s, 3), reg ? db_col_text(s, 4) : NULL,
                         reg ? db_col_text(s, 4) : NULL, reg ? db_col_text(s, 5) : NULL,
                         reg ? db_col_text(s, 6) : NULL};
    int reached = 0; /* rank reached along the way */
    if (reg) {
        reached = db_col_int(s, 2) && !at[3] ? 1 : 2;
        if (at[3] || strcmp(in, "assigned") == 0 || strcmp(in, "done") == 0)
            reached = 3;
        if (strcmp(in, "done") == 0)
            reached = 4;
    }
    int n = 0;
    for (int i = 0; i <= reached && n < max; i++) {
        v[n].code = progress[i];
        v[n].label = inbox_status_label(progress[i]);
        snprintf(v[n].at, sizeof v[n].at, "%s", at[i] ? at[i] : "");
        n++;
    }
    const char *end = strcmp(q, INBOX_REFUSED) == 0    ? INBOX_REFUSED
                      : strcmp(q, INBOX_RECALLED) == 0 ? INBOX_RECALLED
                      : strcmp(in, "recalled") == 0    ? INBOX_RECALLED
                                                       : NULL;
    if (end && n < max) {
        v[n].code = end;
        v[n].label = inbox_status_label(end);
        v[n].at[0] = 0;
        n++;
    }
    db_reset(s);
    return n;
}

static const db_query q_recall_rows = {
    "inbox.recall_rows",
    "SELECT id, to_unit_id, incoming_id, code FROM inbox WHERE outgoing_id = ?1"
    " AND status <> '13'",
    NULL,
};
static const db_query q_recall_mark = {
    "inbox.recall_mark",
    "UPDATE inbox SET status = '13' WHERE outgoing_id = ?1",
    NULL,
};
static inbox_recall_fn recall_hook;

void inbox_on_recall(inbox_recall_fn fn)
{
    recall_hook = fn;
}

int inbox_recall(db *d, int64_t outgoing_id)
{
    char now[32];
    now_iso(now, sizeof now);
    db_stmt *s = db_stmt_get(d, &q_recall_rows);
    if (!s)
        return -1;
    db_bind_int(s, 1, outgoing_id);
    struct rrow {
        int64_t id, unit, incoming;
        char *code;
    } *v = NULL;
    int n = 0, rc;
    while ((rc = db_step(s)) == DB_ROW) {
        struct rrow *w = realloc(v, (size_t)(n + 1) * sizeof *v);
        if (!w)
            abort();
        v = w;
        v[n].id = db_col_int(s, 0);
        v[n].unit = db_col_int(s, 1);
        v[n].incoming = db_col_int(s, 2);
        v[n].code = strdup(db_col_text(s, 3) ? db_col_text(s, 3) : "");
        n++;
    }
    db_reset(s);
    int result = rc == DB_DONE ? n : -1;
    if (result >= 0 && (s = db_stmt_get(d, &q_recall_mark))) {
        db_bind_int(s, 1, outgoing_id);
        if (db_exec(s) != DB_DONE)
            result = -1;
    }
    for (int i = 0; result >= 0 && i < n; i++) {
        char *text = NULL;
        if (asprintf(&text, _("Văn bản %s đã bị cơ quan gửi thu hồi."), v[i].code) < 0)
            abort();
        if (v[i].incoming && (!recall_hook || recall_hook(d, v[i].incoming, text, now) != 0))
            result = -1;
        if (result >= 0 && notify_unit_role(d, v[i].unit, ROLE_CLERK, NOTIFY_RECALLED,
                                            v[i].incoming ? "in" : NULL, v[i].incoming, text))
            result = -1;
        free(text);
    }
    for (int i = 0; i < n; i++)
        free(v[i].code);
    free(v);
    return result;
}

/* ---- for the incoming pages ------------------------------------------------------------- */

#define INBOX_COLS                                                                                 \
    "q.id, q.outgoing_id, q.to_unit_id, q.from_unit_id, q.incoming_id, q.code, q.subject,"         \
    " q.doc_type, q.issued_date, q.status, q.arrived_at, COALESCE(fu.name, q.from_name),"          \
    " tu.name, q.refused_reason, q.secrecy, q.urgency, q.body, q.signer, q.due_date"
/* Rows of units in ?2/?3 scope for clerks and office-leaders (?5 = 1); secret rows need a
 * clerk or a leader (?6 = 1). */
#define INBOX_WHERE                                                                                \
    " FROM inbox q JOIN units tu ON tu.id = q.to_unit_id LEFT JOIN units fu ON"                    \
    " fu.id = q.from_unit_id WHERE ?5 = 1 AND (CASE WHEN ?7 <> 0 THEN q.to_unit_id IN (?7, ?9)"    \
    " ELSE (?2 = 1 OR q.to_unit_id IN (SELECT value FROM json_each(?3))) END)"                     \
    " AND (q.secrecy = 0 OR ?6 = 1)"

static const db_query q_list = {
    "inbox.list",
    "SELECT " INBOX_COLS INBOX_WHERE " AND (?8 = 0 OR (q.status = '01' AND q.incoming_id IS"
    " NULL)) AND ?1 = ?1 AND ?4 = ?4 ORDER BY (q.status = '01' AND q.incoming_id IS NULL) DESC,"
    " q.urgency DESC, q.id DESC LIMIT 500",
    NULL,
};
#define INBOX_WAITING_SQL " AND q.status = '01' AND q.incoming_id IS NULL AND ?1 = ?1 AND ?4 = ?4"
/* From the counts kept by the triggers of migration 059 (inbox_waiting_counts), under the same
 * rule as INBOX_WHERE: no queue row is read to draw the menu's count on every page. */
static const db_query q_waiting_count = {
    "inbox.waiting_count",
    "SELECT coalesce(sum(k.n), 0) FROM inbox_waiting_counts k WHERE ?5 = 1 AND (CASE WHEN ?7"
    " <> 0 THEN k.to_unit_id IN (?7, ?9) ELSE (?2 = 1 OR k.to_unit_id IN (SELECT value FROM"
    " json_each(?3))) END) AND (k.secret = 0 OR ?6 = 1) AND ?1 = ?1 AND ?4 = ?4",
    NULL,
};
/* The first ?8 chosen on the light columns, then only those read whole: sorting every waiting
 * row with its body (the home page's queue block) cost a tenth of the home page (perf,
 * docs/perf/pages-nomemo-before.txt). */
static const db_query q_waiting_first = {
    "inbox.waiting_first",
    "SELECT " INBOX_COLS " FROM inbox q JOIN units tu ON tu.id = q.to_unit_id LEFT JOIN units fu ON"
    " fu.id = q.from_unit_id WHERE q.id IN (SELECT q.id" INBOX_WHERE INBOX_WAITING_SQL
    " ORDER BY q.urgency DESC, q.id DESC LIMIT ?8) ORDER BY q.urgency DESC, q.id DESC",
    NULL,
};
static const db_query q_get = {
    "inbox.get",
    "SELECT " INBOX_COLS INBOX_WHERE " AND q.id = ?8 AND ?1 = ?1 AND ?4 = ?4",
    NULL,
};

static void bind_common(ctx *c, db_stmt *s)
{
    docs_vis_bind(c, s);
    enum role r = c->user->role;
    db_bind_int(s, 5, r == ROLE_CLERK || r == ROLE_OFFICE_LEADER ? 1 : 0);
    db_bind_int(s, 6, r == ROLE_CLERK || secrecy_leader_may_see(c) ? 1 : 0);
    /* A clerk works for their own unit — and a committee office's clerk also for the committee
     * it serves (documents addressed to the Thành ủy arrive at its office); leaders see the
     * queues of their scope. */
    db_bind_int(s, 7, r == ROLE_CLERK ? c->user->unit_id : 0);
    db_bind_int(s, 9, r == ROLE_CLERK ? org_scope_anchor(c->db, c->user->unit_id) : 0);
}

static void read_row(ctx *c, db_stmt *s, inbox_row *q)
{
    q->id = db_col_int(s, 0);
    q->outgoing_id = db_col_int(s, 1);
    q->to_unit_id = db_col_int(s, 2);
    q->from_unit_id = db_col_int(s, 3);
    q->incoming_id = db_col_int(s, 4);
    q->code = arena_strdup(c->a, db_col_text(s, 5));
    q->subject = arena_strdup(c->a, db_col_text(s, 6));
    q->doc_type = arena_strdup(c->a, db_col_text(s, 7));
    q->issued_date = arena_strdup(c->a, db_col_text(s, 8));
    q->status = arena_strdup(c->a, db_col_text(s, 9));
    q->arrived_at = arena_strdup(c->a, db_col_text(s, 10));
    q->from_name = arena_strdup(c->a, db_col_text(s, 11));
    q->to_name = arena_strdup(c->a, db_col_text(s, 12));
    q->refused_reason = arena_strdup(c->a, db_col_text(s, 13));
    q->secrecy = (int)db_col_int(s, 14);
    q->urgency = (int)db_col_int(s, 15);
    q->body = arena_strdup(c->a, db_col_text(s, 16));
    q->signer = db_col_null(s, 17) ? NULL : arena_strdup(c->a, db_col_text(s, 17));
    q->due_date = db_col_null(s, 18) ? NULL : arena_strdup(c->a, db_col_text(s, 18));
}

int inbox_list(ctx *c, bool waiting_only, inbox_row **rows_r)
{
    *rows_r = NULL;
    if (!c->user)
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return -1;
    bind_common(c, s);
    db_bind_int(s, 8, waiting_only ? 1 : 0);
    int n = 0, cap = 16;
    inbox_row *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        read_row(c, s, &v[n++]);
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

int inbox_waiting_count(ctx *c)
{
    if (!c->user)
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_waiting_count);
    if (!s)
        return -1;
    bind_common(c, s);
    int n = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
    db_reset(s);
    return n;
}

int inbox_waiting_first(ctx *c, int limit, inbox_row **rows_r)
{
    *rows_r = NULL;
    if (!c->user || limit <= 0)
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_waiting_first);
    if (!s)
        return -1;
    bind_common(c, s);
    db_bind_int(s, 8, limit);
    int n = 0, rc;
    inbox_row *v = arena_alloc(c->a, (size_t)limit * sizeof *v);
    while (n < limit && (rc = db_step(s)) == DB_ROW)
        read_row(c, s, &v[n++]);
    db_reset(s);
    *rows_r = v;
    return n;
}

const inbox_row *inbox_get(ctx *c, int64_t id)
{
    if (!c->user || id <= 0)
        return NULL;
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return NULL;
    bind_common(c, s);
    db_bind_int(s, 8, id);
    inbox_row *q = NULL;
    if (db_step(s) == DB_ROW) {
        q = arena_alloc(c->a, sizeof *q);
        read_row(c, s, q);
    }
    db_reset(s);
    return q;
}

static const db_query q_outgoing_of = {"inbox.outgoing_of",
                                       "SELECT outgoing_id FROM inbox WHERE id = ?1", NULL};

bool inbox_doc_may_see(ctx *c, int64_t id)
{
    if (inbox_get(c, id))
        return true;
    db_stmt *s = db_stmt_get(c->db, &q_outgoing_of);
    if (!s)
        return false;
    db_bind_int(s, 1, id);
    int64_t outgoing_id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return outgoing_id > 0 && record_visible(c, "out", outgoing_id, NULL);
}

static const db_query q_link = {
    "inbox.link",
    "UPDATE inbox SET incoming_id = ?2 WHERE id = ?1 AND incoming_id IS NULL AND status = '01'",
    NULL,
};

int inbox_link(db *d, int64_t inbox_id, int64_t incoming_id)
{
    db_stmt *s = db_stmt_get(d, &q_link);
    if (!s)
        return -1;
    db_bind_int(s, 1, inbox_id);
    db_bind_int(s, 2, incoming_id);
    return db_exec(s) == DB_DONE && db_changes(d) == 1 ? 0 : -1;
}

static const db_query q_refuse = {
    "inbox.refuse",
    "UPDATE inbox SET status = '02', refused_reason = ?2 WHERE id = ?1 AND status = '01'"
    " AND incoming_id IS NULL",
    NULL,
};

int inbox_refuse(ctx *c, int64_t id, const char *reason, web_err *e)
{
    memset(e, 0, sizeof *e);
    const inbox_row *q = inbox_get(c, id);
    if (!q) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy văn bản trong hàng chờ."));
        return -1;
    }
    if (!reason || !*reason || strlen(reason) > INBOX_MAX_REASON) {
        web_err_add(e, 400, "invalid_input", "reason", _("Hãy ghi lý do từ chối tiếp nhận."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_refuse);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, reason);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Văn bản này đã được vào sổ, bị từ chối hoặc đã bị thu hồi."));
        return -1;
    }
    json_t *after =
        json_pack("{s:I, s:s}", "outgoing_id", (json_int_t)q->outgoing_id, "reason", reason);
    char *aj = json_dumps(after, JSON_COMPACT);
    json_decref(after);
    int rc = audit_log(c->db, c->user, "inbox.refuse", "inbox", id, NULL, aj);
    free(aj);
    if (rc != 0 || db_commit(c->db) != 0)
        goto dberr;
    return 0;
dberr:
    return web_err_rollback(c, e);
}
