/* The event form of the weekly calendar: /schedule/new (prefilled by links from other rooms:
 * ?conference=&item=&content=&day=&session=&start=&venue=), /schedule/events/{id}/edit, and
 * their POSTs. A refused form comes back with what was typed and each message beside its
 * field; a saved one goes to the event's page, which warns of clashes. */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "org/org.h"
#include "schedule/schedule.h"
#include "schedule/schedule_impl.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

static strbuf *B(ctx *c)
{
    return &c->rs->body;
}

/* A select of `name` with options (value, label); the typed value when the form failed. */
static void select_open(ctx *c, const char *key, const char *name, const char *id,
                        const char *label)
{
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\"",
                form_err(c, key, name) ? " has-error" : "", id, label, id, name);
    form_aria_html(c, key, name, id);
    html_raw(B(c), ">");
}

static void select_close(ctx *c, const char *key, const char *name, const char *id)
{
    html_raw(B(c), "</select>");
    form_err_html(c, key, name, id);
    html_raw(B(c), "</div>");
}

static void option(ctx *c, const char *value, const char *label, const char *current)
{
    html_printf(B(c), "<option value=\"%s\"%s>%s</option>", value,
                current && strcmp(current, value) == 0 ? " selected" : "", label);
}

static const char *id_text(ctx *c, int64_t id)
{
    return id > 0 ? arena_printf(c->a, "%lld", (long long)id) : "";
}

