/* Handling a petition (petitions.h): classification, screening, assignment, thụ lý, return
 * with guidance, transfer (an outgoing draft through the existing flow), filing, extensions
 * capped by the rule table, the result, closure, and the sealed scans. Each step validates
 * everything first, then changes the row and writes its audit entry in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>

#include <jansson.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/catalog.h"
#include "files/files.h"
#include "jobs/jobs.h"
#include "notify/notify.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "petitions/petitions_impl.h"
#include "web/params.h"

static const db_query q_set = {
    "petitions.set",
    "UPDATE petitions SET kind = coalesce(?2, kind), party_related = coalesce(?3, party_related), "
    "complexity = coalesce(?4, complexity), remote = coalesce(?5, remote), screening = "
    "coalesce(?6, screening), screening_reason = coalesce(?7, screening_reason), screened_on = "
    "coalesce(?8, screened_on), status = coalesce(?9, status), handler_id = coalesce(?10, "
    "handler_id), assigned_by = coalesce(?11, assigned_by), assigned_at = coalesce(?12, "
    "assigned_at), accepted_on = coalesce(?13, accepted_on), decision_no = coalesce(?14, "
    "decision_no), transferred_to = coalesce(?15, transferred_to), outgoing_id = coalesce(?16, "
    "outgoing_id), guidance = coalesce(?17, guidance), due_screen = coalesce(?18, due_screen), "
    "due_accept = coalesce(?19, due_accept), due_resolve = coalesce(?20, due_resolve), "
    "extensions = coalesce(?21, extensions), result_on = coalesce(?22, result_on), result_doc = "
    "coalesce(?23, result_doc), result_text = coalesce(?24, result_text), closed_on = "
    "coalesce(?25, closed_on), pseudonym = coalesce(?26, pseudonym), handling = coalesce(?28, "
    "handling) WHERE id = ?1 AND status = ?27",
    NULL};
static const db_query q_ext_add = {
    "petitions.ext_add",
    "INSERT INTO petition_extensions (petition_id, ordinal, days, day_kind, decided_on, "
    "decision_no, reason, due_before, due_after, created_by, created_at) VALUES (?1, ?2, ?3, ?4, "
    "?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    NULL};
static const db_query q_ext_list = {
    "petitions.ext_list",
    "SELECT ordinal, days, day_kind, decided_on, decision_no, reason, due_before, due_after FROM "
    "petition_extensions WHERE petition_id = ?1 ORDER BY ordinal",
    NULL};
static const db_query q_scan_add = {
    "petitions.scan_add",
    "INSERT INTO petition_files (petition_id, mime, size, data, created_by, created_at) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6)",
    NULL};
static const db_query q_scan_get = {
    "petitions.scan_get",
    "SELECT mime, data FROM petition_files WHERE petition_id = ?2 ORDER BY id LIMIT 1 OFFSET "
    "?1 - 1",
    NULL};
static const db_query q_scan_count = {
    "petitions.scan_count", "SELECT count(*) FROM petition_files WHERE petition_id = ?1", NULL};

/* The changes of one step: NULL / -1 = unchanged. */
typedef struct change {
    const char *kind, *complexity, *screening, *screening_reason, *screened_on, *status;
    int party, remote, extensions;
    int64_t handler_id, assigned_by, outgoing_id;
    const char *assigned_at, *accepted_on, *decision_no, *transferred_to, *guidance;
    const char *due_screen, *due_accept, *due_resolve, *result_on, *result_doc, *result_text,
        *closed_on, *pseudonym, *handling;
} change;
#define CHANGE_INIT                                                                                \
    {                                                                                              \
        .party = -1, .remote = -1, .extensions = -1                                                \
    }

static void bt(db_stmt *s, int i, const char *v)
{
    if (v)
        db_bind_text(s, i, v);
}

