/* Lưu trữ: the reading room (search, access requests and grants), scan approvals and the
 * upload guard, the TT 05/2025 export metadata and the fixity check (archives.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "archives/archives.h"
#include "archives/archives_impl.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "files/blob.h"
#include "incoming/incoming.h"
#include "outgoing/outgoing.h"
#include "org/org.h"
#include "rules/rules.h"
#include "text/vi.h"

static const db_query q_search = {
    "archives.search",
    "SELECT " AR_D_COLS ", NULL, r.keywords FROM archive_records r JOIN dossiers d ON "
    "d.id = r.dossier_id JOIN units u ON u.id = d.unit_id WHERE r.state <> 'destroyed' "
    "ORDER BY r.deposited_on DESC, d.code",
    NULL};
static const db_query q_acc_add = {
    "archives.acc_add",
    "INSERT INTO archive_access (dossier_id, user_id, reason, requested_at) VALUES (?1, ?2, ?3, "
    "?4)",
    NULL};
static const db_query q_acc_decide = {
    "archives.acc_decide",
    "UPDATE archive_access SET status = ?2, decided_by = ?3, decided_at = ?4, until = ?5 "
    "WHERE id = ?1 AND status = 'requested'",
    NULL};
static const db_query q_acc_ok = {
    "archives.acc_ok",
    "SELECT 1 FROM archive_access WHERE dossier_id = ?1 AND user_id = ?2 AND status = 'granted' "
    "AND until >= ?3 LIMIT 1",
    NULL};
static const db_query q_doc_secrecy = {
    "archives.doc_secrecy",
    "SELECT CASE ?1 WHEN 'in' THEN (SELECT secrecy FROM incoming WHERE id = ?2) "
    "ELSE (SELECT secrecy FROM outgoing WHERE id = ?2) END",
    NULL};
static const db_query q_scan_ok = {
    "archives.scan_ok", "SELECT 1 FROM scan_approvals WHERE doc_kind = ?1 AND doc_id = ?2", NULL};
static const db_query q_scan_add = {
    "archives.scan_add",
    "INSERT OR REPLACE INTO scan_approvals (doc_kind, doc_id, approved_by, approved_at, note) "
    "VALUES (?1, ?2, ?3, ?4, ?5)",
    /* PostgreSQL: the upsert names its conflict target (the primary key). */
    "INSERT INTO scan_approvals (doc_kind, doc_id, approved_by, approved_at, note) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (doc_kind, doc_id) DO UPDATE SET approved_by = "
    "excluded.approved_by, approved_at = excluded.approved_at, note = excluded.note"};
static const db_query q_meta = {
    "archives.meta",
    "SELECT d.code, d.title, coalesce(d.retention_years, 0), r.access_level, d.opened_on, "
    "d.closed_on, r.keywords, r.physical_state, r.paper_code, u.name, u.id, r.state, "
    "r.deposited_on FROM archive_records r JOIN dossiers d ON d.id = r.dossier_id JOIN units u "
    "ON u.id = d.unit_id WHERE d.id = ?1",
    NULL};
static const db_query q_export_files = {
    "archives.export_files",
    "SELECT x.doc_kind, x.doc_id, a.sha256, a.filename, a.size, p.pages FROM dossier_docs x "
    "LEFT JOIN attachments a ON a.doc_kind = x.doc_kind AND a.doc_id = x.doc_id LEFT JOIN "
    "archive_file_pages p ON p.sha256 = a.sha256 WHERE x.dossier_id = ?1 ORDER BY x.ordinal, "
    "a.id",
    NULL};
static const db_query q_all_files = {
    "archives.all_files",
    "SELECT DISTINCT a.sha256 FROM archive_records r JOIN dossier_docs x ON x.dossier_id = "
    "r.dossier_id JOIN attachments a ON a.doc_kind = x.doc_kind AND a.doc_id = x.doc_id WHERE "
    "r.state <> 'destroyed'",
    NULL};

/* The reading room lists every archived dossier (the catalogue is not secret; reading its
 * documents needs a grant). Matching is the Vietnamese fold of vi.h: "dai hoi" finds
 * "Đại hội". */
