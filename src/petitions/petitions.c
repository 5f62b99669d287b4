/* Petitions: registration, visibility, the identity, the list (petitions.h). Handling steps
 * live in pet_handle.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "org/org.h"
#include "petitions/petitions_impl.h"
#include "web/params.h"

#define P_COLS                                                                                     \
    "p.id, p.unit_id, coalesce(p.handler_id, 0), coalesce(p.assigned_by, 0), "                     \
    "coalesce(p.repeat_of, 0), coalesce(p.outgoing_id, 0), coalesce(p.reception_entry_id, 0), "    \
    "p.year, p.number, p.n_persons, p.extensions, p.received_on, p.channel, p.source_org, "        \
    "p.matter, p.summary, p.kind, p.complexity, p.party_related, p.remote, p.pseudonym, "          \
    "p.screening, p.screening_reason, p.screened_on, p.status, p.accepted_on, p.decision_no, "     \
    "p.transferred_to, p.guidance, p.due_screen, p.due_accept, p.due_resolve, p.result_on, "       \
    "p.result_doc, p.result_text, p.closed_on, h.name, un.name, p.created_at, "                    \
    "CASE WHEN p.status = 'received' AND coalesce(p.due_accept, p.due_screen) < ?9 THEN 1 "        \
    "WHEN p.status = 'accepted' AND p.due_resolve < ?9 THEN 1 ELSE 0 END"
#define P_FROM                                                                                     \
    " FROM petitions p LEFT JOIN users h ON h.id = p.handler_id JOIN units un ON un.id = "         \
    "p.unit_id"
/* Who sees: ?1 the scope (leaders, clerks; '[]' for others), ?2 the user, ?3 a unit
 * account's own unit (0 for others). */
#define P_VISIBLE                                                                                  \
    "(p.unit_id IN (SELECT value FROM json_each(?1)) OR p.handler_id = ?2 OR p.unit_id = ?3)"

static const db_query q_get = {"petitions.get",
                               "SELECT " P_COLS P_FROM " WHERE p.id = ?4 AND " P_VISIBLE, NULL};
static const db_query q_list = {
    "petitions.list",
    "SELECT " P_COLS P_FROM " WHERE " P_VISIBLE
    " AND (?4 IS NULL OR p.kind = ?4) AND (?5 IS NULL OR p.status = ?5) AND (?6 IS NULL OR "
    "p.received_on >= ?6) AND (?7 IS NULL OR p.received_on <= ?7) AND (?8 = 0 OR "
    "(p.status = 'received' AND coalesce(p.due_accept, p.due_screen) < ?9) OR (p.status = "
    "'accepted' AND p.due_resolve < ?9)) AND (?10 IS NULL OR p.matter LIKE '%' || ?10 || '%' OR "
    "p.summary LIKE '%' || ?10 || '%' OR printf('%04d/%d', p.number, p.year) = ?10) AND (?11 = 0 "
    "OR p.handler_id = ?2) ORDER BY p.received_on DESC, p.id DESC LIMIT ?12 OFFSET ?13",
    NULL};
static const db_query q_count = {
    "petitions.count",
    "SELECT count(*) FROM petitions p WHERE " P_VISIBLE
    " AND (?4 IS NULL OR p.kind = ?4) AND (?5 IS NULL OR p.status = ?5) AND (?6 IS NULL OR "
    "p.received_on >= ?6) AND (?7 IS NULL OR p.received_on <= ?7) AND (?8 = 0 OR "
    "(p.status = 'received' AND coalesce(p.due_accept, p.due_screen) < ?9) OR (p.status = "
    "'accepted' AND p.due_resolve < ?9)) AND (?10 IS NULL OR p.matter LIKE '%' || ?10 || '%' OR "
    "p.summary LIKE '%' || ?10 || '%' OR printf('%04d/%d', p.number, p.year) = ?10) AND (?11 = 0 "
    "OR p.handler_id = ?2)",
    NULL};
static const db_query q_ident = {"petitions.ident", "SELECT ident FROM petitions WHERE id = ?1",
                                 NULL};
static const db_query q_next = {
    "petitions.next",
    "SELECT coalesce(max(number), 0) + 1 FROM petitions WHERE unit_id = ?1 AND year = ?2", NULL};
static const db_query q_repeat = {
    "petitions.repeat",
    "SELECT min(id) FROM petitions WHERE unit_id = ?1 AND ident_key = ?2 AND matter_key = ?3",
    NULL};