/* Applies ch if the petition is still in status `from`; false when it moved meanwhile. */
static int apply(ctx *c, const petition *p, const change *ch)
{
    db_stmt *s = db_stmt_get(c->db, &q_set);
    if (!s)
        return DB_ERROR;
    db_bind_int(s, 1, p->id);
    bt(s, 2, ch->kind);
    if (ch->party >= 0)
        db_bind_int(s, 3, ch->party);
    bt(s, 4, ch->complexity);
    if (ch->remote >= 0)
        db_bind_int(s, 5, ch->remote);
    bt(s, 6, ch->screening);
    bt(s, 7, ch->screening_reason);
    bt(s, 8, ch->screened_on);
    bt(s, 9, ch->status);
    if (ch->handler_id > 0)
        db_bind_int(s, 10, ch->handler_id);
    if (ch->assigned_by > 0)
        db_bind_int(s, 11, ch->assigned_by);
    bt(s, 12, ch->assigned_at);
    bt(s, 13, ch->accepted_on);
    bt(s, 14, ch->decision_no);
    bt(s, 15, ch->transferred_to);
    if (ch->outgoing_id > 0)
        db_bind_int(s, 16, ch->outgoing_id);
    bt(s, 17, ch->guidance);
    bt(s, 18, ch->due_screen);
    bt(s, 19, ch->due_accept);
    bt(s, 20, ch->due_resolve);
    if (ch->extensions >= 0)
        db_bind_int(s, 21, ch->extensions);
    bt(s, 22, ch->result_on);
    bt(s, 23, ch->result_doc);
    bt(s, 24, ch->result_text);
    bt(s, 25, ch->closed_on);
    bt(s, 26, ch->pseudonym);
    db_bind_text(s, 27, p->status);
    bt(s, 28, ch->handling);
    int rc = db_exec(s);
    if (rc != DB_DONE)
        return rc;
    return db_changes(c->db) == 1 ? 0 : 1;
}

/* The after-JSON of a step: the code and the new state, never an identity. */
static json_t *after_of(const petition *p, const change *ch)
{
    json_t *j = json_pack("{s:s, s:s}", "code", p->code, "pseudonym", p->pseudonym);
#define PUT(k, v)                                                                                  \
    if (v)                                                                                         \
    json_object_set_new(j, k, json_string(v))
    PUT("status", ch->status);
    PUT("kind", ch->kind);
    PUT("complexity", ch->complexity);
    PUT("screening", ch->screening);
    PUT("accepted_on", ch->accepted_on);
    PUT("decision_no", ch->decision_no);
    PUT("transferred_to", ch->transferred_to);
    PUT("due_resolve", ch->due_resolve);
    PUT("result_on", ch->result_on);
    PUT("result_doc", ch->result_doc);
    PUT("closed_on", ch->closed_on);
#undef PUT
    if (ch->handler_id > 0)
        json_object_set_new(j, "handler_id", json_integer(ch->handler_id));
    if (ch->extensions >= 0)
        json_object_set_new(j, "extensions", json_integer(ch->extensions));
    return j;
}

/* One step: begin, apply, extra (may be NULL), audit, commit. */
static int step(ctx *c, const petition *p, const change *ch, const char *action,
                int (*extra)(ctx *c, const petition *p, const change *ch, void *arg), void *arg,
                web_err *e)
{
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _(PET_MSG_BUSY));
        return -1;
    }
    int rc = apply(c, p, ch);
    if (rc == 1) {
        db_rollback(c->db);
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Đơn vừa được người khác xử lý; hãy tải lại trang."));
        return -1;
    }
    if (rc != 0 || (extra && extra(c, p, ch, arg) != 0))
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, action, "petition", p->id, after_of(p, ch)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

/* The petition for a step, or NULL after filling e (404 unseen, 403 not allowed). */
static const petition *for_step(ctx *c, int64_t id, bool clerk_too, web_err *e)
{
    const petition *p = pet_get(c, id);
    if (!p) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy đơn."));
        return NULL;
    }
    bool ok = pet_may_handle(c, p) ||
              (clerk_too && c->user->role == ROLE_CLERK && org_unit_in_scope(c, p->unit_id));
    if (!ok) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ người được giao xử lý hoặc lãnh đạo được thực hiện bước này."));
        return NULL;
    }
    return p;
}

static bool in_status(ctx *c, const petition *p, const char *st, web_err *e)
{
    if (strcmp(p->status, st) == 0)
        return true;
    web_err_add(e, 409, "invalid_state", NULL,
                arena_printf(c->a, _("Không thực hiện được: đơn đang ở trạng thái «%s»."),
                             pet_status_label(p->status)));
    return false;
}