int archives_search(ctx *c, const char *q, int limit, ar_dossier **rows_r)
{
    *rows_r = NULL;
    if (!c->user)
        return 0;
    if (limit <= 0 || limit > AR_MAX_LIST)
        limit = 100;
    char *fq = q && *q ? vi_fold_text(q) : NULL;
    db_stmt *s = db_stmt_get(c->db, &q_search);
    if (!s) {
        free(fq);
        return -1;
    }
    int n = 0, cap = 32;
    ar_dossier *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (db_step(s) == DB_ROW && n < limit) {
        if (fq) {
            char *hay = vi_fold_text(arena_printf(c->a, "%s %s %s", db_col_text(s, 3),
                                                  db_col_text(s, 4), db_col_text(s, 14)));
            bool hit = hay && strstr(hay, fq);
            free(hay);
            if (!hit)
                continue;
        }
        ARENA_GROW(c->a, v, n, cap);
        v[n++] = (ar_dossier){.id = db_col_int(s, 0),
                              .unit_id = db_col_int(s, 1),
                              .batch_id = db_col_int(s, 2),
                              .code = arena_strdup(c->a, db_col_text(s, 3)),
                              .title = arena_strdup(c->a, db_col_text(s, 4)),
                              .unit_name = arena_strdup(c->a, db_col_text(s, 5)),
                              .closed_on = arena_strdup(c->a, db_col_text(s, 6)),
                              .year = (int)db_col_int(s, 7),
                              .retention_years = (int)db_col_int(s, 8),
                              .deposited_on = arena_strdup(c->a, db_col_text(s, 9)),
                              .state = arena_strdup(c->a, db_col_text(s, 10)),
                              .doc_count = (int)db_col_int(s, 11),
                              .held = db_col_int(s, 12) != 0};
    }
    db_reset(s);
    free(fq);
    *rows_r = v;
    return n;
}

bool archives_may_read(ctx *c, int64_t dossier_id)
{
    if (!c->user)
        return false;
    if (archives_is_archivist(c))
        return true;
    db_stmt *s = db_stmt_get(c->db, &q_acc_ok);
    if (!s)
        return false;
    db_bind_int(s, 1, dossier_id);
    db_bind_int(s, 2, c->user->id);
    db_bind_text(s, 3, ar_today(c));
    bool ok = db_step(s) == DB_ROW;
    db_reset(s);
    return ok;
}

int64_t archives_access_request(ctx *c, int64_t dossier_id, const char *reason, ar_result *r)
{
    if (!c->user)
        return ar_fail(r, 403, NULL, _("Cần đăng nhập."));
    if (!reason || strlen(reason) < 3 || strlen(reason) > 1000)
        return ar_fail(r, 400, "reason", _("Hãy ghi mục đích khai thác (3 đến 1000 ký tự)."));
    if (!archives_dossier_deposited(c->db, dossier_id))
        return ar_fail(r, 404, "dossier_id", _("Hồ sơ chưa có trong kho lưu trữ."));
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_acc_add);
    if (!s ||
        (db_bind_int(s, 1, dossier_id), db_bind_int(s, 2, c->user->id), db_bind_text(s, 3, reason),
         db_bind_text(s, 4, ar_today(c)), db_exec(s)) != DB_DONE) {
        db_rollback(c->db);
        return ar_fail(r, 500, NULL, _(AR_MSG_DB));
    }
    int64_t id = db_last_id(c->db);
    if (ar_commit(c, "archives.access_request", id,
                  json_pack("{s:I, s:s}", "dossier_id", (json_int_t)dossier_id, "reason", reason),
                  r) != 0)
        return -1;
    return id;
}

int archives_access_grant(ctx *c, int64_t id, bool grant, const char *until, ar_result *r)
{
    if (!archives_is_archivist(c))
        return ar_fail(r, 403, NULL, _("Chỉ bộ phận lưu trữ của Văn phòng cho phép khai thác."));
    int y, m, d;
    if (grant &&
        (!until || clock_parse_date(until, &y, &m, &d) != 0 || strcmp(until, ar_today(c)) < 0))
        return ar_fail(r, 400, "until", _("Hãy chọn ngày hết hạn khai thác, từ hôm nay trở đi."));
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_acc_decide);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, grant ? "granted" : "refused");
    db_bind_int(s, 3, c->user->id);
    db_bind_text(s, 4, ar_today(c));
    if (grant)
        db_bind_text(s, 5, until);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return ar_fail(r, 404, NULL, _("Không tìm thấy yêu cầu khai thác đang chờ."));
    }
    return ar_commit(c, "archives.access_decide", id,
                     json_pack("{s:b, s:s?}", "grant", grant, "until", grant ? until : NULL), r);
dberr:
    db_rollback(c->db);
    return ar_fail(r, 500, NULL, _(AR_MSG_DB));
}