static const db_query q_insert = {
    "petitions.insert",
    "INSERT INTO petitions (unit_id, year, number, received_on, channel, source_org, matter, "
    "summary, kind, party_related, complexity, remote, n_persons, pseudonym, ident, ident_key, "
    "matter_key, repeat_of, due_screen, due_accept, reception_entry_id, created_by, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21, ?22, ?23)",
    NULL};

static bool role_sees_scope(const user *u)
{
    return u->role == ROLE_COMMITTEE_LEADER || u->role == ROLE_OFFICE_LEADER ||
           u->role == ROLE_CLERK;
}

/* Binds ?1..?3 and ?9 (today) of the visibility rule. */
static void bind_visible(ctx *c, db_stmt *s)
{
    const user *u = c->user;
    db_bind_text(s, 1, role_sees_scope(u) ? org_scope_json(c) : "[]");
    db_bind_int(s, 2, u->id);
    db_bind_int(s, 3, u->role == ROLE_UNIT ? u->unit_id : 0);
    char today[11];
    pet_today(today);
    db_bind_text(s, 9, today);
}

static const char *dup(ctx *c, db_stmt *s, int col)
{
    return arena_strdup(c->a, db_col_text(s, col));
}

static void row_read(ctx *c, db_stmt *s, petition *p)
{
    memset(p, 0, sizeof *p);
    p->id = db_col_int(s, 0);
    p->unit_id = db_col_int(s, 1);
    p->handler_id = db_col_int(s, 2);
    p->assigned_by = db_col_int(s, 3);
    p->repeat_of = db_col_int(s, 4);
    p->outgoing_id = db_col_int(s, 5);
    p->reception_entry_id = db_col_int(s, 6);
    p->year = (int)db_col_int(s, 7);
    p->number = (int)db_col_int(s, 8);
    p->n_persons = (int)db_col_int(s, 9);
    p->extensions = (int)db_col_int(s, 10);
    p->received_on = dup(c, s, 11);
    p->channel = dup(c, s, 12);
    p->source_org = dup(c, s, 13);
    p->matter = dup(c, s, 14);
    p->summary = dup(c, s, 15);
    p->kind = dup(c, s, 16);
    p->complexity = dup(c, s, 17);
    p->party_related = db_col_int(s, 18) != 0;
    p->remote = db_col_int(s, 19) != 0;
    p->pseudonym = dup(c, s, 20);
    p->screening = dup(c, s, 21);
    p->screening_reason = dup(c, s, 22);
    p->screened_on = dup(c, s, 23);
    p->status = dup(c, s, 24);
    p->accepted_on = dup(c, s, 25);
    p->decision_no = dup(c, s, 26);
    p->transferred_to = dup(c, s, 27);
    p->guidance = dup(c, s, 28);
    p->due_screen = dup(c, s, 29);
    p->due_accept = dup(c, s, 30);
    p->due_resolve = dup(c, s, 31);
    p->result_on = dup(c, s, 32);
    p->result_doc = dup(c, s, 33);
    p->result_text = dup(c, s, 34);
    p->closed_on = dup(c, s, 35);
    p->handler_name = dup(c, s, 36);
    p->unit_name = dup(c, s, 37);
    p->created_at = dup(c, s, 38);
    p->overdue = db_col_int(s, 39) != 0;
    p->code = arena_printf(c->a, "%04d/%d", p->number, p->year);
    p->protected_kind = pet_protected_kind(p->kind);
    if (c->user)
        p->may_identity = p->protected_kind
                              ? (c->user->id == p->handler_id || c->user->id == p->assigned_by)
                              : true;
}

bool pet_may_register(ctx *c)
{
    return c->user && role_sees_scope(c->user);
}

bool pet_may_assign(ctx *c, const petition *p)
{
    return c->user &&
           (c->user->role == ROLE_COMMITTEE_LEADER || c->user->role == ROLE_OFFICE_LEADER) &&
           org_unit_in_scope(c, p->unit_id);
}

bool pet_may_handle(ctx *c, const petition *p)
{
    return c->user && (c->user->id == p->handler_id || pet_may_assign(c, p));
}

const petition *pet_get(ctx *c, int64_t id)
{
    if (!c->user || c->user->role == ROLE_ADMIN || id <= 0)
        return NULL;
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return NULL;
    bind_visible(c, s);
    db_bind_int(s, 4, id);
    petition *p = NULL;
    if (db_step(s) == DB_ROW) {
        p = arena_alloc(c->a, sizeof *p);
        row_read(c, s, p);
    }
    db_reset(s);
    if (p && p->kind && strcmp(p->kind, "denunciation") == 0) {
        pet_rule r;
        if (pet_rule_find(c, p->kind, p->party_related, p->complexity, p->remote, "extend",
                          p->accepted_on ? p->accepted_on : p->received_on, &r))
            p->max_extensions = r.max_count;
    }
    return p;
}