/* A date of a step: valid, not before `not_before` (with its message), not after today. */
static const char *step_date(ctx *c, const char *v, const char *field, const char *not_before,
                             const char *before_msg, web_err *e)
{
    char today[11];
    pet_today(today);
    if (!v || !*v) {
        v = arena_strdup(c->a, today);
    } else if (!param_date(v)) {
        web_err_add(e, 400, "invalid_input", field, _("Ngày không hợp lệ (YYYY-MM-DD)."));
        return NULL;
    }
    if (not_before && strcmp(v, not_before) < 0) {
        web_err_add(e, 400, "invalid_input", field, before_msg);
        return NULL;
    }
    if (strcmp(v, today) > 0) {
        web_err_add(e, 400, "invalid_input", field, _("Ngày không được sau hôm nay."));
        return NULL;
    }
    return v;
}

int pet_classify(ctx *c, int64_t id, const char *kind, bool party, const char *complexity,
                 bool remote, web_err *e)
{
    const petition *p = for_step(c, id, true, e);
    if (!p || !in_status(c, p, "received", e))
        return -1;
    if (pet_index(pet_kinds, kind) < 0)
        web_err_add(e, 400, "invalid_input", "kind", _("Hãy chọn loại đơn."));
    if (pet_index(pet_complexities, complexity) < 0)
        web_err_add(e, 400, "invalid_input", "complexity", _("Mức độ phức tạp không hợp lệ."));
    if (e->n)
        return -1;
    change ch = CHANGE_INIT;
    ch.kind = kind;
    ch.complexity = complexity;
    ch.party = party;
    ch.remote = remote;
    pet_rule r;
    char ds[11] = "", da[11] = "";
    if (pet_rule_find(c, kind, party, complexity, remote, "screen", p->received_on, &r) &&
        pet_rule_due(c, &r, p->received_on, ds) == 0)
        ch.due_screen = arena_strdup(c->a, ds);
    if (pet_rule_find(c, kind, party, complexity, remote, "accept", p->received_on, &r) &&
        pet_rule_due(c, &r, p->received_on, da) == 0)
        ch.due_accept = arena_strdup(c->a, da);
    /* A letter that becomes a denunciation gets a denouncer's pseudonym (and its protection,
     * which follows the kind). */
    ch.pseudonym = arena_printf(
        c->a, pet_protected_kind(kind) ? _("Người tố cáo (đơn %s)") : _("Người viết đơn (đơn %s)"),
        p->code);
    return step(c, p, &ch, "petition.classify", NULL, NULL, e);
}

int pet_screen(ctx *c, int64_t id, const char *outcome, const char *reason, web_err *e)
{
    const petition *p = for_step(c, id, true, e);
    if (!p || !in_status(c, p, "received", e))
        return -1;
    if (pet_index(pet_screenings, outcome) < 0)
        web_err_add(e, 400, "invalid_input", "screening", _("Hãy chọn kết quả phân loại."));
    const char *why = pet_text(c, reason, "screening_reason", _("Lý do"), PET_MAX_TEXT,
                               outcome && strcmp(outcome, "eligible") != 0, e);
    if (e->n)
        return -1;
    char today[11];
    pet_today(today);
    change ch = CHANGE_INIT;
    ch.screening = outcome;
    ch.screening_reason = why ? why : "";
    ch.screened_on = arena_strdup(c->a, today);
    return step(c, p, &ch, "petition.screen", NULL, NULL, e);
}

static int notify_handler(ctx *c, const petition *p, const change *ch, void *arg)
{
    (void)arg;
    /* The text names the letter by its number and kind: never its writer. */
    const char *text = arena_printf(c->a, _("Bạn được giao xử lý đơn số %s (%s): %s"), p->code,
                                    pet_kind_label(p->kind), p->matter);
    return notify_user(c->db, ch->handler_id, "petitions." NOTIFY_ASSIGNED, NULL, p->id, text);
}