static int doc_secrecy(db *d, const char *kind, int64_t id)
{
    db_stmt *s = db_stmt_get(d, &q_doc_secrecy);
    if (!s)
        return -1;
    db_bind_text(s, 1, kind);
    db_bind_int(s, 2, id);
    int v = db_step(s) == DB_ROW && !db_col_null(s, 0) ? (int)db_col_int(s, 0) : -1;
    db_reset(s);
    return v;
}

int archives_scan_approve(ctx *c, const char *kind, int64_t doc_id, const char *note, ar_result *r)
{
    if (!c->user || (c->user->role != ROLE_COMMITTEE_LEADER && c->user->role != ROLE_OFFICE_LEADER))
        return ar_fail(r, 403, NULL, _("Chỉ lãnh đạo phê duyệt số hóa tài liệu mật."));
    if (!kind || (strcmp(kind, "in") != 0 && strcmp(kind, "out") != 0))
        return ar_fail(r, 400, "doc_kind", _("Loại văn bản không hợp lệ."));
    int sec = doc_secrecy(c->db, kind, doc_id);
    /* Only a document the approver may see (its scope and secrecy rules decide). */
    bool seen = strcmp(kind, "in") == 0 ? incoming_get(c, doc_id, false) != NULL
                                        : outgoing_get(c, doc_id) != NULL;
    if (sec < 0 || !seen)
        return ar_fail(r, 404, "doc_id", _("Không tìm thấy văn bản."));
    if (sec == SECRECY_TUYET_MAT)
        return ar_fail(r, 422, "doc_id",
                       _("Tài liệu Tuyệt mật không được số hóa (Hướng dẫn 40-HD/VPTW, sửa đổi "
                         "theo Công văn 14748-CV/VPTW)."));
    if (sec == SECRECY_NONE)
        return ar_fail(r, 409, "doc_id", _("Văn bản thường không cần phê duyệt số hóa."));
    if (note && strlen(note) > 1000)
        return ar_fail(r, 400, "note", _("Ghi chú tối đa 1000 ký tự."));
    if (db_begin_write(c->db) != 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_scan_add);
    if (!s || (db_bind_text(s, 1, kind), db_bind_int(s, 2, doc_id), db_bind_int(s, 3, c->user->id),
               db_bind_text(s, 4, ar_today(c)), db_bind_text(s, 5, note ? note : ""),
               db_exec(s)) != DB_DONE) {
        db_rollback(c->db);
        return ar_fail(r, 500, NULL, _(AR_MSG_DB));
    }
    return ar_commit(c, "archives.scan_approve", doc_id,
                     json_pack("{s:s, s:I}", "doc_kind", kind, "doc_id", (json_int_t)doc_id), r);
}

/* The upload guard (files.h attach_guard): the single choke point every scan passes. A file on
 * an incoming document is a scan of the paper that arrived: Tuyệt mật is never scanned, and a
 * Mật / Tối mật scan needs a recorded approval (rule archives.scan_secret_approval). A file on
 * an outgoing document is the draft composed in the system, not a scan, so the rule does not
 * reach it (whether Tuyệt mật drafts belong in the system at all is the outgoing flow's call). */
int archives_attach_guard(ctx *c, const char *kind, int64_t doc_id, const char **err_r,
                          int *status_r)
{
    if (strcmp(kind, "in") != 0)
        return 0;
    int sec = doc_secrecy(c->db, kind, doc_id);
    if (sec == SECRECY_TUYET_MAT) {
        *err_r = _("Tài liệu Tuyệt mật không được số hóa, không đưa tệp vào hệ thống (Hướng dẫn "
                   "40-HD/VPTW, sửa đổi theo Công văn 14748-CV/VPTW).");
        *status_r = 422;
        return -1;
    }
    if ((sec == SECRECY_MAT || sec == SECRECY_TOI_MAT) &&
        rules_int(c->db, "archives.scan_secret_approval", ar_today(c)) != 0) {
        db_stmt *s = db_stmt_get(c->db, &q_scan_ok);
        bool ok = false;
        if (s) {
            db_bind_text(s, 1, kind);
            db_bind_int(s, 2, doc_id);
            ok = db_step(s) == DB_ROW;
            db_reset(s);
        }
        if (!ok) {
            *err_r = _("Tài liệu Mật, Tối mật chỉ được số hóa khi có phê duyệt của cấp có thẩm "
                       "quyền (Hướng dẫn 40-HD/VPTW). Hãy xin phê duyệt trước khi đính kèm bản "
                       "quét.");
            *status_r = 422;
            return -1;
        }
    }
    return 0;
}