int pet_list(ctx *c, const pet_filter *f, petition **rows_r, int64_t *total_r)
{
    *rows_r = NULL;
    *total_r = 0;
    if (!c->user || c->user->role == ROLE_ADMIN)
        return 0;
    const char *q = f->q && *f->q ? f->q : NULL;
    for (int pass = 0; pass < 2; pass++) {
        db_stmt *s = db_stmt_get(c->db, pass ? &q_list : &q_count);
        if (!s)
            return -1;
        bind_visible(c, s);
        db_bind_text(s, 4, f->kind && *f->kind ? f->kind : NULL);
        db_bind_text(s, 5, f->status && *f->status ? f->status : NULL);
        db_bind_text(s, 6, f->from && *f->from ? f->from : NULL);
        db_bind_text(s, 7, f->to && *f->to ? f->to : NULL);
        db_bind_int(s, 8, f->overdue);
        db_bind_text(s, 10, q);
        db_bind_int(s, 11, f->mine);
        if (!pass) {
            if (db_step(s) == DB_ROW)
                *total_r = db_col_int(s, 0);
            db_reset(s);
            continue;
        }
        db_bind_int(s, 12, f->limit > 0 ? f->limit : 50);
        db_bind_int(s, 13, f->offset);
        int n = 0, cap = 16;
        petition *v = arena_alloc(c->a, cap * sizeof *v);
        while (db_step(s) == DB_ROW) {
            ARENA_GROW(c->a, v, n, cap);
            row_read(c, s, &v[n++]);
        }
        db_reset(s);
        *rows_r = v;
        return n;
    }
    return 0;
}

unsigned char *pet_ident_seal(const pet_ident *w, size_t *n_r)
{
    if ((!w->name || !*w->name) && (!w->address || !*w->address) && (!w->id_no || !*w->id_no))
        return NULL;
    json_t *j = json_pack("{s:s, s:s, s:s}", "name", w->name ? w->name : "", "address",
                          w->address ? w->address : "", "id_no", w->id_no ? w->id_no : "");
    char *txt = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    unsigned char *box = pet_seal(txt, strlen(txt), n_r);
    sodium_memzero(txt, strlen(txt));
    free(txt);
    return box;
}

const pet_ident *pet_ident_open(ctx *c, const void *box, size_t n)
{
    size_t m = 0;
    char *txt = pet_open(box, n, &m);
    if (!txt)
        return NULL;
    json_t *j = json_loadb(txt, m, 0, NULL);
    sodium_memzero(txt, m);
    free(txt);
    if (!j)
        return NULL;
    pet_ident *w = arena_alloc(c->a, sizeof *w);
    w->name = arena_strdup(c->a, json_string_value(json_object_get(j, "name")));
    w->address = arena_strdup(c->a, json_string_value(json_object_get(j, "address")));
    w->id_no = arena_strdup(c->a, json_string_value(json_object_get(j, "id_no")));
    json_decref(j);
    return w;
}

const pet_ident *pet_identity(ctx *c, int64_t id, web_err *e)
{
    const petition *p = pet_get(c, id);
    if (!p) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy đơn."));
        return NULL;
    }
    if (!p->may_identity) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Danh tính người tố cáo chỉ người được giao xử lý và lãnh đạo đã giao "
                      "được xem."));
        return NULL;
    }
    db_stmt *s = db_stmt_get(c->db, &q_ident);
    const pet_ident *w = NULL;
    if (s) {
        db_bind_int(s, 1, id);
        if (db_step(s) == DB_ROW && !db_col_null(s, 0)) {
            size_t n = 0;
            const void *b = db_col_blob(s, 0, &n);
            w = pet_ident_open(c, b, n);
        }
        db_reset(s);
    }
    if (!w) {
        pet_ident *empty = arena_alloc(c->a, sizeof *empty);
        empty->name = empty->address = empty->id_no = "";
        w = empty;
    }
    /* Every view of a protected identity is on the trail, by petition id only. */
    if (p->protected_kind) {
        if (db_begin_write(c->db) != 0 ||
            audit_commit(c->db, c->user, "petition.identity_view", "petition", id,
                         json_pack("{s:s}", "code", p->code)) != 0) {
            db_rollback(c->db);
            web_err_db(c, e);
            return NULL;
        }
    }
    return w;
}