int pet_assign(ctx *c, int64_t id, int64_t handler_id, web_err *e)
{
    const petition *p = pet_get(c, id);
    if (!p) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy đơn."));
        return -1;
    }
    if (!pet_may_assign(c, p)) {
        web_err_add(e, 403, "forbidden", NULL, _("Chỉ lãnh đạo được giao xử lý đơn."));
        return -1;
    }
    if (strcmp(p->status, "closed") == 0) {
        in_status(c, p, "received", e);
        return -1;
    }
    const user *h = handler_id > 0 ? auth_user_load(c, handler_id) : NULL;
    if (!h || h->role == ROLE_ADMIN || h->role == ROLE_UNIT ||
        !org_user_unit_in_scope(c->db, c->user, h->unit_id)) {
        web_err_add(e, 400, "invalid_input", "handler_id",
                    _("Hãy chọn người xử lý là cán bộ trong phạm vi đơn vị."));
        return -1;
    }
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    change ch = CHANGE_INIT;
    ch.handler_id = handler_id;
    ch.assigned_by = c->user->id;
    ch.assigned_at = arena_strdup(c->a, now);
    return step(c, p, &ch, "petition.assign", notify_handler, NULL, e);
}

int pet_accept(ctx *c, int64_t id, const char *on, const char *decision_no, web_err *e)
{
    const petition *p = for_step(c, id, false, e);
    if (!p || !in_status(c, p, "received", e))
        return -1;
    if (!p->screening || strcmp(p->screening, "eligible") != 0) {
        web_err_add(e, 409, "invalid_state", "screening",
                    _("Chỉ thụ lý đơn đã phân loại «Đủ điều kiện xử lý»."));
        return -1;
    }
    const char *d = step_date(c, on, "accepted_on", p->received_on,
                              _("Ngày thụ lý không được trước ngày nhận đơn."), e);
    const char *no = pet_text(c, decision_no, "decision_no", _("Số quyết định/thông báo thụ lý"),
                              PET_MAX_SHORT, true, e);
    if (e->n)
        return -1;
    pet_rule r;
    char due[11];
    if (!pet_rule_find(c, p->kind, p->party_related, p->complexity, p->remote, "resolve", d, &r) ||
        pet_rule_due(c, &r, d, due) != 0) {
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Bảng thời hạn không có quy tắc giải quyết cho loại đơn này."));
        return -1;
    }
    change ch = CHANGE_INIT;
    ch.status = "accepted";
    ch.handling = "accept";
    ch.accepted_on = d;
    ch.decision_no = no;
    ch.due_resolve = arena_strdup(c->a, due);
    return step(c, p, &ch, "petition.accept", NULL, NULL, e);
}

int pet_return(ctx *c, int64_t id, const char *guidance, web_err *e)
{
    const petition *p = for_step(c, id, true, e);
    if (!p || !in_status(c, p, "received", e))
        return -1;
    const char *g =
        pet_text(c, guidance, "guidance", _("Nội dung hướng dẫn"), PET_MAX_TEXT, true, e);
    if (e->n)
        return -1;
    change ch = CHANGE_INIT;
    ch.status = "returned";
    ch.handling = "return";
    ch.guidance = g;
    return step(c, p, &ch, "petition.return", NULL, NULL, e);
}

