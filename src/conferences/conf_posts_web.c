/* The forms' POSTs of the conference pages (each: read the declared fields, call the service,
 * back to the page with the typed values and red messages on a refusal — web/forms.h) and the
 * download of a material the caller is cleared for. */
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "conferences/conf_web.h"
#include "conferences/conferences.h"
#include "files/files.h"
#include "http/router.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

static const char *page_of(ctx *c, int64_t id)
{
    return arena_printf(c->a, "/conferences/%lld", (long long)id);
}

static void after(ctx *c, int64_t id, int64_t rc, const web_err *e, const char *ok)
{
    web_after_post(c, page_of(c, id), rc < 0 ? -1 : 0, e, ok);
}

/* A count field: absent is 0, malformed a red message beside it. */
static int count(ctx *c, const char *name, web_err *e)
{
    int64_t v = 0;
    if (form_range(c, name, 0, CONF_MAX_COUNT, &v, e) != PARAM_OK)
        return 0;
    return (int)v;
}

/* The conference's own fields from the form. */
static void read_fields(ctx *c, conf_input *in)
{
    in->title = req_form(c->rq, "title");
    in->kind = req_form(c->rq, "kind");
    in->mode = req_form(c->rq, "mode");
    in->starts_at = req_form(c->rq, "starts_at");
    in->ends_at = req_form(c->rq, "ends_at");
    in->venue = req_form(c->rq, "venue");
    in->participants = req_form(c->rq, "participants");
    in->content = req_form(c->rq, "content");
    in->prepare = req_form(c->rq, "prepare");
    in->chair_user_id = form_id(c, "chair_user_id");
}

static void h_edit(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    conf_input in = {0};
    read_fields(c, &in);
    const conference *k = conf_get(c, id);
    bool amend = k && k->invitation_id;
    int64_t rc = amend ? conf_reinvite(c, id, &in, req_form(c->rq, "reason"), &e)
                       : conf_update(c, id, &in, &e);
    if (rc < 0) {
        web_after_post(c, arena_printf(c->a, "/conferences/%lld/edit", (long long)id), -1, &e,
                       NULL);
        return;
    }
    page_flash_set(c, amend ? _("Đã điều chỉnh; giấy mời điều chỉnh đang chờ ban hành.")
                            : _("Đã lưu thay đổi."));
    respond_redirect(c, page_of(c, id));
}

static void h_create(ctx *c)
{
    web_err e = {0};
    conf_input in = {0};
    read_fields(c, &in);
    int64_t item = 0;
    if (form_int(c, "item", 1, INT64_MAX, &item) == PARAM_BAD)
        in.programme_item_id = -1;
    else
        in.programme_item_id = item;
    int64_t *ids = arena_alloc(c->a, sizeof *ids * (CONF_MAX_INVITEES + 1));
    for (size_t i = 0; i < c->rq->form.n && in.n_invitees <= CONF_MAX_INVITEES; i++) {
        if (strcmp(c->rq->form.v[i].name, "invitees") != 0)
            continue;
        int64_t uid = 0;
        if (param_int(c->rq->form.v[i].value, 1, INT64_MAX, &uid) != PARAM_OK)
            uid = -1;
        ids[in.n_invitees++] = uid;
    }
    in.invitees = ids;
    int64_t id = conf_create(c, &in, &e);
    if (id < 0) {
        web_after_post(c, "/conferences/new", -1, &e, NULL);
        return;
    }
    page_flash_set(c, _("Đã tạo hội nghị."));
    respond_redirect(c, page_of(c, id));
}

static void h_subject(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = conf_subject_add(c, id, req_form(c->rq, "doc_kind"), form_id(c, "doc_id"), &e);
    after(c, id, rc, &e, _("Đã gắn văn bản vào hội nghị."));
}

static void h_invitee(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = conf_invitee_add(c, id, form_id(c, "unit_id"), &e);
    after(c, id, rc, &e, _("Đã mời thêm đơn vị."));
}

static void h_endpoint(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int expected = count(c, "expected", &e);
    int64_t actual = -1;
    if (form_range(c, "actual", 0, CONF_MAX_COUNT, &actual, &e) != PARAM_OK)
        actual = -1;
    int rc = e.n ? -1
                 : conf_endpoint_set(c, id, form_id(c, "unit_id"), req_form(c->rq, "host"),
                                     expected, (int)actual, &e);
    after(c, id, rc, &e, _("Đã lưu điểm cầu."));
}

static void h_material(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int secrecy = 0;
    form_enum(c, "secrecy", secrecy_codes, &secrecy, &e);
    const http_upload *file = NULL;
    for (size_t i = 0; i < c->rq->n_uploads; i++)
        if (strcmp(c->rq->uploads[i].field, "file") == 0 && c->rq->uploads[i].size > 0)
            file = &c->rq->uploads[i];
    int64_t rc = e.n ? -1
                     : conf_material_add(c, id, req_form(c->rq, "title"), secrecy < 0 ? 0 : secrecy,
                                         file, &e);
    after(c, id, rc, &e, _("Đã thêm tài liệu."));
}