static void form_page(ctx *c, const sched_event *ev)
{
    int64_t unit_id = ev ? ev->unit_id : sched_home_unit(c);
    if (!sched_may_draft(c, unit_id)) { /* an event it may not read never reaches here */
        respond_forbidden(c);
        return;
    }
    const char *key =
        ev ? arena_printf(c->a, "/schedule/events/%lld", (long long)ev->id) : "/schedule";
    /* Values when the form did not fail: the event's, or the link's prefill. */
    const char *q_day = req_query(c->rq, "day"), *q_session = req_query(c->rq, "session");
    const char *q_start = req_query(c->rq, "start"), *q_content = req_query(c->rq, "content");
    const char *q_venue = req_query(c->rq, "venue");
    int64_t conf = 0, item = 0;
    query_int(c, "conference", 1, INT64_MAX, &conf);
    query_int(c, "item", 1, INT64_MAX, &item);
    param_int(form_val(c, key, "conference_id", NULL), 1, INT64_MAX, &conf);
    param_int(form_val(c, key, "programme_item_id", NULL), 1, INT64_MAX, &item);
    page_begin(c, ev ? _("Sửa sự kiện trong lịch tuần") : _("Thêm sự kiện vào lịch tuần"),
               "schedule");
    int y, w;
    bool published = false;
    if (ev) {
        published = sched_week_version(c->db, ev->unit_id, ev->iso_year, ev->iso_week) > 0;
    } else if (q_day && sched_iso_week(q_day, &y, &w) == 0) {
        published = sched_week_version(c->db, unit_id, y, w) > 0;
    }
    if (published)
        page_alert(c, "warn",
                   _("Lịch tuần này đã phát hành: thay đổi sẽ thành bản điều chỉnh, đánh dấu "
                     "«Điều chỉnh» và thông báo cho người chủ trì, người tham dự và đơn vị "
                     "chuẩn bị."));
    html_printf(B(c), "<form class=\"form\" method=\"post\" action=\"%s\" id=\"sched-form\">", key);
    form_csrf(c);
    if (conf || (ev && ev->conference_id)) {
        int64_t v = ev ? ev->conference_id : conf;
        html_printf(B(c),
                    "<input type=\"hidden\" name=\"conference_id\" value=\"%lld\"><p>%s: <a "
                    "href=\"/conferences/%lld\">%s</a></p>",
                    (long long)v, _("Hội nghị"), (long long)v, _("Xem hội nghị"));
    }
    if (item || (ev && ev->programme_item_id)) {
        int64_t v = ev ? ev->programme_item_id : item;
        html_printf(B(c),
                    "<input type=\"hidden\" name=\"programme_item_id\" value=\"%lld\"><p>%s: <a "
                    "href=\"/programmes/items/%lld\">%s</a></p>",
                    (long long)v, _("Mục chương trình"), (long long)v, _("Xem mục chương trình"));
    }
    form_field_html(c, key,
                    &(form_field){.name = "day",
                                  .label = _("Ngày"),
                                  .type = "date",
                                  .value = ev ? ev->day : q_day,
                                  .required = true});
    const char *session = form_val(c, key, "session", ev ? ev->session : q_session);
    select_open(c, key, "session", "f-session", _("Buổi"));
    option(c, "", _("(Theo giờ bắt đầu)"), session);
    for (int i = 0; sched_sessions[i]; i++)
        option(c, sched_sessions[i], sched_session_label(sched_sessions[i]), session);
    select_close(c, key, "session", "f-session");
    form_field_html(c, key,
                    &(form_field){.name = "start_time",
                                  .label = _("Giờ bắt đầu"),
                                  .type = "time",
                                  .value = ev ? ev->start_time : q_start});
    form_field_html(c, key,
                    &(form_field){.name = "end_time",
                                  .label = _("Giờ kết thúc"),
                                  .type = "time",
                                  .value = ev ? ev->end_time : NULL});
    form_field_html(c, key,
                    &(form_field){.name = "content",
                                  .label = _("Nội dung"),
                                  .type = "textarea",
                                  .rows = 3,
                                  .value = ev ? ev->content : q_content,
                                  .required = true});
    org_choice *people;
    int np = sched_people_of(c, unit_id, &people);
    const char *chair =
        form_val(c, key, "chair_user_id", ev ? id_text(c, ev->chair_user_id) : NULL);
    select_open(c, key, "chair_user_id", "f-chair", _("Lãnh đạo chủ trì"));
    option(c, "", _("(Không)"), chair);
    for (int i = 0; i < np; i++)
        option(c, id_text(c, people[i].id), people[i].name, chair);
    select_close(c, key, "chair_user_id", "f-chair");
    html_printf(
        B(c),
        "<fieldset class=\"field%s\" id=\"f-people\"><legend>%s</legend><div class=\"unit-picks\">",
        form_err(c, key, "people") ? " has-error" : "", _("Lãnh đạo, cán bộ cùng dự"));
    bool failed = form_failed(c, key);
    for (int i = 0; i < np; i++) {
        const char *v = id_text(c, people[i].id);
        bool on = false;
        if (failed)
            on = form_has(c, key, "people", v);
        else if (ev)
            for (int k = 0; k < ev->n_people; k++)
                on = on || ev->people[k] == people[i].id;
        html_printf(B(c),
                    "<label class=\"check\"><input type=\"checkbox\" name=\"people\" "
                    "value=\"%s\"%s> %s</label>",
                    v, on ? " checked" : "", people[i].name);
    }
    html_raw(B(c), "</div>");
    form_err_html(c, key, "people", "f-people");
    html_raw(B(c), "</fieldset>");
    form_field_html(c, key,
                    &(form_field){.name = "participants",
                                  .label = _("Thành phần (ghi rõ)"),
                                  .type = "textarea",
                                  .rows = 2,
                                  .value = ev ? ev->participants : NULL});
    sched_room *rooms;
    int nr = sched_rooms(c, unit_id, &rooms);
    const char *room = form_val(c, key, "room_id", ev ? id_text(c, ev->room_id) : NULL);
    select_open(c, key, "room_id", "f-room", _("Phòng họp"));
    option(c, "", _("(Không dùng phòng họp của cơ quan)"), room);
    for (int i = 0; i < nr; i++)
        option(c, id_text(c, rooms[i].id), rooms[i].name, room);
    select_close(c, key, "room_id", "f-room");
    form_field_html(c, key,
                    &(form_field){.name = "venue",
                                  .label = _("Địa điểm (nơi khác)"),
                                  .value = ev ? ev->venue : q_venue});
    org_choice *units;
    int nu = org_choice_units(c, &units);
    const char *prep =
        form_val(c, key, "preparing_unit_id", ev ? id_text(c, ev->preparing_unit_id) : NULL);
    select_open(c, key, "preparing_unit_id", "f-prep", _("Đơn vị chuẩn bị"));
    option(c, "", _("(Không)"), prep);
    for (int i = 0; i < nu; i++)
        if (org_unit_in_scope(c, units[i].id) || org_scope_anchor(c->db, units[i].id) == unit_id)
            option(c, id_text(c, units[i].id), units[i].name, prep);
    select_close(c, key, "preparing_unit_id", "f-prep");
    const char *vis = form_val(c, key, "visibility", ev ? ev->visibility : "internal");
    select_open(c, key, "visibility", "f-vis", _("Phạm vi"));
    for (int i = 0; sched_visibilities[i]; i++)
        option(c, sched_visibilities[i], sched_visibility_label(sched_visibilities[i]), vis);
    select_close(c, key, "visibility", "f-vis");
    if (published)
        form_field_html(c, key,
                        &(form_field){.name = "note",
                                      .label = _("Nội dung điều chỉnh (gửi kèm thông báo)"),
                                      .hint = _("Để trống: hệ thống tự ghi nội dung thay đổi.")});
    html_printf(B(c),
                "<div class=\"actions\"><button>%s</button> <a href=\"%s\">%s</a></div></form>",
                _("Lưu"), ev ? key : "/schedule", _("Hủy bỏ"));
    page_end(c);
}

