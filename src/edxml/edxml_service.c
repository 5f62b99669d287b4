/* The edXML services for signed-in users (edxml.h edxml_export, edxml_import,
 * edxml_request_decide) and the rule key this module declares. Permission checks are here,
 * not in the handlers. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "edxml/edxml.h"
#include "edxml/edxml_impl.h"
#include "exchange/exchange.h"
#include "outgoing/outgoing.h"
#include "rules/rules.h"

/* A file handed to a person is not an encrypted channel unless the office says so (e.g. the
 * download happens on a network with Ban Cơ yếu's encryption): DOMAIN.md §3. */
static const rule_def r_file_encrypted = {
    "edxml.file_channel_encrypted",
    RULE_INT,
    "0",
    0,
    1,
    NULL,
    N_("Tải gói edXML qua tệp được coi là kênh đã mã hóa (1 = có, 0 = không)"),
    N_("Quy định 217-QĐ/TW: văn bản Mật chỉ gửi qua kênh mã hóa của Ban Cơ yếu Chính phủ")};

void edxml_rules_declare(void)
{
    rules_declare(&r_file_encrypted);
}

bool edxml_file_channel_encrypted(db *d)
{
    return rules_int(d, "edxml.file_channel_encrypted", NULL) == 1;
}

static bool may_exchange(const ctx *c)
{
    /* The văn thư sends and receives; the Chánh Văn phòng may export what they may see. */
    return c->user && (c->user->role == ROLE_CLERK || c->user->role == ROLE_OFFICE_LEADER);
}

int edxml_export(ctx *c, int64_t outgoing_id, const char *to_organ_id, strbuf *out, web_err *e)
{
    memset(e, 0, sizeof *e);
    if (!c->user || !outgoing_may_see(c, outgoing_id)) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy văn bản đi."));
        return -1;
    }
    if (!may_exchange(c)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ văn thư hoặc Chánh Văn phòng được xuất gói edXML."));
        return -1;
    }
    if (!to_organ_id || !*to_organ_id) {
        web_err_add(e, 400, "invalid_input", "to", _("Chọn cơ quan nhận."));
        return -1;
    }
    bool enc = edxml_file_channel_encrypted(c->db);
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    char *err = NULL;
    size_t before = out->len;
    if (edxml_build_ex(c->db, outgoing_id, to_organ_id, EDXML_NEW, enc, c->user->id, out, &err) !=
        0) {
        db_rollback(c->db);
        out->len = before;
        web_err_add(e, 422, "invalid_input", "to", arena_strdup(c->a, err));
        free(err);
        return -1;
    }
    json_t *j = json_pack("{s:s}", "to", to_organ_id);
    char *js = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    int rc = audit_log(c->db, c->user, "edxml.export", "outgoing", outgoing_id, NULL, js);
    free(js);
    if (rc != 0 || db_commit(c->db) != 0) {
        out->len = before;
        return web_err_rollback(c, e);
    }
    return 0;
}

int edxml_import(ctx *c, const char *path, edxml_result *r)
{
    memset(r, 0, sizeof *r);
    if (!c->user || c->user->role != ROLE_CLERK) {
        r->http = 403;
        snprintf(r->message, sizeof r->message, "%s",
                 _("Chỉ văn thư được nhận gói edXML vào hàng chờ của đơn vị."));
        return 1;
    }
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0) {
        r->http = 400;
        snprintf(r->message, sizeof r->message, "%s", _("Chọn tệp gói edXML (.edxml)."));
        return 1;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    if (size <= 0 || size > EDXML_MAX_BYTES) {
        close(fd);
        r->http = size <= 0 ? 400 : 413;
        snprintf(r->message, sizeof r->message, "%s",
                 size <= 0 ? _("Tệp gói edXML rỗng.") : _("Tệp gói edXML quá lớn."));
        return 1;
    }
    char *buf = malloc((size_t)size);
    ssize_t got = pread(fd, buf, (size_t)size, 0);
    close(fd);
    if (got != size) {
        free(buf);
        return -1;
    }
    r->actor = c->user;
    r->unit_id = c->user->unit_id;
    r->encrypted_channel = edxml_file_channel_encrypted(c->db);
    int rc = edxml_receive(c->db, NULL, buf, (size_t)size, r);
    free(buf);
    return rc;
}

