/* The documents a conference makes through the outgoing flow — the invitation (giấy mời), the
 * minutes (biên bản) and the conclusion notice (thông báo kết luận) — their clocks on the
 * working-day calendar, the office head's due list and the reminder (conferences.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/strbuf.h"
#include "catalog/catalog.h"
#include "conferences/conf_impl.h"
#include "conferences/conferences.h"
#include "notify/notify.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "web/params.h"
#include "workdays/workdays.h"

#define RULE_LEAD "conferences.invite_lead_days"
#define RULE_CONCLUSION "conferences.conclusion_days"
#define RULE_STUDY "conferences.study_report_days"

/* "08 giờ 00, ngày 15/12/2026" into the arena. */
static const char *when_vn(ctx *c, const char *at)
{
    return arena_printf(c->a, _("%.2s giờ %.2s, ngày %s"), at + 11, at + 14,
                        web_date_vn(c, arena_strndup(c->a, at, 10)));
}

/* The register the conference's documents are numbered in: the organiser's office's (the
 * committee's VP…), else the organiser's own. */
static int64_t register_of(ctx *c, const conference *k)
{
    int64_t reg = catalog_register_of_unit(c->db, org_register_unit(c->db, k->unit_id));
    return reg ? reg : catalog_register_of_unit(c->db, k->unit_id);
}

/* Drafts an outgoing document of the conference (to the invited units when to_invitees). */
static int64_t draft(ctx *c, const conference *k, const char *type_code, const char *subject,
                     const char *body, bool to_invitees, web_err *e)
{
    int64_t reg = register_of(c, k);
    if (!reg)
        return conf_refuse(e, 409, NULL, _("Đơn vị tổ chức chưa có sổ văn bản đi."));
    out_draft d = {.register_id = reg, .doc_type = type_code, .subject = subject, .body = body};
    if (to_invitees) {
        conf_invitee *iv;
        int n = conf_invitees(c, k->id, &iv);
        out_recipient_in *r = arena_alloc(c->a, (size_t)(n > 0 ? n : 1) * sizeof *r);
        for (int i = 0; i < n; i++)
            r[i] = (out_recipient_in){.unit_id = iv[i].unit_id, .copies = 1};
        d.recipients = r;
        d.n_recipients = n;
    }
    const char *err = NULL;
    int status = 0;
    int64_t oid = outgoing_create(c, &d, &err, &status);
    if (oid < 0)
        return conf_refuse(e, status ? status : 500, NULL,
                           err ? err : _("Không tạo được dự thảo."));
    return oid;
}

static const db_query q_link_invitation = {
    "conf.link_invitation",
    "UPDATE conferences SET invitation_outgoing_id = ?2, invitation_date = ?3, "
    "invite_lead_days = ?4, late_invitation_reason = ?5 WHERE id = ?1 AND "
    "invitation_outgoing_id IS NULL",
    NULL};

/* Links the drafted document in its own write (outgoing_create committed the draft: the store
 * has no nested transactions). Everything that could refuse was checked before the draft. */
static int link(ctx *c, const db_query *q, int64_t id, int64_t oid, const char *a3, int64_t a4,
                const char *a5, const char *action, web_err *e)
{
    if (conf_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, oid);
    if (a3)
        db_bind_text(s, 3, a3);
    if (a4 >= 0)
        db_bind_int(s, 4, a4);
    if (a5)
        db_bind_text(s, 5, a5);
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1)
        return web_err_rollback(c, e);
    json_t *after = json_pack("{s:I}", "outgoing_id", (json_int_t)oid);
    if (a3)
        json_object_set_new(after, "date", json_string(a3));
    if (a5)
        json_object_set_new(after, "reason", json_string(a5));
    return conf_commit(c, action, id, after, e);
}