int pet_transfer(ctx *c, int64_t id, const char *to, int64_t *outgoing_id_r, web_err *e)
{
    *outgoing_id_r = 0;
    const petition *p = for_step(c, id, true, e);
    if (!p || !in_status(c, p, "received", e))
        return -1;
    const char *dest =
        pet_text(c, to, "transferred_to", _("Cơ quan có thẩm quyền"), PET_MAX_SHORT, true, e);
    if (e->n)
        return -1;
    /* The covering letter goes through the existing outgoing flow (drafted here, then approved,
     * signed and issued there). It names the letter by number and pseudonym: the identity is
     * handed over on paper, sealed, not typed into a document the office indexes. */
    int64_t reg = catalog_register_of_unit(c->db, org_register_unit(c->db, c->user->unit_id));
    if (!reg) {
        /* The unit's office keeps no register of its own: the first the caller numbers with. */
        doc_register *regs;
        int nr = catalog_registers(c, &regs);
        for (int i = 0; i < nr && !reg; i++)
            if (regs[i].active && regs[i].policy == POLICY_PARTY)
                reg = regs[i].id;
        for (int i = 0; i < nr && !reg; i++)
            if (regs[i].active)
                reg = regs[i].id;
    }
    if (!reg) {
        web_err_add(e, 409, "invalid_state", "transferred_to",
                    _("Đơn vị chưa có sổ văn bản đi để soạn công văn chuyển đơn."));
        return -1;
    }
    out_recipient_in rcp = {.name = dest, .copies = 1};
    out_draft d = {
        .register_id = reg,
        .doc_type = OUT_DEFAULT_DOC_TYPE,
        .subject = arena_printf(c->a, _("V/v chuyển đơn số %s đến cơ quan có thẩm quyền"), p->code),
        .body = arena_printf(c->a,
                             _("Ngày %s, cơ quan nhận được đơn (%s) của %s về việc: %s. Nội dung "
                               "không thuộc thẩm quyền giải quyết; căn cứ quy định, xin chuyển đơn "
                               "đến %s để xem xét, giải quyết theo thẩm quyền."),
                             pet_vn_date(c, p->received_on), pet_kind_label(p->kind), p->pseudonym,
                             p->matter, dest),
        .recipients = &rcp,
        .n_recipients = 1,
        .copies = 1,
    };
    const char *err = NULL;
    int status = 0;
    int64_t out = outgoing_create(c, &d, &err, &status);
    if (out <= 0) {
        /* The letter is visible and may be transferred: a refusal of the draft (its register,
         * its signer) is about the covering letter, not about who asks. */
        web_err_add(e,
                    status == 403 || status == 404 ? 409
                    : status                       ? status
                                                   : 500,
                    status == 403 || status == 404 ? "invalid_state" : "invalid_input",
                    "transferred_to", err ? err : _("Không tạo được văn bản chuyển đơn."));
        return -1;
    }
    change ch = CHANGE_INIT;
    ch.status = "transferred";
    ch.handling = "transfer";
    ch.transferred_to = dest;
    ch.outgoing_id = out;
    if (step(c, p, &ch, "petition.transfer", NULL, NULL, e) != 0)
        return -1;
    *outgoing_id_r = out;
    return 0;
}

int pet_file(ctx *c, int64_t id, const char *reason, web_err *e)
{
    const petition *p = for_step(c, id, true, e);
    if (!p || !in_status(c, p, "received", e))
        return -1;
    const char *why = pet_text(c, reason, "guidance", _("Lý do lưu đơn"), PET_MAX_TEXT, true, e);
    if (e->n)
        return -1;
    change ch = CHANGE_INIT;
    ch.status = "filed";
    ch.handling = "file";
    ch.guidance = why;
    return step(c, p, &ch, "petition.file", NULL, NULL, e);
}

typedef struct ext_arg {
    int ordinal, days;
    const char *day_kind, *decided_on, *decision_no, *reason, *due_before, *due_after;
} ext_arg;