static void h_invitation(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int64_t oid = conf_invite(c, id, req_form(c->rq, "date"), req_form(c->rq, "reason"), &e);
    if (oid < 0) {
        after(c, id, -1, &e, NULL);
        return;
    }
    page_flash_set(c, _("Đã tạo dự thảo giấy mời; hãy trình ký và phát hành."));
    respond_redirect(c, arena_printf(c->a, "/outgoing/%lld", (long long)oid));
}

static void h_answer(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = conf_answer(c, id, form_id(c, "unit_id"), req_form(c->rq, "response"),
                         req_form(c->rq, "reason"), req_form(c->rq, "substitute"), &e);
    after(c, id, rc, &e, _("Đã gửi trả lời."));
}

static void h_checkin(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    const char *in = req_form(c->rq, "in");
    bool on = !in || strcmp(in, "0") != 0;
    int rc = conf_checkin(c, id, form_id(c, "unit_id"), on, &e);
    after(c, id, rc, &e, on ? _("Đã điểm danh.") : _("Đã bỏ điểm danh."));
}

static void h_attendance(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    conf_attendance a = {.unit_id = form_id(c, "unit_id")};
    a.membership = count(c, "membership", &e);
    a.committee_members = count(c, "committee_members", &e);
    a.party_members = count(c, "party_members", &e);
    a.non_members = count(c, "non_members", &e);
    a.absent_with_reason = count(c, "absent_with_reason", &e);
    a.absent_without_reason = count(c, "absent_without_reason", &e);
    int rc = e.n ? -1 : conf_attendance_set(c, id, &a, &e);
    after(c, id, rc, &e, _("Đã lưu điểm danh."));
}

static void h_minutes(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int64_t oid = conf_minutes(c, id, &e);
    if (oid < 0) {
        after(c, id, -1, &e, NULL);
        return;
    }
    page_flash_set(c, _("Đã lập dự thảo biên bản."));
    respond_redirect(c, arena_printf(c->a, "/outgoing/%lld", (long long)oid));
}

static void h_conclusion(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int64_t oid = conf_conclusion(c, id, &e);
    if (oid < 0) {
        after(c, id, -1, &e, NULL);
        return;
    }
    page_flash_set(c, _("Đã soạn dự thảo thông báo kết luận."));
    respond_redirect(c, arena_printf(c->a, "/outgoing/%lld", (long long)oid));
}

static void h_study(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    conf_study r = {.unit_id = form_id(c, "unit_id"), .note = req_form(c->rq, "note")};
    r.members_total = count(c, "members_total", &e);
    r.members_attended = count(c, "members_attended", &e);
    r.mass_attendance = count(c, "mass_attendance", &e);
    r.essays = count(c, "essays", &e);
    int rc = e.n ? -1 : conf_study_submit(c, id, &r, &e);
    after(c, id, rc, &e, _("Đã gửi báo cáo kết quả học tập, quán triệt."));
}

static void h_cancel(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = conf_cancel(c, id, &e);
    after(c, id, rc, &e, _("Đã hủy hội nghị."));
}

/* A material's file, to whoever is cleared for it; opening a secret one is audited. */
static void h_material_get(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const conf_material *m = conf_material_get(c, id, req_param_id(c->rq, "mid"));
    if (!m || !m->sha256) {
        respond_not_found(c);
        return;
    }
    if (m->secrecy > 0 && db_begin_write(c->db) == 0) {
        if (audit_log(c->db, c->user, "conference.open_secret_material", "conference", id, NULL,
                      NULL) != 0 ||
            db_commit(c->db) != 0)
            db_rollback(c->db);
    }
    attach_serve_blob(c, m->sha256, m->filename ? m->filename : "tai-lieu",
                      m->mime ? m->mime : "application/octet-stream", false);
}

void conf_posts(void)
{
    route_add("POST", "/conferences", h_create, 0);
    route_add("POST", "/conferences/{id}/edit", h_edit, 0);
    route_add("POST", "/conferences/{id}/subjects", h_subject, 0);
    route_add("POST", "/conferences/{id}/invitees", h_invitee, 0);
    route_add("POST", "/conferences/{id}/endpoints", h_endpoint, 0);
    route_add("POST", "/conferences/{id}/materials", h_material, 0);
    route_add("GET", "/conferences/{id}/materials/{mid}", h_material_get, 0);
    route_add("POST", "/conferences/{id}/invitation", h_invitation, 0);
    route_add("POST", "/conferences/{id}/answer", h_answer, 0);
    route_add("POST", "/conferences/{id}/checkin", h_checkin, 0);
    route_add("POST", "/conferences/{id}/attendance", h_attendance, 0);
    route_add("POST", "/conferences/{id}/minutes", h_minutes, 0);
    route_add("POST", "/conferences/{id}/conclusion", h_conclusion, 0);
    route_add("POST", "/conferences/{id}/study-report", h_study, 0);
    route_add("POST", "/conferences/{id}/cancel", h_cancel, 0);
}