const char *conf_invitation_body(ctx *c, const conference *k)
{
    int64_t id = k->id;
    conf_invitee *iv;
    int n = conf_invitees(c, id, &iv);
    strbuf b;
    b = (strbuf)STRBUF_INIT;
    sb_printf(&b, "%s\n\n", _("GIẤY MỜI"));
    sb_printf(&b, _("%s trân trọng kính mời: %s\n"), k->unit_name,
              *k->participants ? k->participants
                               : _("đại diện lãnh đạo các đơn vị có tên dưới đây"));
    sb_printf(&b, _("Dự: %s (%s).\n"), k->title, conf_kind_label(k->kind));
    if (k->chair_name && *k->chair_name)
        sb_printf(&b, _("Chủ trì: đồng chí %s.\n"), k->chair_name);
    if (*k->content)
        sb_printf(&b, _("Nội dung: %s\n"), k->content);
    sb_printf(&b, _("Thời gian: %s.\n"), when_vn(c, k->starts_at));
    sb_printf(&b, _("Địa điểm: %s (%s).\n"), *k->venue ? k->venue : _("sẽ thông báo sau"),
              conf_mode_label(k->mode));
    conf_endpoint *ep;
    int ne = conf_endpoints(c, id, &ep);
    if (ne > 0) {
        sb_printf(&b, "%s\n", _("Các điểm cầu:"));
        for (int i = 0; i < ne; i++)
            sb_printf(&b, "- %s%s%s\n", ep[i].unit_name, *ep[i].host ? ": " : "", ep[i].host);
    }
    if (*k->prepare)
        sb_printf(&b, _("Đề nghị chuẩn bị: %s\n"), k->prepare);
    sb_printf(&b, "%s\n", _("Đơn vị được mời:"));
    for (int i = 0; i < n; i++)
        sb_printf(&b, "- %s\n", iv[i].unit_name);
    sb_printf(&b, "%s\n",
              _("Đề nghị các đơn vị xác nhận tham dự, vắng (có lý do) hoặc cử người dự thay trên "
                "hệ thống văn phòng điện tử."));
    const char *body = arena_strdup(c->a, sb_str(&b));
    sb_free(&b);
    return body;
}

int64_t conf_invite(ctx *c, int64_t id, const char *date, const char *reason, web_err *e)
{
    const conference *k = conf_for_change(c, id, true, e);
    if (!k)
        return -1;
    if (k->invitation_id)
        return conf_refuse(e, 409, NULL, _("Hội nghị đã có giấy mời."));
    if (!date || !*date)
        date = web_today(c);
    if (!param_date(date))
        return conf_refuse(e, 400, "date", _("Ngày gửi giấy mời không hợp lệ."));
    if (reason && !*reason)
        reason = NULL;
    if (reason && strlen(reason) > CONF_MAX_TEXT)
        return conf_refuse(e, 400, "reason", _("Lý do quá dài (tối đa 4.000 ký tự)."));
    const char *start = conf_date_of(c, k->starts_at);
    if (strcmp(date, start) > 0)
        return conf_refuse(
            e, 400, "date",
            arena_printf(c->a,
                         _("Giấy mời đề ngày %s, sau ngày khai mạc hội nghị (%s): không thể mời "
                           "dự một hội nghị đã diễn ra. Hãy sửa ngày gửi giấy mời."),
                         web_date_vn(c, date), web_date_vn(c, start)));
    int lead = (int)rules_int(c->db, RULE_LEAD, date);
    int got = workdays_between(c->db, date, start);
    bool late = got < lead;
    if (late && !reason)
        return conf_refuse(
            e, 400, "reason",
            arena_printf(c->a,
                         _("Giấy mời gửi muộn: chỉ còn %d ngày làm việc trước hội nghị, quy định "
                           "ít nhất %d ngày. Hãy nêu lý do gửi muộn."),
                         got < 0 ? 0 : got, lead));
    conf_invitee *iv;
    int n = conf_invitees(c, id, &iv);
    if (n == 0)
        return conf_refuse(e, 400, "invitees",
                           _("Hãy thêm đơn vị được mời trước khi tạo giấy mời."));
    if (n > OUT_MAX_RECIPIENTS)
        return conf_refuse(e, 400, "invitees",
                           _("Giấy mời gửi tối đa 200 nơi nhận; hãy tổ chức theo điểm cầu."));
    const char *body = conf_invitation_body(c, k);
    int64_t oid =
        draft(c, k, "giay_moi", arena_printf(c->a, _("Giấy mời dự %s"), k->title), body, true, e);
    if (oid < 0)
        return -1;
    if (link(c, &q_link_invitation, id, oid, date, got < 0 ? 0 : got, late ? reason : NULL,
             "conference.invite", e) != 0)
        return -1;
    return oid;
}

