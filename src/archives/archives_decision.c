/* Lưu trữ: the head's disposal decision as a document of the existing outgoing flow (a
 * quyet_dinh draft created from the case and linked to it; execution waits for its issue), the
 * case as read by its page, and the export package of a whole hand-over batch (archives.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "archives/archives.h"
#include "archives/archives_impl.h"
#include "base/i18n.h"
#include "catalog/catalog.h"
#include "org/org.h"
#include "outgoing/outgoing.h"

static const db_query q_case = {
    "archives.case_read",
    "SELECT k.status, k.council, coalesce(k.decision_doc_id, 0), k.has_secret, "
    "k.secret_approved_by IS NOT NULL, k.created_at, coalesce(k.decided_at, ''), "
    "coalesce(k.executed_at, ''), k.minutes FROM destruction_cases k WHERE k.id = ?1",
    NULL};
static const db_query q_case_items = {
    "archives.case_items",
    "SELECT " AR_D_COLS " FROM destruction_case_dossiers cd JOIN dossiers d ON d.id = "
    "cd.dossier_id JOIN units u ON u.id = d.unit_id LEFT JOIN archive_records r ON r.dossier_id "
    "= d.id WHERE cd.case_id = ?1 ORDER BY d.code",
    NULL};
static const db_query q_case_link = {
    "archives.case_link",
    "UPDATE destruction_cases SET decision_doc_id = ?2 WHERE id = ?1 AND status = 'proposed' "
    "AND decision_doc_id IS NULL",
    NULL};
static const db_query q_batch_items = {
    "archives.batch_items",
    "SELECT bd.dossier_id, d.code FROM archive_batch_dossiers bd JOIN dossiers d ON d.id = "
    "bd.dossier_id WHERE bd.batch_id = ?1 ORDER BY d.code",
    NULL};
static const db_query q_cases = {
    "archives.cases",
    "SELECT id, status, created_at, (SELECT count(*) FROM destruction_case_dossiers cd WHERE "
    "cd.case_id = k.id) FROM destruction_cases k ORDER BY id DESC LIMIT 200",
    NULL};

int archives_case_list(ctx *c, ar_case **rows_r)
{
    *rows_r = NULL;
    if (!archives_is_archivist(c) && !ar_may_decide(c))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_cases);
    if (!s)
        return -1;
    int n = 0, cap = 16;
    ar_case *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n++] = (ar_case){.id = db_col_int(s, 0),
                           .status = arena_strdup(c->a, db_col_text(s, 1)),
                           .created_at = arena_strdup(c->a, db_col_text(s, 2)),
                           .n_dossiers = (int)db_col_int(s, 3)};
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

int archives_case_get(ctx *c, int64_t id, ar_case *k, ar_dossier **rows_r, int *n_r)
{
    if (!archives_is_archivist(c) && !ar_may_decide(c))
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_case);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    bool ok = db_step(s) == DB_ROW;
    if (ok)
        *k = (ar_case){.id = id,
                       .status = arena_strdup(c->a, db_col_text(s, 0)),
                       .council = arena_strdup(c->a, db_col_text(s, 1)),
                       .decision_doc_id = db_col_int(s, 2),
                       .secret = db_col_int(s, 3) != 0,
                       .secret_ok = db_col_int(s, 4) != 0,
                       .created_at = arena_strdup(c->a, db_col_text(s, 5)),
                       .decided_at = arena_strdup(c->a, db_col_text(s, 6)),
                       .executed_at = arena_strdup(c->a, db_col_text(s, 7)),
                       .minutes = arena_strdup(c->a, db_col_text(s, 8))};
    db_reset(s);
    if (!ok)
        return -1;
    const outgoing *o = k->decision_doc_id > 0 ? outgoing_get(c, k->decision_doc_id) : NULL;
    k->decision_issued = o && o->status == OUT_ISSUED;
    k->decision_label = o ? (o->notation ? o->notation : out_status_label(o->status)) : NULL;
    s = db_stmt_get(c->db, &q_case_items);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    int n = ar_collect(c, s, rows_r, false);
    *n_r = n < 0 ? 0 : n;
    return 0;
}

bool archives_decision_issued(ctx *c, int64_t doc_id)
{
    const outgoing *o = doc_id > 0 ? outgoing_get(c, doc_id) : NULL;
    return o && o->status == OUT_ISSUED;
}

int64_t archives_case_decision_draft(ctx *c, int64_t id, ar_result *r)
{
    if (!archives_is_archivist(c) && !ar_may_decide(c))
        return ar_fail(r, 403, NULL,
                       _("Chỉ bộ phận lưu trữ hoặc người quyết định lập dự thảo "
                         "quyết định tiêu hủy."));
    ar_case k;
    ar_dossier *rows;
    int n = 0;
    if (archives_case_get(c, id, &k, &rows, &n) != 0)
        return ar_fail(r, 404, NULL, _("Không tìm thấy đề nghị tiêu hủy."));
    if (strcmp(k.status, "proposed") != 0 || k.decision_doc_id > 0)
        return ar_fail(r, 409, NULL, _("Đề nghị này đã có văn bản quyết định."));
    /* The decision goes into the register kept by the archivist's committee office, looking up
     * the tree (as budget's decisions do). */
    int64_t reg = 0, at = c->user->unit_id;
    for (int up = 0; reg <= 0 && at > 0 && up < 8; up++) {
        reg = catalog_register_of_unit(c->db, at);
        if (reg <= 0)
            reg = catalog_register_of_unit(c->db, org_register_unit(c->db, at));
        const unit *u = org_unit_get(c, at);
        at = u ? u->parent_id : 0;
    }
    if (reg <= 0)
        return ar_fail(r, 409, NULL, _("Chưa có sổ văn bản đi: không lập được quyết định."));
    const char *body = _("Tiêu hủy các hồ sơ, tài liệu hết giá trị sau đây, theo đề nghị của Hội "
                         "đồng xác định giá trị tài liệu:\n");
    for (int i = 0; i < n; i++)
        body = arena_printf(c->a, "%s%d. %s — %s\n", body, i + 1, rows[i].code, rows[i].title);
    out_draft d = {.register_id = reg,
                   .doc_type = "quyet_dinh",
                   .subject = arena_printf(c->a,
                                           _("Quyết định tiêu hủy %d hồ sơ tài liệu hết "
                                             "giá trị"),
                                           n),
                   .body = body,
                   .copies = 1};
    const char *err = NULL;
    int status = 0;
    /* The outgoing flow owns its transaction; the link follows (as budget's decision does). */
    int64_t oid = outgoing_create(c, &d, &err, &status);
    if (oid < 0)
        return ar_fail(r, status ? status : 500, NULL, err);
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_case_link);
    if (!s || (db_bind_int(s, 1, id), db_bind_int(s, 2, oid), db_exec(s)) != DB_DONE) {
        db_rollback(c->db);
        return ar_fail(r, 500, NULL, _(AR_MSG_DB));
    }
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return ar_fail(r, 409, NULL, _("Đề nghị này đã có văn bản quyết định."));
    }
    if (ar_commit(c, "archives.case_decision_draft", id,
                  json_pack("{s:I}", "outgoing_id", (json_int_t)oid), r) != 0)
        return -1;
    return oid;
}