static const db_query q_req = {
    "edxml.req_get",
    "SELECT r.inbox_id, r.business, r.status, p.document_id, p.from_organ, p.ref_document_id,"
    " t.id FROM edxml_requests r JOIN edxml_packages p ON p.id = r.package_id"
    " LEFT JOIN edxml_packages t ON t.inbox_id = r.inbox_id AND t.direction = 'in' AND"
    " t.kind = 'document' WHERE r.id = ?1",
    NULL};
static const db_query q_req_decide = {
    "edxml.req_decide",
    "UPDATE edxml_requests SET status = ?2, decided_by = ?3, decided_at = ?4, note = ?5"
    " WHERE id = ?1 AND status = 'pending'",
    NULL};

int edxml_request_decide(ctx *c, int64_t request_id, bool agree, const char *note, web_err *e)
{
    memset(e, 0, sizeof *e);
    db_stmt *s = db_stmt_get(c->db, &q_req);
    if (!s) {
        web_err_db(c, e);
        return -1;
    }
    db_bind_int(s, 1, request_id);
    int64_t inbox_id = 0, target_pkg = 0;
    int business = 0;
    const char *status = NULL, *from = NULL, *ref = NULL;
    if (db_step(s) == DB_ROW) {
        inbox_id = db_col_int(s, 0);
        business = (int)db_col_int(s, 1);
        status = arena_strdup(c->a, db_col_text(s, 2));
        from = arena_strdup(c->a, db_col_text(s, 4));
        ref = arena_strdup(c->a, db_col_text(s, 5));
        target_pkg = db_col_int(s, 6);
    }
    db_reset(s);
    /* The clerk who keeps the queue row (inbox_get: their unit) answers; anyone else 404. */
    if (!inbox_id || !c->user || c->user->role != ROLE_CLERK || !inbox_get(c, inbox_id)) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy đề nghị."));
        return -1;
    }
    if (strcmp(status, "pending") != 0) {
        web_err_add(e, 409, "invalid_state", NULL, _("Đề nghị này đã được trả lời."));
        return -1;
    }
    if (note && strlen(note) > 2000) {
        web_err_add(e, 400, "invalid_input", "note", _("Ghi chú quá dài (tối đa 2000 ký tự)."));
        return -1;
    }
    if (!agree && (!note || !*note)) {
        web_err_add(e, 400, "invalid_input", "note", _("Hãy ghi lý do từ chối đề nghị."));
        return -1;
    }
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    if (!(s = db_stmt_get(c->db, &q_req_decide)))
        goto dberr;
    db_bind_int(s, 1, request_id);
    db_bind_text(s, 2, agree ? "agreed" : "refused");
    db_bind_int(s, 3, c->user->id);
    db_bind_text(s, 4, now);
    db_bind_text(s, 5, note && *note ? note : NULL);
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1)
        goto dberr;
    /* Recall and replace withdraw the registered record (the same path as an in-process
     * recall); an update is agreed and the clerk corrects the record from the new text. */
    if (agree && business != EDXML_UPDATE && target_pkg > 0 && inbox_recall(c->db, -target_pkg) < 0)
        goto dberr;
    /* The answer for the sender (15/16), recorded for the transport to carry. */
    strbuf out = STRBUF_INIT;
    char *err = NULL;
    int brc = edxml_build_status(c->db, ref, from, agree ? EDXML_AGREE : EDXML_DISAGREE, note, &out,
                                 &err);
    sb_free(&out);
    free(err);
    if (brc != 0)
        goto dberr;
    json_t *j = json_pack("{s:s, s:i, s:s?}", "decision", agree ? "agreed" : "refused", "business",
                          business, "note", note);
    char *js = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    int rc = audit_log(c->db, c->user, "edxml.request_decide", "inbox", inbox_id, NULL, js);
    free(js);
    if (rc != 0 || db_commit(c->db) != 0)
        goto dberr;
    return 0;
dberr:
    return web_err_rollback(c, e);
}