static const db_query q_link_minutes = {
    "conf.link_minutes",
    "UPDATE conferences SET minutes_outgoing_id = ?2, conclusion_due = coalesce(conclusion_due, "
    "?3), study_report_due = coalesce(study_report_due, ?5), status = 'DA_KET_THUC' WHERE id = "
    "?1 AND minutes_outgoing_id IS NULL",
    NULL};
static const db_query q_link_conclusion = {
    "conf.link_conclusion",
    "UPDATE conferences SET conclusion_outgoing_id = ?2, conclusion_due = coalesce(conclusion_due, "
    "?3), study_report_due = coalesce(study_report_due, ?5) WHERE id = ?1 AND "
    "conclusion_outgoing_id IS NULL",
    NULL};

/* The clocks that start at the end: the conclusion notice's and the study report's due dates. */
static void due_dates(ctx *c, const conference *k, const char **conclusion_r, const char **study_r)
{
    const char *end = conf_date_of(c, k->ends_at);
    char a[11] = "", b[11] = "";
    int nc = (int)rules_int(c->db, RULE_CONCLUSION, end),
        ns = (int)rules_int(c->db, RULE_STUDY, end);
    *conclusion_r = workdays_add(c->db, end, nc, a) == 0 ? arena_strdup(c->a, a) : NULL;
    *study_r = workdays_add(c->db, end, ns, b) == 0 ? arena_strdup(c->a, b) : NULL;
}

static bool started(const conference *k)
{
    char now[32], local[20];
    clock_iso(clock_now() + VN_UTC_OFFSET, now, sizeof now);
    snprintf(local, sizeof local, "%.10s %.5s", now, now + 11);
    return strcmp(local, k->starts_at) >= 0;
}

/* One line per invited unit in the minutes: present, absent with reason, with a substitute, or
 * absent without reason (no answer and no check-in), and the head counts recorded. */
static void minutes_attendance(ctx *c, const conference *k, strbuf *b)
{
    conf_invitee *iv;
    int n = conf_invitees(c, k->id, &iv);
    int present = 0, excused = 0, substituted = 0, unexcused = 0;
    strbuf lp, le, ls, lu;
    lp = (strbuf)STRBUF_INIT;
    le = (strbuf)STRBUF_INIT;
    ls = (strbuf)STRBUF_INIT;
    lu = (strbuf)STRBUF_INIT;
    for (int i = 0; i < n; i++) {
        const char *r = iv[i].response;
        if (r && strcmp(r, "decline") == 0) {
            excused++;
            sb_printf(&le, "- %s: %s\n", iv[i].unit_name, iv[i].reason ? iv[i].reason : "");
        } else if (r && strcmp(r, "substitute") == 0) {
            substituted++;
            sb_printf(&ls, _("- %s: đồng chí %s dự thay\n"), iv[i].unit_name,
                      iv[i].substitute ? iv[i].substitute : "");
        } else if (iv[i].checked_in_at) {
            present++;
            sb_printf(&lp, "- %s\n", iv[i].unit_name);
        } else {
            unexcused++;
            sb_printf(&lu, "- %s\n", iv[i].unit_name);
        }
    }
    sb_printf(b, _("Đơn vị có mặt (%d):\n%s"), present, sb_str(&lp));
    sb_printf(b, _("Đơn vị cử người dự thay (%d):\n%s"), substituted, sb_str(&ls));
    sb_printf(b, _("Đơn vị vắng có lý do (%d):\n%s"), excused, sb_str(&le));
    sb_printf(b, _("Đơn vị vắng không có lý do (%d):\n%s"), unexcused, sb_str(&lu));
    sb_free(&lp);
    sb_free(&le);
    sb_free(&ls);
    sb_free(&lu);
    conf_rollup_row *rows;
    int nr = conf_rollup(c, k->id, &rows);
    for (int i = 0; i < nr; i++)
        if (rows[i].total && rows[i].a.membership > 0)
            sb_printf(b,
                      _("Tổng số đảng viên: %d; có mặt %d (%s), trong đó %d cấp ủy viên; "
                        "quần chúng %d; vắng có lý do %d, vắng không lý do %d.\n"),
                      rows[i].a.membership, rows[i].a.party_members, conf_pct(c, rows[i].pct),
                      rows[i].a.committee_members, rows[i].a.non_members,
                      rows[i].a.absent_with_reason, rows[i].a.absent_without_reason);
}