static int ext_insert(ctx *c, const petition *p, const change *ch, void *arg)
{
    (void)ch;
    const ext_arg *x = arg;
    db_stmt *s = db_stmt_get(c->db, &q_ext_add);
    if (!s)
        return -1;
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    db_bind_int(s, 1, p->id);
    db_bind_int(s, 2, x->ordinal);
    db_bind_int(s, 3, x->days);
    db_bind_text(s, 4, x->day_kind);
    db_bind_text(s, 5, x->decided_on);
    db_bind_text(s, 6, x->decision_no);
    db_bind_text(s, 7, x->reason);
    db_bind_text(s, 8, x->due_before);
    db_bind_text(s, 9, x->due_after);
    db_bind_int(s, 10, c->user->id);
    db_bind_text(s, 11, now);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

int pet_extend(ctx *c, int64_t id, const char *decided_on, const char *decision_no,
               const char *reason, web_err *e)
{
    const petition *p = for_step(c, id, false, e);
    if (!p || !in_status(c, p, "accepted", e))
        return -1;
    pet_rule r;
    bool has = pet_rule_find(c, p->kind, p->party_related, p->complexity, p->remote, "extend",
                             p->accepted_on, &r);
    if (!has || r.max_count <= 0 || r.days <= 0) {
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Theo bảng thời hạn, loại đơn và mức độ này không được gia hạn."));
        return -1;
    }
    if (p->extensions >= r.max_count) {
        web_err_add(e, 409, "invalid_state", NULL,
                    arena_printf(c->a,
                                 _("Đơn đã được gia hạn %d lần — tối đa %d lần (%s); không gia hạn "
                                   "thêm được."),
                                 p->extensions, r.max_count, r.source));
        return -1;
    }
    const char *d = step_date(c, decided_on, "decided_on", p->accepted_on,
                              _("Ngày quyết định gia hạn không được trước ngày thụ lý."), e);
    const char *no =
        pet_text(c, decision_no, "decision_no", _("Số quyết định gia hạn"), PET_MAX_SHORT, true, e);
    const char *why = pet_text(c, reason, "reason", _("Lý do gia hạn"), PET_MAX_TEXT, true, e);
    if (e->n)
        return -1;
    char due[11];
    if (pet_rule_due(c, &r, p->due_resolve, due) != 0) {
        web_err_add(e, 400, "invalid_input", NULL, _("Không tính được hạn mới."));
        return -1;
    }
    ext_arg x = {p->extensions + 1, r.days, r.day_kind, d, no, why, p->due_resolve, due};
    change ch = CHANGE_INIT;
    ch.extensions = p->extensions + 1;
    ch.due_resolve = arena_strdup(c->a, due);
    return step(c, p, &ch, "petition.extend", ext_insert, &x, e);
}

int pet_result(ctx *c, int64_t id, const char *on, const char *doc, const char *text, web_err *e)
{
    const petition *p = for_step(c, id, false, e);
    if (!p || !in_status(c, p, "accepted", e))
        return -1;
    const char *d = step_date(c, on, "result_on", p->accepted_on,
                              _("Ngày giải quyết không được trước ngày thụ lý."), e);
    const char *no = pet_text(c, doc, "result_doc", _("Văn bản kết quả"), PET_MAX_SHORT, true, e);
    const char *t = pet_text(c, text, "result_text", _("Kết quả"), PET_MAX_TEXT, false, e);
    if (e->n)
        return -1;
    change ch = CHANGE_INIT;
    ch.status = "resolved";
    ch.result_on = d;
    ch.result_doc = no;
    ch.result_text = t ? t : "";
    return step(c, p, &ch, "petition.result", NULL, NULL, e);
}

int pet_close(ctx *c, int64_t id, web_err *e)
{
    const petition *p = for_step(c, id, false, e);
    if (!p)
        return -1;
    if (strcmp(p->status, "received") == 0 || strcmp(p->status, "accepted") == 0 ||
        strcmp(p->status, "closed") == 0) {
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Chỉ kết thúc đơn đã có kết quả, đã trả lại, đã chuyển hoặc đã lưu."));
        return -1;
    }
    char today[11];
    pet_today(today);
    change ch = CHANGE_INIT;
    ch.status = "closed";
    ch.closed_on = arena_strdup(c->a, today);
    return step(c, p, &ch, "petition.close", NULL, NULL, e);
}

int pet_extensions(ctx *c, int64_t id, pet_extension **rows_r)
{
    int n = 0, cap = 4;
    pet_extension *v = arena_alloc(c->a, cap * sizeof *v);
    db_stmt *s = db_stmt_get(c->db, &q_ext_list);
    if (s) {
        db_bind_int(s, 1, id);
        while (db_step(s) == DB_ROW) {
            ARENA_GROW(c->a, v, n, cap);
            pet_extension *x = &v[n++];
            x->ordinal = (int)db_col_int(s, 0);
            x->days = (int)db_col_int(s, 1);
            x->day_kind = arena_strdup(c->a, db_col_text(s, 2));
            x->decided_on = arena_strdup(c->a, db_col_text(s, 3));
            x->decision_no = arena_strdup(c->a, db_col_text(s, 4));
            x->reason = arena_strdup(c->a, db_col_text(s, 5));
            x->due_before = arena_strdup(c->a, db_col_text(s, 6));
            x->due_after = arena_strdup(c->a, db_col_text(s, 7));
        }
        db_reset(s);
    }
    *rows_r = v;
    return n;
}

/* ---- scans ---------------------------------------------------------------------------- */

int64_t pet_scan_add(ctx *c, int64_t id, const http_upload *u, web_err *e)
{
    const petition *p = pet_get(c, id);
    if (!p) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy đơn."));
        return -1;
    }
    if (!pet_may_handle(c, p) && !(c->user->role == ROLE_CLERK && p->may_identity)) {
        web_err_add(e, 403, "forbidden", NULL, _("Bạn không được thêm bản quét cho đơn này."));
        return -1;
    }
    if (!u || u->size <= 0) {
        web_err_add(e, 400, "invalid_input", "file", _("Hãy chọn tệp bản quét."));
        return -1;
    }
    if (u->size > PET_MAX_SCAN) {
        web_err_add(e, 413, "too_large", "file", _("Bản quét quá lớn (tối đa 8 MB)."));
        return -1;
    }
    const char *mime = attach_sniff(c, u->tmp_path);
    if (!mime || (strcmp(mime, "application/pdf") != 0 && strncmp(mime, "image/", 6) != 0)) {
        web_err_add(e, 415, "unsupported_type", "file",
                    _("Bản quét phải là tệp PDF hoặc ảnh (JPEG, PNG, TIFF)."));
        return -1;
    }
    int fd = open(u->tmp_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        web_err_add(e, 500, "internal", NULL, _("Không đọc được tệp tải lên."));
        return -1;
    }
    size_t n = (size_t)u->size, got = 0;
    char *buf = malloc(n);
    if (!buf)
        abort();
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    size_t box_n = 0;
    unsigned char *box = got == n ? pet_seal(buf, n, &box_n) : NULL;
    free(buf);
    if (!box) {
        web_err_add(e, 500, "internal", NULL, _("Không mã hóa được bản quét."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        free(box);
        web_err_add(e, 503, "busy", NULL, _(PET_MSG_BUSY));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_scan_add);
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    int rc = DB_ERROR;
    if (s) {
        db_bind_int(s, 1, id);
        db_bind_text(s, 2, mime);
        db_bind_int(s, 3, (int64_t)n);
        db_bind_blob(s, 4, box, box_n);
        db_bind_int(s, 5, c->user->id);
        db_bind_text(s, 6, now);
        rc = db_exec(s);
    }
    free(box);
    if (rc != DB_DONE)
        return web_err_rollback(c, e);
    int64_t fid = db_last_id(c->db);
    char payload[24];
    snprintf(payload, sizeof payload, "%lld", (long long)fid);
    if (jobs_enqueue(c->db, "petition_ocr", payload) < 0)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "petition.scan_add", "petition", id,
                     json_pack("{s:s, s:I}", "code", p->code, "file_id", (json_int_t)fid)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return fid;
}

void *pet_scan_get(ctx *c, int64_t id, int64_t file_id, size_t *n_r, const char **mime_r,
                   web_err *e)
{
    const petition *p = pet_get(c, id);
    if (!p) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy đơn."));
        return NULL;
    }
    if (!p->may_identity) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Bản quét đơn tố cáo (có bút tích) chỉ người được giao xử lý và lãnh đạo "
                      "đã giao được xem."));
        return NULL;
    }
    db_stmt *s = db_stmt_get(c->db, &q_scan_get);
    char *plain = NULL;
    if (s) {
        db_bind_int(s, 1, file_id);
        db_bind_int(s, 2, id);
        if (db_step(s) == DB_ROW) {
            *mime_r = arena_strdup(c->a, db_col_text(s, 0));
            size_t bn = 0;
            const void *b = db_col_blob(s, 1, &bn);
            plain = pet_open(b, bn, n_r);
        }
        db_reset(s);
    }
    if (!plain) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy bản quét."));
        return NULL;
    }
    if (p->protected_kind && (db_begin_write(c->db) != 0 ||
                              audit_commit(c->db, c->user, "petition.identity_view", "petition", id,
                                           json_pack("{s:s, s:I}", "code", p->code, "file_id",
                                                     (json_int_t)file_id)) != 0)) {
        db_rollback(c->db);
        free(plain);
        web_err_db(c, e);
        return NULL;
    }
    return plain;
}

int pet_scan_count(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_scan_count);
    if (!s)
        return 0;
    db_bind_int(s, 1, id);
    int n = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : 0;
    db_reset(s);
    return n;
}