json_t *pet_json(ctx *c, const petition *p)
{
    json_t *j = json_pack(
        "{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:b, s:i, s:s, s:s, s:s, s:i}",
        "id", (json_int_t)p->id, "code", p->code, "unit_id", (json_int_t)p->unit_id, "received_on",
        p->received_on, "channel", p->channel, "matter", p->matter, "summary", p->summary, "kind",
        p->kind, "kind_label", pet_kind_label(p->kind), "party_related", p->party_related,
        "complexity", p->complexity, "remote", p->remote, "n_persons", p->n_persons, "pseudonym",
        p->pseudonym, "status", p->status, "status_label", pet_status_label(p->status),
        "extensions", p->extensions);
#define OPT(k, v) json_object_set_new(j, k, (v) ? json_string(v) : json_null())
    OPT("source_org", p->source_org);
    OPT("screening", p->screening);
    OPT("screening_reason", p->screening_reason);
    OPT("accepted_on", p->accepted_on);
    OPT("decision_no", p->decision_no);
    OPT("transferred_to", p->transferred_to);
    OPT("guidance", p->guidance);
    OPT("due_screen", p->due_screen);
    OPT("due_accept", p->due_accept);
    OPT("due_resolve", p->due_resolve);
    OPT("result_on", p->result_on);
    OPT("result_doc", p->result_doc);
    OPT("result_text", p->result_text);
    OPT("closed_on", p->closed_on);
    OPT("handler_name", p->handler_name);
#undef OPT
    json_object_set_new(j, "handler_id", p->handler_id ? json_integer(p->handler_id) : json_null());
    json_object_set_new(j, "repeat_of", p->repeat_of ? json_integer(p->repeat_of) : json_null());
    json_object_set_new(j, "outgoing_id",
                        p->outgoing_id ? json_integer(p->outgoing_id) : json_null());
    json_object_set_new(j, "overdue", json_boolean(p->overdue));
    json_object_set_new(j, "identity_protected", json_boolean(p->protected_kind));
    json_object_set_new(j, "may_see_identity", json_boolean(p->may_identity));
    return j;
}

/* ---- registration ----------------------------------------------------------------------- */

static int64_t one_int(db *d, const db_query *q, int64_t a, int64_t b)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return -1;
    db_bind_int(s, 1, a);
    db_bind_int(s, 2, b);
    int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    db_reset(s);
    return v;
}