static const db_query q_relink_invitation = {
    "conf.relink_invitation",
    "UPDATE conferences SET invitation_outgoing_id = ?2, invitation_date = ?3, "
    "invite_lead_days = ?4, late_invitation_reason = ?5 WHERE id = ?1",
    NULL};
/* A new time asks every invited unit to answer again: an "attend" given for the old time says
 * nothing about the new one. */
static const db_query q_reset_answers = {
    "conf.reset_answers",
    "UPDATE conference_invitees SET response = NULL, reason = NULL, substitute_name = NULL, "
    "responded_by = NULL, responded_at = NULL WHERE conference_id = ?1",
    NULL};

int64_t conf_reinvite(ctx *c, int64_t id, const conf_input *in, const char *reason, web_err *e)
{
    const conference *k = conf_for_change(c, id, true, e);
    if (!k)
        return -1;
    if (!k->invitation_id)
        return conf_refuse(e, 409, NULL,
                           _("Hội nghị chưa có giấy mời: hãy sửa thẳng thông tin hội nghị."));
    if (k->minutes_id)
        return conf_refuse(e, 409, NULL, _("Hội nghị đã có biên bản; không điều chỉnh giấy mời."));
    while (reason && (*reason == ' ' || *reason == '\n' || *reason == '\t'))
        reason++;
    if (!reason || !*reason)
        return conf_refuse(e, 400, "reason",
                           _("Hãy nêu lý do điều chỉnh giấy mời (đổi thời gian, địa điểm…)."));
    if (strlen(reason) > CONF_MAX_TEXT)
        return conf_refuse(e, 400, "reason", _("Lý do quá dài (tối đa 4.000 ký tự)."));
    const outgoing *old = outgoing_get(c, k->invitation_id);
    if (!old)
        return conf_refuse(e, 404, NULL, _("Không tìm thấy giấy mời."));
    bool issued = old->status == OUT_ISSUED;
    const char *old_start = arena_strdup(c->a, k->starts_at);
    if (conf_write_fields(c, id, in, true, reason, e) != 0)
        return -1;
    const conference *nk = conf_get(c, id);
    if (!nk)
        return conf_refuse(e, 404, NULL, _("Không tìm thấy hội nghị."));
    bool moved = strcmp(old_start, nk->starts_at) != 0;
    const char *head =
        issued
            ? arena_printf(c->a, _("GIẤY MỜI (ĐIỀU CHỈNH)\nThay thế Giấy mời số %s. Lý do: %s\n"),
                           old->notation ? old->notation : "", reason)
            : arena_printf(c->a, _("(Điều chỉnh: %s)\n"), reason);
    const char *body = arena_printf(c->a, "%s\n%s", head, conf_invitation_body(c, nk));
    const char *subject = arena_printf(
        c->a, issued ? _("Giấy mời (điều chỉnh) dự %s") : _("Giấy mời dự %s"), nk->title);
    const char *err = NULL;
    int status = 0;
    if (!issued) {
        /* Not sent yet: the same draft, a new version (the drafts keep every version). */
        if (outgoing_save_version(c, old->id, subject, body, &err, &status) != 0)
            return conf_refuse(e, status ? status : 500, NULL,
                               err ? err : _("Không lưu được dự thảo giấy mời."));
        return old->id;
    }
    /* Sent: a new invitation that replaces it through the outgoing flow (issuing it marks the
     * old one replaced), linked as the conference's invitation. */
    int64_t reg = register_of(c, nk);
    conf_invitee *iv;
    int n = conf_invitees(c, id, &iv);
    out_recipient_in *r = arena_alloc(c->a, (size_t)(n > 0 ? n : 1) * sizeof *r);
    for (int i = 0; i < n; i++)
        r[i] = (out_recipient_in){.unit_id = iv[i].unit_id, .copies = 1};
    out_draft d = {.register_id = reg,
                   .doc_type = "giay_moi",
                   .subject = subject,
                   .body = body,
                   .replaces_id = old->id,
                   .recipients = r,
                   .n_recipients = n};
    int64_t oid = outgoing_create(c, &d, &err, &status);
    if (oid < 0)
        return conf_refuse(e, status ? status : 500, NULL,
                           err ? err : _("Không tạo được dự thảo."));
    const char *today = web_today(c);
    int got = workdays_between(c->db, today, conf_date_of(c, nk->starts_at));
    if (conf_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_relink_invitation);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, oid);
    db_bind_text(s, 3, today);
    db_bind_int(s, 4, got < 0 ? 0 : got);
    db_bind_text(s, 5, reason);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (moved) {
        if (!(s = db_stmt_get(c->db, &q_reset_answers)))
            return web_err_rollback(c, e);
        db_bind_int(s, 1, id);
        if (db_exec(s) != DB_DONE)
            return web_err_rollback(c, e);
    }
    if (conf_commit(c, "conference.reinvite", id,
                    json_pack("{s:I, s:I, s:s, s:b}", "outgoing_id", (json_int_t)oid, "replaces_id",
                              (json_int_t)old->id, "reason", reason, "answers_reset", moved),
                    e) != 0)
        return -1;
    return oid;
}

