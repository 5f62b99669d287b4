/* Saved filters on the pages and in the API (filters.h): the bar above a list, POST /filters and
 * POST /filters/{id}/delete (back to the list, 303), GET/POST /api/v1/filters and
 * POST /api/v1/filters/{id}/delete. Validation, ownership and audit are the service's. */
#include <string.h>

#include "filters/filters.h"
#include "base/i18n.h"
#include "http/router.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

/* The request's query parameters but the page number, URL-encoded: the filter being shown. */
static const char *current_query(ctx *c)
{
    strbuf q = STRBUF_INIT;
    const kvlist *l = &c->rq->query;
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->v[i].name, "page") == 0 || !l->v[i].value || !*l->v[i].value)
            continue;
        if (q.len)
            sb_addc(&q, '&');
        url_encode(&q, l->v[i].name);
        sb_addc(&q, '=');
        url_encode(&q, l->v[i].value);
    }
    const char *r = arena_strdup(c->a, sb_str(&q));
    sb_free(&q);
    return r;
}

static const char *list_path(const char *list)
{
    return list && strcmp(list, "outgoing") == 0 ? "/outgoing" : "/incoming";
}

void filters_bar_html(ctx *c, const char *list, const char *path)
{
    saved_filter *rows;
    int n = filters_list(c, list, &rows);
    const char *query = current_query(c);
    if (n <= 0 && !*query)
        return;
    strbuf *b = &c->rs->body;
    html_printf(b, "<div class=\"saved-filters no-print\" id=\"saved-filters\"><span>%s</span> ",
                _("Bộ lọc đã lưu:"));
    for (int i = 0; i < n; i++) {
        html_printf(b, "<span class=\"saved-filter\"><a href=\"%s?%s\">%s</a>", path, rows[i].query,
                    rows[i].name);
        html_printf(b, "<form method=\"post\" action=\"/filters/%lld/delete\" class=\"inline\">",
                    (long long)rows[i].id);
        form_csrf(c);
        html_printf(b,
                    "<button type=\"submit\" class=\"link\" title=\"%s\" aria-label=\"%s %s\">"
                    "×</button></form></span> ",
                    _("Xóa bộ lọc"), _("Xóa bộ lọc"), rows[i].name);
    }
    if (*query) {
        html_printf(b,
                    "<form method=\"post\" action=\"/filters\" class=\"inline\" id=\"save-filter\">"
                    "<input type=\"hidden\" name=\"list\" value=\"%s\"><input type=\"hidden\" "
                    "name=\"query\" value=\"%s\">",
                    list, query);
        form_csrf(c);
        html_printf(b,
                    "<input name=\"name\" maxlength=\"%d\" required placeholder=\"%s\" "
                    "aria-label=\"%s\"> <button type=\"submit\" class=\"secondary\">%s</button>"
                    "</form>",
                    FILTER_MAX_NAME, _("Tên bộ lọc"), _("Tên bộ lọc"), _("Lưu bộ lọc này"));
    }
    html_raw(b, "</div>");
}

static json_t *filter_json(const saved_filter *f)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)f->id, "list", f->list, "name",
                     f->name, "query", f->query, "created_at", f->created_at ? f->created_at : "");
}

static void h_api_list(ctx *c)
{
    static const char *const params[] = {"list", NULL};
    if (!params_check(c, params))
        return;
    saved_filter *rows;
    int n = filters_list(c, req_query(c->rq, "list"), &rows);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *j = filter_json(&rows[i]);
        json_object_set_new(
            j, "url",
            json_string(arena_printf(c->a, "%s?%s", list_path(rows[i].list), rows[i].query)));
        json_array_append_new(arr, j);
    }
    respond_json(c, 200, json_pack("{s:o}", "items", arr));
}

static void h_save(ctx *c)
{
    web_err e = {0};
    const char *list = NULL, *name = NULL, *query = NULL;
    if (c->is_api) {
        static const char *const members[] = {"list", "name", "query", NULL};
        json_t *j = params_json(c, members);
        if (!j)
            return;
        json_member_text(c, j, "list", &list, &e);
        json_member_text(c, j, "name", &name, &e);
        json_member_text(c, j, "query", &query, &e);
        if (e.n) {
            web_err_respond(c, &e);
            return;
        }
    } else {
        list = req_form(c->rq, "list");
        name = req_form(c->rq, "name");
        query = req_form(c->rq, "query");
    }
    int64_t id = filters_save(c, list, name, query, &e);
    if (c->is_api) {
        if (id < 0)
            web_err_respond(c, &e);
        else
            respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
        return;
    }
    /* Back to the list, filtered as it was; a refusal shows there in red. */
    const char *back = list_path(list);
    if (query && *query && id < 0)
        back = arena_printf(c->a, "%s?%s", back, *query == '?' ? query + 1 : query);
    web_after_post(c, back, id < 0 ? -1 : 0, &e, _("Đã lưu bộ lọc."));
}

static void h_delete(ctx *c)
{
    if (c->is_api && !params_json_optional(c, NULL))
        return;
    web_err e;
    int64_t id = req_param_id(c->rq, "id");
    /* The list to go back to, read before the row goes. */
    const char *back = "/incoming";
    saved_filter *rows;
    int n = filters_list(c, NULL, &rows);
    for (int i = 0; i < n; i++)
        if (rows[i].id == id)
            back = list_path(rows[i].list);
    int rc = filters_delete(c, id, &e);
    if (c->is_api) {
        if (rc != 0)
            web_err_respond(c, &e);
        else
            respond_json(c, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
        return;
    }
    web_after_post(c, back, rc, &e, _("Đã xóa bộ lọc."));
}

void filters_routes(void)
{
    route_add("POST", "/filters", h_save, 0);
    route_add("POST", "/filters/{id}/delete", h_delete, 0);
    route_add("GET", "/api/v1/filters", h_api_list, ROUTE_API);
    route_add("POST", "/api/v1/filters", h_save, ROUTE_API);
    route_add("POST", "/api/v1/filters/{id}/delete", h_delete, ROUTE_API);
}