static void h_new(ctx *c)
{
    form_page(c, NULL);
}

static void h_edit(ctx *c)
{
    const sched_event *ev = sched_event_get(c, req_param_id(c->rq, "id"));
    if (!ev) {
        respond_not_found(c);
        return;
    }
    if (strcmp(ev->status, "active") != 0) {
        respond_error(c, 409, "invalid_state", _("Sự kiện đã bị hủy, không sửa được."));
        return;
    }
    form_page(c, ev);
}

/* The form's fields into *in (arena); a malformed id is refused beside its field. */
static void read_form(ctx *c, sched_input *in, web_err *e)
{
    memset(in, 0, sizeof *in);
    in->day = req_form(c->rq, "day");
    in->session = req_form(c->rq, "session");
    in->start_time = req_form(c->rq, "start_time");
    in->end_time = req_form(c->rq, "end_time");
    in->content = req_form(c->rq, "content");
    in->participants = req_form(c->rq, "participants");
    in->venue = req_form(c->rq, "venue");
    in->visibility = req_form(c->rq, "visibility");
    in->note = req_form(c->rq, "note");
    form_range(c, "chair_user_id", 1, INT64_MAX, &in->chair_user_id, e);
    form_range(c, "room_id", 1, INT64_MAX, &in->room_id, e);
    form_range(c, "preparing_unit_id", 1, INT64_MAX, &in->preparing_unit_id, e);
    form_range(c, "conference_id", 1, INT64_MAX, &in->conference_id, e);
    form_range(c, "programme_item_id", 1, INT64_MAX, &in->programme_item_id, e);
    const kvlist *f = &c->rq->form;
    int64_t *people = arena_alloc(c->a, sizeof *people * (f->n + 1));
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->v[i].name, "people") != 0)
            continue;
        int64_t id = 0;
        if (param_int(f->v[i].value, 1, INT64_MAX, &id) != PARAM_OK) {
            web_err_add(e, 400, "invalid_input", "people", _("Người tham dự không hợp lệ."));
            break;
        }
        people[in->n_people++] = id;
    }
    in->people = people;
}

static void saved(ctx *c, int64_t id, int nclash)
{
    page_flash_set(c, nclash ? _("Đã lưu sự kiện — có trùng lịch, xem cảnh báo bên dưới.")
                             : _("Đã lưu sự kiện."));
    respond_redirect(c, arena_printf(c->a, "/schedule/events/%lld", (long long)id));
}

static void h_create(ctx *c)
{
    sched_input in;
    web_err e = {0};
    read_form(c, &in, &e);
    sched_clash *cl = NULL;
    int ncl = 0;
    int64_t id = e.n ? -1 : sched_event_create(c, &in, &cl, &ncl, &e);
    if (id < 0) {
        /* The typed values (the day, a conference's link) travel with the kept form. */
        web_after_post(c, "/schedule/new", -1, &e, NULL);
        return;
    }
    saved(c, id, ncl);
}

static void h_update(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    sched_input in;
    web_err e = {0};
    read_form(c, &in, &e);
    sched_clash *cl = NULL;
    int ncl = 0;
    int rc = e.n ? -1 : sched_event_update(c, id, &in, &cl, &ncl, &e);
    if (rc < 0) {
        web_after_post(c, arena_printf(c->a, "/schedule/events/%lld/edit", (long long)id), -1, &e,
                       NULL);
        return;
    }
    saved(c, id, ncl);
}

void sched_form_routes(void)
{
    route_add("GET", "/schedule/new", h_new, 0);
    route_add("POST", "/schedule", h_create, 0);
    route_add("GET", "/schedule/events/{id}/edit", h_edit, 0);
    route_add("POST", "/schedule/events/{id}", h_update, 0);
}