int64_t conf_minutes(ctx *c, int64_t id, web_err *e)
{
    const conference *k = conf_for_change(c, id, true, e);
    if (!k)
        return -1;
    if (k->minutes_id)
        return conf_refuse(e, 409, NULL, _("Hội nghị đã có biên bản."));
    if (!started(k))
        return conf_refuse(e, 409, NULL, _("Hội nghị chưa diễn ra; chưa lập biên bản được."));
    const char *due, *study;
    due_dates(c, k, &due, &study);
    strbuf b;
    b = (strbuf)STRBUF_INIT;
    sb_printf(&b, "%s\n\n", _("BIÊN BẢN HỘI NGHỊ"));
    sb_printf(&b, _("Hội nghị: %s (%s).\n"), k->title, conf_kind_label(k->kind));
    sb_printf(&b, _("Thời gian: %s.\n"), when_vn(c, k->starts_at));
    sb_printf(&b, _("Địa điểm: %s (%s).\n"), k->venue, conf_mode_label(k->mode));
    if (k->chair_name && *k->chair_name)
        sb_printf(&b, _("Chủ trì: đồng chí %s.\n"), k->chair_name);
    minutes_attendance(c, k, &b);
    conf_endpoint *ep;
    int ne = conf_endpoints(c, id, &ep);
    for (int i = 0; i < ne; i++)
        sb_printf(&b, _("Điểm cầu %s: dự kiến %d, có mặt %d.\n"), ep[i].unit_name, ep[i].expected,
                  ep[i].actual < 0 ? 0 : ep[i].actual);
    sb_printf(&b, "\n%s\n", _("Diễn biến hội nghị:"));
    const char *body = arena_strdup(c->a, sb_str(&b));
    sb_free(&b);
    int64_t oid =
        draft(c, k, "bien_ban", arena_printf(c->a, _("Biên bản %s"), k->title), body, false, e);
    if (oid < 0)
        return -1;
    return link(c, &q_link_minutes, id, oid, due, -1, study, "conference.minutes", e) == 0 ? oid
                                                                                           : -1;
}

