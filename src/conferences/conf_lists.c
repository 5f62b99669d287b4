/* Materials by clearance, the lists of a conference (studied documents, invited units,
 * connection points) and its JSON (conferences.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/config.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "conferences/conf_impl.h"
#include "conferences/conferences.h"
#include "files/blob.h"
#include "files/files.h"
#include "incoming/incoming.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "web/dates.h"

static const char *col_dup(ctx *c, db_stmt *s, int i)
{
    const char *t = db_col_text(s, i);
    return t ? arena_strdup(c->a, t) : NULL;
}

/* ---- materials --------------------------------------------------------------------------- */

static const db_query q_material_add = {
    "conf.material_add",
    "INSERT INTO conference_materials (conference_id, title, secrecy, sha256, filename, mime, "
    "size, added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    NULL};

int64_t conf_material_add(ctx *c, int64_t id, const char *title, int secrecy,
                          const http_upload *file, web_err *e)
{
    const conference *k = conf_for_change(c, id, true, e);
    if (!k)
        return -1;
    if (!title || !*title || strlen(title) > CONF_MAX_TITLE)
        conf_refuse(e, 400, "title", _("Tên tài liệu là bắt buộc (tối đa 500 ký tự)."));
    if (secrecy < SECRECY_NONE || secrecy > SECRECY_TUYET_MAT)
        conf_refuse(e, 400, "secrecy", _("Độ mật không hợp lệ."));
    const char *mime = NULL;
    if (file && file->size > 0) {
        mime = attach_sniff(c, file->tmp_path);
        if (!mime || !attach_mime_allowed(mime))
            conf_refuse(e, 415, "file",
                        _("Loại tệp không được chấp nhận (PDF, ảnh, Word, Excel, ODT, văn bản)."));
    } else if (file && file->size == 0) {
        conf_refuse(e, 400, "file", _("Tệp rỗng."));
    }
    if (e->n)
        return -1;
    /* The bytes go to the store before the row that names them (blob.h). */
    const char *berr = NULL;
    if (file && blob_put(config.blob_dir, file->tmp_path, file->sha256_hex, &berr) != 0)
        return conf_refuse(e, 500, "file", _("Không lưu được tệp. Hãy thử lại."));
    if (conf_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_material_add);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, title);
    db_bind_int(s, 3, secrecy);
    if (file) {
        const char *name = file->filename && *file->filename ? file->filename : "tai-lieu";
        const char *slash = strrchr(name, '/');
        db_bind_text(s, 4, file->sha256_hex);
        db_bind_text(s, 5, slash ? slash + 1 : name);
        db_bind_text(s, 6, mime);
        db_bind_int(s, 7, file->size);
    }
    db_bind_int(s, 8, c->user->id);
    db_bind_text(s, 9, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t mid = db_last_id(c->db);
    if (conf_commit(c, "conference.material_add", id,
                    json_pack("{s:I, s:s, s:i}", "material_id", (json_int_t)mid, "title", title,
                              "secrecy", secrecy),
                    e) != 0)
        return -1;
    return mid;
}

static const db_query q_materials = {
    "conf.materials",
    "SELECT id, title, secrecy, sha256, filename, mime, coalesce(size, 0), coalesce(added_by, 0) "
    "FROM conference_materials WHERE conference_id = ?1 ORDER BY id",
    NULL};

/* The clearance rule of conferences.h: what secrecy the caller may open in this conference. */
static bool cleared_for(ctx *c, const conference *k, int secrecy, int64_t added_by)
{
    if (secrecy <= SECRECY_NONE || (c->user && c->user->id == added_by))
        return true;
    bool organiser = conf_is_organiser(c, k);
    if (organiser)
        return c->user->role == ROLE_CLERK || secrecy_leader_may_see(c);
    if (secrecy_paper_only((enum secrecy)secrecy))
        return false;
    return secrecy_leader_may_see(c);
}

int conf_materials(ctx *c, int64_t id, conf_material **rows_r, int *hidden_r)
{
    *rows_r = NULL;
    if (hidden_r)
        *hidden_r = 0;
    const conference *k = conf_get(c, id);
    db_stmt *s = k ? db_stmt_get(c->db, &q_materials) : NULL;
    if (!s)
        return 0;
    db_bind_int(s, 1, id);
    int n = 0, cap = 8;
    conf_material *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        if (!cleared_for(c, k, (int)db_col_int(s, 2), db_col_int(s, 7))) {
            if (hidden_r)
                (*hidden_r)++;
            continue;
        }
        ARENA_GROW(c->a, v, n, cap);
        v[n] = (conf_material){.id = db_col_int(s, 0),
                               .title = col_dup(c, s, 1),
                               .secrecy = (int)db_col_int(s, 2),
                               .sha256 = col_dup(c, s, 3),
                               .filename = col_dup(c, s, 4),
                               .mime = col_dup(c, s, 5),
                               .size = db_col_int(s, 6)};
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

const conf_material *conf_material_get(ctx *c, int64_t conf_id, int64_t material_id)
{
    conf_material *v;
    int n = conf_materials(c, conf_id, &v, NULL);
    for (int i = 0; i < n; i++)
        if (v[i].id == material_id)
            return &v[i];
    return NULL;
}

/* ---- lists of a conference --------------------------------------------------------------- */

static const db_query q_subjects = {
    "conf.subjects",
    "SELECT doc_kind, doc_id FROM conference_subjects WHERE conference_id = ?1 ORDER BY id", NULL};

int conf_subjects(ctx *c, int64_t id, conf_doc **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = conf_get(c, id) ? db_stmt_get(c->db, &q_subjects) : NULL;
    if (!s)
        return 0;
    db_bind_int(s, 1, id);
    int n = 0, cap = 4;
    conf_doc *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n] = (conf_doc){.doc_kind = col_dup(c, s, 0), .doc_id = db_col_int(s, 1)};
        n++;
    }
    db_reset(s);
    for (int i = 0; i < n; i++) {
        v[i].code = v[i].subject = "";
        if (strcmp(v[i].doc_kind, "in") == 0) {
            const incoming *r = incoming_get(c, v[i].doc_id, false);
            if (r) {
                v[i].visible = true;
                v[i].code = r->code ? r->code : "";
                v[i].subject = r->subject ? r->subject : "";
            }
        } else {
            const outgoing *o = outgoing_get(c, v[i].doc_id);
            if (o) {
                v[i].visible = true;
                v[i].code = o->notation ? o->notation : "";
                v[i].subject = o->subject ? o->subject : "";
            }
        }
    }
    *rows_r = v;
    return n;
}