int64_t pet_register(ctx *c, const pet_input *in, web_err *e)
{
    if (!pet_may_register(c)) {
        web_err_add(e, 403, "forbidden", NULL, _("Chỉ văn thư và lãnh đạo được vào sổ đơn thư."));
        return -1;
    }
    char today[11];
    pet_today(today);
    if (!in->received_on || !param_date(in->received_on))
        web_err_add(e, 400, "invalid_input", "received_on",
                    _("Ngày nhận đơn là bắt buộc và phải là ngày hợp lệ."));
    else if (strcmp(in->received_on, today) > 0)
        web_err_add(e, 400, "invalid_input", "received_on",
                    _("Ngày nhận đơn không được sau hôm nay."));
    if (pet_index(pet_channels, in->channel) < 0)
        web_err_add(e, 400, "invalid_input", "channel", _("Hãy chọn nguồn đơn."));
    if (pet_index(pet_kinds, in->kind) < 0)
        web_err_add(e, 400, "invalid_input", "kind",
                    _("Hãy chọn loại đơn: khiếu nại, tố cáo, kiến nghị, phản ánh hoặc hỗn hợp."));
    const char *cx = in->complexity && *in->complexity ? in->complexity : "normal";
    if (pet_index(pet_complexities, cx) < 0)
        web_err_add(e, 400, "invalid_input", "complexity", _("Mức độ phức tạp không hợp lệ."));
    const char *matter = pet_text(c, in->matter, "matter", _("Vụ việc"), PET_MAX_SHORT, true, e);
    const char *summary =
        pet_text(c, in->summary, "summary", _("Nội dung tóm tắt"), PET_MAX_TEXT, true, e);
    const char *src =
        pet_text(c, in->source_org, "source_org", _("Cơ quan chuyển đến"), PET_MAX_SHORT, false, e);
    if (in->channel && strcmp(in->channel, "transferred") == 0 && !src && !e->n)
        web_err_add(e, 400, "invalid_input", "source_org",
                    _("Đơn do cơ quan khác chuyển đến: hãy ghi cơ quan chuyển."));
    pet_ident w = {pet_text(c, in->who.name, "name", _("Họ tên"), PET_MAX_SHORT, false, e),
                   pet_text(c, in->who.address, "address", _("Địa chỉ"), PET_MAX_SHORT, false, e),
                   pet_text(c, in->who.id_no, "id_no", _("Số CMND/CCCD"), 20, false, e)};
    if (!pet_id_valid(w.id_no))
        web_err_add(e, 400, "invalid_input", "id_no", _("Số CMND/CCCD phải gồm 9 hoặc 12 chữ số."));
    int n_persons = in->n_persons > 0 ? in->n_persons : 1;
    if (in->n_persons < 0 || in->n_persons > 100000)
        web_err_add(e, 400, "invalid_input", "n_persons", _("Số người phải từ 1 đến 100.000."));
    if (e->n)
        return -1;

    int64_t unit_id = org_scope_anchor(c->db, c->user->unit_id);
    int year = in->received_on ? atoi(in->received_on) : 0; /* validated above */
    pet_rule rs, ra;
    bool has_s = pet_rule_find(c, in->kind, in->party_related, cx, in->remote, "screen",
                               in->received_on, &rs);
    bool has_a = pet_rule_find(c, in->kind, in->party_related, cx, in->remote, "accept",
                               in->received_on, &ra);
    char due_s[11] = "", due_a[11] = "";
    if (has_s)
        pet_rule_due(c, &rs, in->received_on, due_s);
    if (has_a)
        pet_rule_due(c, &ra, in->received_on, due_a);

    char ikey[33] = "", mkey[33] = "";
    char *fm = pet_fold(matter);
    pet_keyed_hash(fm, mkey);
    free(fm);
    if (w.name) {
        char *fn = pet_fold(w.name);
        char *both = arena_printf(c->a, "%s|%s", fn, w.id_no ? w.id_no : "");
        free(fn);
        pet_keyed_hash(both, ikey);
    }
    size_t box_n = 0;
    unsigned char *box = pet_ident_seal(&w, &box_n);
    if (!mkey[0] || ((w.name || w.address || w.id_no) && !box)) {
        free(box);
        web_err_add(e, 500, "internal", NULL,
                    _("Không mở được khóa mã hóa danh tính (thư mục keys của dữ liệu)."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        free(box);
        web_err_add(e, 503, "busy", NULL, _(PET_MSG_BUSY));
        return -1;
    }
    int64_t number = one_int(c->db, &q_next, unit_id, year);
    int64_t repeat = 0;
    if (ikey[0]) {
        db_stmt *r = db_stmt_get(c->db, &q_repeat);
        if (r) {
            db_bind_int(r, 1, unit_id);
            db_bind_text(r, 2, ikey);
            db_bind_text(r, 3, mkey);
            if (db_step(r) == DB_ROW && !db_col_null(r, 0))
                repeat = db_col_int(r, 0);
            db_reset(r);
        }
    }
    db_stmt *s = db_stmt_get(c->db, &q_insert);
    if (number < 0 || !s) {
        free(box);
        return web_err_rollback(c, e);
    }
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    const char *code = arena_printf(c->a, "%04lld/%d", (long long)number, year);
    const char *pseudo = arena_printf(c->a,
                                      pet_protected_kind(in->kind) ? _("Người tố cáo (đơn %s)")
                                                                   : _("Người viết đơn (đơn %s)"),
                                      code);
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, year);
    db_bind_int(s, 3, number);
    db_bind_text(s, 4, in->received_on);
    db_bind_text(s, 5, in->channel);
    db_bind_text(s, 6, src);
    db_bind_text(s, 7, matter);
    db_bind_text(s, 8, summary);
    db_bind_text(s, 9, in->kind);
    db_bind_int(s, 10, in->party_related);
    db_bind_text(s, 11, cx);
    db_bind_int(s, 12, in->remote);
    db_bind_int(s, 13, n_persons);
    db_bind_text(s, 14, pseudo);
    if (box)
        db_bind_blob(s, 15, box, box_n);
    db_bind_text(s, 16, ikey[0] ? ikey : NULL);
    db_bind_text(s, 17, mkey);
    if (repeat)
        db_bind_int(s, 18, repeat);
    db_bind_text(s, 19, due_s[0] ? due_s : NULL);
    db_bind_text(s, 20, due_a[0] ? due_a : NULL);
    if (in->reception_entry_id > 0)
        db_bind_int(s, 21, in->reception_entry_id);
    db_bind_int(s, 22, c->user->id);
    db_bind_text(s, 23, now);
    int rc = db_exec(s);
    free(box);
    if (rc != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    json_t *after =
        json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", code, "kind", in->kind, "pseudonym", pseudo,
                  "received_on", in->received_on, "matter", matter);
    if (repeat)
        json_object_set_new(after, "repeat_of", json_integer(repeat));
    if (audit_commit(c->db, c->user, "petition.register", "petition", id, after) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}