int64_t conf_conclusion(ctx *c, int64_t id, web_err *e)
{
    const conference *k = conf_for_change(c, id, true, e);
    if (!k)
        return -1;
    if (k->conclusion_id)
        return conf_refuse(e, 409, NULL, _("Hội nghị đã có thông báo kết luận."));
    if (!started(k))
        return conf_refuse(e, 409, NULL,
                           _("Hội nghị chưa diễn ra; chưa soạn thông báo kết luận được."));
    const char *due, *study;
    due_dates(c, k, &due, &study);
    strbuf b;
    b = (strbuf)STRBUF_INIT;
    sb_printf(&b, "%s\n\n", _("THÔNG BÁO KẾT LUẬN"));
    sb_printf(&b, _("Ngày %s, %s tổ chức %s.\n"), web_date_vn(c, conf_date_of(c, k->starts_at)),
              k->unit_name, k->title);
    if (k->chair_name && *k->chair_name)
        sb_printf(&b, _("Sau khi nghe báo cáo và ý kiến thảo luận, đồng chí %s kết luận:\n"),
                  k->chair_name);
    else
        sb_printf(&b, "%s\n", _("Sau khi nghe báo cáo và ý kiến thảo luận, hội nghị kết luận:"));
    sb_printf(&b, "%s\n", "1. ");
    const char *body = arena_strdup(c->a, sb_str(&b));
    sb_free(&b);
    int64_t oid = draft(c, k, "thong_bao", arena_printf(c->a, _("Thông báo kết luận %s"), k->title),
                        body, true, e);
    if (oid < 0)
        return -1;
    return link(c, &q_link_conclusion, id, oid, due, -1, study, "conference.conclusion", e) == 0
               ? oid
               : -1;
}

/* ---- the office head's list and the reminder --------------------------------------------- */

/* Ended, not cancelled, conclusion notice not issued, in the caller's scope (organiser side).
 * ?1 scope, ?2 today "YYYY-MM-DD". The join to outgoing reads the notice's state in the same
 * statement (conf_impl.h). */
static const db_query q_due = {
    "conf.due",
    "SELECT k.id FROM conferences k LEFT JOIN outgoing o ON o.id = k.conclusion_outgoing_id "
    "WHERE (k.unit_id IN (SELECT value FROM json_each(?1)) OR k.office_unit_id IN (SELECT value "
    "FROM json_each(?1))) AND k.status <> 'HUY' AND "
    "substr(k.ends_at, 1, 10) < ?2 AND substr(k.ends_at, 1, 10) >= date(?2, '-1 year') AND "
    "(o.id IS NULL OR o.status <> 'issued') ORDER BY k.ends_at LIMIT 200",
    NULL};

int conf_conclusions_due(ctx *c, conf_due **rows_r)
{
    *rows_r = NULL;
    if (!c->user || c->user->role == ROLE_UNIT)
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_due);
    if (!s)
        return 0;
    const char *today = web_today(c);
    db_bind_text(s, 1, org_scope_json(c));
    db_bind_text(s, 2, today);
    int64_t ids[200];
    int n = 0;
    while (n < 200 && db_step(s) == DB_ROW)
        ids[n++] = db_col_int(s, 0);
    db_reset(s);
    conf_due *v = arena_alloc(c->a, (size_t)(n > 0 ? n : 1) * sizeof *v);
    int m = 0;
    for (int i = 0; i < n; i++) {
        conference *k = (conference *)conf_get(c, ids[i]);
        if (!k)
            continue;
        if (!k->conclusion_due) {
            const char *study;
            due_dates(c, k, &k->conclusion_due, &study);
        }
        if (!k->conclusion_due)
            continue;
        v[m].k = k;
        v[m].overdue = strcmp(today, k->conclusion_due) > 0;
        v[m].days_late = v[m].overdue ? workdays_between(c->db, k->conclusion_due, today) : 0;
        m++;
    }
    /* Overdue first, the longest overdue at the top. */
    for (int i = 1; i < m; i++)
        for (int j = i; j > 0 && (v[j].overdue > v[j - 1].overdue ||
                                  (v[j].overdue == v[j - 1].overdue &&
                                   strcmp(v[j].k->conclusion_due, v[j - 1].k->conclusion_due) < 0));
             j--) {
            conf_due t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    *rows_r = v;
    return m;
}