static const db_query q_invitees = {
    "conf.invitees",
    "SELECT i.unit_id, coalesce(u.parent_id, 0), u.name, i.response, i.reason, "
    "i.substitute_name, i.responded_at, i.checked_in_at FROM conference_invitees i JOIN units u "
    "ON u.id = i.unit_id WHERE i.conference_id = ?1 ORDER BY u.sort_order, u.name",
    NULL};

int conf_invitees(ctx *c, int64_t id, conf_invitee **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = conf_get(c, id) ? db_stmt_get(c->db, &q_invitees) : NULL;
    if (!s)
        return 0;
    db_bind_int(s, 1, id);
    int n = 0, cap = 16;
    conf_invitee *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n] = (conf_invitee){.unit_id = db_col_int(s, 0),
                              .parent_id = db_col_int(s, 1),
                              .unit_name = col_dup(c, s, 2),
                              .response = col_dup(c, s, 3),
                              .reason = col_dup(c, s, 4),
                              .substitute = col_dup(c, s, 5),
                              .responded_at = col_dup(c, s, 6),
                              .checked_in_at = col_dup(c, s, 7)};
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

static const db_query q_endpoints = {
    "conf.endpoints",
    "SELECT p.unit_id, u.name, p.host, p.expected, coalesce(p.actual, -1) FROM "
    "conference_endpoints p JOIN units u ON u.id = p.unit_id WHERE p.conference_id = ?1 ORDER BY "
    "u.sort_order, u.name",
    NULL};

int conf_endpoints(ctx *c, int64_t id, conf_endpoint **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = conf_get(c, id) ? db_stmt_get(c->db, &q_endpoints) : NULL;
    if (!s)
        return 0;
    db_bind_int(s, 1, id);
    int n = 0, cap = 8;
    conf_endpoint *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n] = (conf_endpoint){.unit_id = db_col_int(s, 0),
                               .unit_name = col_dup(c, s, 1),
                               .host = col_dup(c, s, 2),
                               .expected = (int)db_col_int(s, 3),
                               .actual = (int)db_col_int(s, 4)};
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

const char *conf_pct(ctx *c, double pct)
{
    if (pct < 0)
        return "";
    char *s = arena_printf(c->a, "%.2f%%", pct);
    char *dot = strchr(s, '.');
    if (dot)
        *dot = i18n_decimal_mark();
    return s;
}