static const char *dmy(ctx *c, const char *iso)
{
    int y, m, d;
    if (!iso || clock_parse_date(iso, &y, &m, &d) != 0)
        return "";
    return arena_printf(c->a, "%02d/%02d/%04d", d, m, y);
}

void *archives_export_json(ctx *c, int64_t dossier_id)
{
    if (!archives_may_read(c, dossier_id))
        return NULL;
    return ar_export_json(c, dossier_id);
}

/* The metadata without a permission check: the API checks first, the CLI (the operator of the
 * data directory) exports any archived dossier. */
json_t *ar_export_json(ctx *c, int64_t dossier_id)
{
    db_stmt *s = db_stmt_get(c->db, &q_meta);
    if (!s)
        return NULL;
    db_bind_int(s, 1, dossier_id);
    json_t *j = NULL;
    if (db_step(s) == DB_ROW) {
        int ret = (int)db_col_int(s, 2);
        j = json_pack(
            "{s:{s:I, s:s, s:s}, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}}",
            "fonds", "code", (json_int_t)org_root_unit(c->db), "name", db_col_text(s, 9), "status",
            "open", "dossier", "code", db_col_text(s, 0), "title", db_col_text(s, 1), "retention",
            ret ? arena_printf(c->a, "%d", ret) : "VINH_VIEN", "access_level", db_col_text(s, 3),
            "language", "vi", "start_date", dmy(c, db_col_text(s, 4)), "end_date",
            dmy(c, db_col_text(s, 5)), "keywords", db_col_text(s, 6), "physical_state",
            db_col_text(s, 7), "paper_code", db_col_text(s, 8), "state", db_col_text(s, 11),
            "deposited_on", dmy(c, db_col_text(s, 12)));
    }
    db_reset(s);
    if (!j)
        return NULL;
    json_t *files = json_array();
    s = db_stmt_get(c->db, &q_export_files);
    int docs = 0, uncounted = 0;
    json_int_t pages = 0;
    if (s) {
        db_bind_int(s, 1, dossier_id);
        int64_t last = -1;
        while (db_step(s) == DB_ROW) {
            int64_t key = db_col_int(s, 1) * 2 + (strcmp(db_col_text(s, 0), "in") == 0);
            if (key != last)
                docs++;
            last = key;
            if (db_col_null(s, 2))
                continue;
            /* Số trang (TT 05/2025): counted by the fixity job; null until then. */
            json_t *fo =
                json_pack("{s:s, s:I, s:s, s:s, s:I}", "doc_kind", db_col_text(s, 0), "doc_id",
                          (json_int_t)db_col_int(s, 1), "filename", db_col_text(s, 3), "sha256",
                          db_col_text(s, 2), "size", (json_int_t)db_col_int(s, 4));
            if (db_col_null(s, 5)) {
                json_object_set_new(fo, "pages", json_null());
                uncounted++;
            } else {
                pages += db_col_int(s, 5);
                json_object_set_new(fo, "pages", json_integer(db_col_int(s, 5)));
            }
            json_array_append_new(files, fo);
        }
        db_reset(s);
    }
    json_object_set_new(json_object_get(j, "dossier"), "document_count", json_integer(docs));
    json_object_set_new(json_object_get(j, "dossier"), "page_count", json_integer(pages));
    json_object_set_new(json_object_get(j, "dossier"), "files_without_page_count",
                        json_integer(uncounted));
    json_object_set_new(j, "files", files);
    return j;
}

/* Streams the blob through SHA-256 and compares with its name. */
int ar_blob_ok(const char *blob_dir, const char *sha)
{
    int64_t size;
    int fd = blob_open(blob_dir, sha, &size);
    if (fd < 0)
        return 0;
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[65536], h[crypto_hash_sha256_BYTES];
    ssize_t k;
    while ((k = read(fd, buf, sizeof buf)) > 0)
        crypto_hash_sha256_update(&st, buf, (unsigned long long)k);
    close(fd);
    if (k < 0)
        return 0;
    crypto_hash_sha256_final(&st, h);
    char hex[65];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    return strcmp(hex, sha) == 0;
}

int archives_fixity_check(db *d, const char *blob_dir, int *checked_r)
{
    db_stmt *s = db_stmt_get(d, &q_all_files);
    if (!s)
        return -1;
    int bad = 0, n = 0;
    while (db_step(s) == DB_ROW) {
        const char *sha = db_col_text(s, 0);
        n++;
        if (!ar_blob_ok(blob_dir, sha)) {
            fprintf(stderr, "archives: blob %s missing or altered\n", sha);
            bad++;
        }
    }
    db_reset(s);
    if (checked_r)
        *checked_r = n;
    return bad;
}