static const db_query q_remind_due = {
    "conf.remind_due",
    "SELECT k.id, k.unit_id, k.title, k.conclusion_due, coalesce(k.conclusion_outgoing_id, "
    "k.minutes_outgoing_id) FROM conferences k LEFT JOIN outgoing o ON o.id = "
    "k.conclusion_outgoing_id WHERE k.conclusion_due IS NOT NULL AND k.conclusion_reminded_at IS "
    "NULL AND k.status <> 'HUY' AND k.conclusion_due <= ?1 AND (o.id IS NULL OR o.status <> "
    "'issued') LIMIT 50",
    NULL};
static const db_query q_reminded = {
    "conf.reminded", "UPDATE conferences SET conclusion_reminded_at = ?2 WHERE id = ?1", NULL};

int conf_remind(db *d)
{
    char today[16], iso[32], tomorrow[11];
    clock_vn_today(today, sizeof today);
    clock_iso(clock_now(), iso, sizeof iso);
    /* Remind one working day ahead: the office still has a day to issue it. */
    if (workdays_add(d, today, 1, tomorrow) != 0)
        return 0;
    db_stmt *s = db_stmt_get(d, &q_remind_due);
    if (!s)
        return 0;
    db_bind_text(s, 1, tomorrow);
    struct {
        int64_t id, unit_id, doc_id;
        char title[CONF_MAX_TITLE + 1], due[11];
    } *rows = calloc(50, sizeof *rows);
    int n = 0;
    while (rows && n < 50 && db_step(s) == DB_ROW) {
        rows[n].id = db_col_int(s, 0);
        rows[n].unit_id = db_col_int(s, 1);
        snprintf(rows[n].title, sizeof rows[n].title, "%s", db_col_text(s, 2));
        snprintf(rows[n].due, sizeof rows[n].due, "%s", db_col_text(s, 3));
        rows[n].doc_id = db_col_int(s, 4);
        n++;
    }
    db_reset(s);
    if (n == 0 || db_begin_write(d) != 0) {
        free(rows);
        return 0;
    }
    int sent = 0;
    for (int i = 0; i < n; i++) {
        char text[NOTIFY_TEXT_MAX], vn[16];
        clock_date_vn(rows[i].due, vn, sizeof vn);
        snprintf(text, sizeof text, _("Thông báo kết luận hội nghị \"%s\" đến hạn ngày %s."),
                 rows[i].title, vn);
        int64_t office = org_register_unit(d, rows[i].unit_id);
        const char *dk = rows[i].doc_id ? "out" : NULL;
        db_stmt *u = db_stmt_get(d, &q_reminded);
        if (notify_unit_role(d, office, ROLE_OFFICE_LEADER, NOTIFY_DUE_SOON, dk, rows[i].doc_id,
                             text) != 0 ||
            notify_unit_role(d, office, ROLE_CLERK, NOTIFY_DUE_SOON, dk, rows[i].doc_id, text) !=
                0 ||
            !u)
            goto fail;
        db_bind_int(u, 1, rows[i].id);
        db_bind_text(u, 2, iso);
        if (db_exec(u) != DB_DONE ||
            audit_log(d, NULL, "conference.remind", "conference", rows[i].id, NULL, NULL) != 0)
            goto fail;
        sent++;
    }
    free(rows);
    return db_commit(d) == 0 ? sent : 0;
fail:
    free(rows);
    db_rollback(d);
    return 0;
}