json_t *conf_json(ctx *c, const conference *k, bool full)
{
    const char *st = conf_status(c, k);
    json_t *j =
        json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                  (json_int_t)k->id, "unit_id", (json_int_t)k->unit_id, "unit_name", k->unit_name,
                  "title", k->title, "kind", k->kind, "kind_label", conf_kind_label(k->kind),
                  "mode", k->mode, "starts_at", k->starts_at, "ends_at", k->ends_at, "venue",
                  k->venue, "status", st, "status_label", conf_status_label(st));
    json_object_set_new(j, "programme_item_id",
                        k->programme_item_id ? json_integer(k->programme_item_id) : json_null());
    json_object_set_new(j, "invitation_outgoing_id",
                        k->invitation_id ? json_integer(k->invitation_id) : json_null());
    json_object_set_new(j, "minutes_outgoing_id",
                        k->minutes_id ? json_integer(k->minutes_id) : json_null());
    json_object_set_new(j, "conclusion_outgoing_id",
                        k->conclusion_id ? json_integer(k->conclusion_id) : json_null());
    json_object_set_new(j, "conclusion_due",
                        k->conclusion_due ? json_string(k->conclusion_due) : json_null());
    if (!full)
        return j;
    json_object_set_new(j, "participants", json_string(k->participants));
    json_object_set_new(j, "content", json_string(k->content));
    json_object_set_new(j, "prepare", json_string(k->prepare));
    json_object_set_new(j, "chair_user_id",
                        k->chair_user_id ? json_integer(k->chair_user_id) : json_null());
    json_object_set_new(j, "invitation_date",
                        k->invitation_date ? json_string(k->invitation_date) : json_null());
    json_object_set_new(j, "invite_lead_days",
                        k->lead_days >= 0 ? json_integer(k->lead_days) : json_null());
    json_object_set_new(j, "late_invitation_reason",
                        k->late_reason ? json_string(k->late_reason) : json_null());
    json_object_set_new(j, "study_report_due",
                        k->study_report_due ? json_string(k->study_report_due) : json_null());
    json_object_set_new(j, "may_manage", json_boolean(conf_may_manage(c, k)));
    conf_doc *docs;
    int nd = conf_subjects(c, k->id, &docs);
    json_t *ja = json_array();
    for (int i = 0; i < nd; i++)
        if (docs[i].visible)
            json_array_append_new(ja,
                                  json_pack("{s:s, s:I, s:s, s:s}", "doc_kind", docs[i].doc_kind,
                                            "doc_id", (json_int_t)docs[i].doc_id, "code",
                                            docs[i].code, "subject", docs[i].subject));
    json_object_set_new(j, "subjects", ja);
    conf_material *m;
    int hidden = 0, nm = conf_materials(c, k->id, &m, &hidden);
    ja = json_array();
    for (int i = 0; i < nm; i++) {
        json_t *x = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)m[i].id, "title", m[i].title,
                              "secrecy", secrecy_code((enum secrecy)m[i].secrecy));
        if (m[i].sha256)
            json_object_set_new(x, "url",
                                json_string(arena_printf(c->a, "/conferences/%lld/materials/%lld",
                                                         (long long)k->id, (long long)m[i].id)));
        json_array_append_new(ja, x);
    }
    json_object_set_new(j, "materials", ja);
    json_object_set_new(j, "materials_withheld", json_integer(hidden));
    conf_invitee *iv;
    int ni = conf_invitees(c, k->id, &iv);
    ja = json_array();
    for (int i = 0; i < ni; i++) {
        json_t *x = json_pack("{s:I, s:s}", "unit_id", (json_int_t)iv[i].unit_id, "unit_name",
                              iv[i].unit_name);
        json_object_set_new(x, "response",
                            iv[i].response ? json_string(iv[i].response) : json_null());
        json_object_set_new(x, "reason", iv[i].reason ? json_string(iv[i].reason) : json_null());
        json_object_set_new(x, "substitute_name",
                            iv[i].substitute ? json_string(iv[i].substitute) : json_null());
        json_object_set_new(x, "checked_in_at",
                            iv[i].checked_in_at ? json_string(iv[i].checked_in_at) : json_null());
        json_array_append_new(ja, x);
    }
    json_object_set_new(j, "invitees", ja);
    conf_endpoint *ep;
    int ne = conf_endpoints(c, k->id, &ep);
    ja = json_array();
    for (int i = 0; i < ne; i++) {
        json_t *x =
            json_pack("{s:I, s:s, s:s, s:i}", "unit_id", (json_int_t)ep[i].unit_id, "unit_name",
                      ep[i].unit_name, "host", ep[i].host, "expected", ep[i].expected);
        json_object_set_new(x, "actual",
                            ep[i].actual >= 0 ? json_integer(ep[i].actual) : json_null());
        json_array_append_new(ja, x);
    }
    json_object_set_new(j, "endpoints", ja);
    return j;
}