void *archives_batch_export_json(ctx *c, int64_t batch_id)
{
    db_stmt *s = db_stmt_get(c->db, &q_batch_items);
    if (!s)
        return NULL;
    db_bind_int(s, 1, batch_id);
    int64_t ids[1000];
    int n = 0;
    while (n < 1000 && db_step(s) == DB_ROW)
        ids[n++] = db_col_int(s, 0);
    db_reset(s);
    if (!n)
        return NULL;
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *j = archives_export_json(c, ids[i]);
        if (!j) {
            json_decref(a);
            return NULL;
        }
        json_array_append_new(a, j);
    }
    return json_pack("{s:I, s:o}", "batch_id", (json_int_t)batch_id, "dossiers", a);
}

int archives_export_batch(db *d, int64_t batch_id, const char *blob_dir, const char *out_dir,
                          const char **err_r)
{
    arena *a = arena_new();
    ctx c = {.a = a, .db = d};
    db_stmt *s = db_stmt_get(d, &q_batch_items);
    int rc = -1;
    if (!s) {
        *err_r = "database error";
        goto out;
    }
    db_bind_int(s, 1, batch_id);
    struct item {
        int64_t id;
        const char *code;
    } items[1000];
    int n = 0;
    while (n < 1000 && db_step(s) == DB_ROW) {
        items[n].id = db_col_int(s, 0);
        items[n++].code = arena_strdup(a, db_col_text(s, 1));
    }
    db_reset(s);
    if (!n) {
        *err_r = "no batch with that id, or it is empty";
        goto out;
    }
    if (mkdir(out_dir, 0750) != 0) {
        *err_r = errno == EEXIST ? "the output folder already exists" : "cannot create the folder";
        goto out;
    }
    /* One bag per dossier, in the same layout as the single-dossier package, and a batch.json
     * index naming each folder. */
    json_t *index = json_array();
    for (int i = 0; i < n; i++) {
        char name[256], path[4400];
        snprintf(name, sizeof name, "%03d-%.200s", i + 1, items[i].code);
        for (char *p = name; *p; p++)
            if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20)
                *p = '_';
        snprintf(path, sizeof path, "%.4000s/%.256s", out_dir, name);
        if (archives_export_package(d, items[i].id, blob_dir, path, err_r) != 0) {
            json_decref(index);
            goto out;
        }
        json_array_append_new(index,
                              json_pack("{s:I, s:s, s:s}", "dossier_id", (json_int_t)items[i].id,
                                        "code", items[i].code, "folder", name));
    }
    char path[4200];
    snprintf(path, sizeof path, "%.4000s/batch.json", out_dir);
    json_t *top = json_pack("{s:I, s:o}", "batch_id", (json_int_t)batch_id, "dossiers", index);
    rc = json_dump_file(top, path, JSON_INDENT(2));
    json_decref(top);
    if (rc != 0)
        *err_r = "cannot write the package";
out:
    (void)c;
    arena_free(&a);
    return rc;
}
