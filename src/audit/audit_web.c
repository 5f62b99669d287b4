/* The audit trail page (/admin/audit, admins only): a filter form, then the changes newest
 * first, each with what changed between its before and after state — or, for a record the
 * viewer may not see (a secret document), only that it changed (audit_register_entity). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/pager.h"
#include "web/respond.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "web/layout.h"
#include "http/router.h"

static void filter_input(ctx *c, const char *name, const char *label, const char *type,
                         const char *value)
{
    html_printf(&c->rs->body,
                "<div class=\"field\"><label for=\"f-%s\">%s</label><input id=\"f-%s\" name=\"%s\" "
                "type=\"%s\" value=\"%s\"></div>",
                name, label, name, name, type, value ? value : "");
}

/* A drop-down of the known codes (code_at walks them), each by its Vietnamese label; a code
 * in the address that the table lacks is kept as its own option. */
static void filter_select(ctx *c, const char *name, const char *title, const char *(*code_at)(int),
                          const char *(*label_of)(const char *), const char *current)
{
    strbuf *b = &c->rs->body;
    bool found = false;
    html_printf(b,
                "<div class=\"field\"><label for=\"f-%s\">%s</label><select id=\"f-%s\" "
                "name=\"%s\"><option value=\"\">%s</option>",
                name, title, name, name, _("Tất cả"));
    for (int i = 0; code_at(i); i++) {
        bool here = current && strcmp(current, code_at(i)) == 0;
        found |= here;
        html_printf(b, "<option value=\"%s\"%s>%s</option>", code_at(i), here ? " selected" : "",
                    label_of(code_at(i)));
    }
    if (current && *current && !found)
        html_printf(b, "<option value=\"%s\" selected>%s</option>", current, label_of(current));
    html_raw(b, "</select></div>");
}

/* The record a row is about: its kind in words, and a link to it where it has a page. */
static void entity_write(ctx *c, const audit_row *r)
{
    strbuf *b = &c->rs->body;
    html_printf(b, "%s", audit_entity_label(r->entity));
    if (r->entity_id <= 0)
        return;
    static const struct {
        const char *entity, *path;
    } pages[] = {{"incoming", "/incoming/"},
                 {"outgoing", "/outgoing/"},
                 {"dossier", "/dossiers/"},
                 {"unit", "/org/units/"},
                 {"staff", "/org/staff/"}};
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
        if (strcmp(r->entity, pages[i].entity) == 0) {
            html_printf(b, " <a href=\"%s%lld\">%s</a>", pages[i].path, (long long)r->entity_id,
                        _("(mở)"));
            return;
        }
}

/* A JSON value as short display text (strings without quotes). Caller frees. */
static char *show(json_t *v)
{
    if (!v)
        return strdup("");
    if (json_is_string(v))
        return strdup(json_string_value(v));
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    return s ? s : strdup("");
}

/* The change as a table of fields: for two objects, the keys whose values differ; otherwise
 * the raw before/after texts. */
static void diff_write(ctx *c, const char *before, const char *after)
{
    strbuf *b = &c->rs->body;
    json_t *jb = before ? json_loads(before, 0, NULL) : NULL;
    json_t *ja = after ? json_loads(after, 0, NULL) : NULL;
    if ((jb && !json_is_object(jb)) || (ja && !json_is_object(ja)) || (before && !jb) ||
        (after && !ja)) {
        html_printf(b, "<div class=\"diff\"><code>%s</code> → <code>%s</code></div>",
                    before ? before : "", after ? after : "");
        goto done;
    }
    if (!jb && !ja)
        goto done;
    html_raw(b, "<table class=\"diff\"><tbody>");
    const char *key;
    json_t *v;
    json_t *keys = json_object();
    if (jb)
        json_object_foreach(jb, key, v) json_object_set(keys, key, json_true());
    if (ja)
        json_object_foreach(ja, key, v) json_object_set(keys, key, json_true());
    json_object_foreach(keys, key, v)
    {
        json_t *x = jb ? json_object_get(jb, key) : NULL, *y = ja ? json_object_get(ja, key) : NULL;
        if (x && y && json_equal(x, y))
            continue;
        char *sx = show(x), *sy = show(y);
        html_printf(b,
                    "<tr><th title=\"%s\">%s</th><td class=\"before\">%s</td><td "
                    "class=\"after\">%s</td></tr>",
                    key, audit_field_label(key), sx, sy);
        free(sx);
        free(sy);
    }
    json_decref(keys);
    html_raw(b, "</tbody></table>");
done:
    json_decref(jb);
    json_decref(ja);
}

static void audit_get(ctx *c)
{
    const char *entity_id = req_query(c->rq, "entity_id");
    const char *offset = req_query(c->rq, "offset");
    audit_filter f = {
        .actor = req_query(c->rq, "actor"),
        .action = req_query(c->rq, "action"),
        .entity = req_query(c->rq, "entity"),
        .entity_id = entity_id ? strtoll(entity_id, NULL, 10) : 0,
        .from = req_query(c->rq, "from"),
        .to = req_query(c->rq, "to"),
        .limit = AUDIT_PAGE,
        .offset = offset ? atoi(offset) : 0,
    };
    audit_row *rows;
    int64_t total;
    int status;
    int n = audit_list(c->db, c->a, c->user, &f, &rows, &total, &status);
    if (n < 0 && status == 403) {
        respond_forbidden(c);
        return;
    }
    page_begin(c, _("Nhật ký thay đổi"), "audit");
    strbuf *b = &c->rs->body;
    html_raw(b, "<form class=\"form filters no-print\" method=\"get\" action=\"/admin/audit\">");
    filter_input(c, "actor", _("Người thực hiện"), "text", f.actor);
    filter_select(c, "action", _("Hành động"), audit_action_code, audit_action_label, f.action);
    filter_select(c, "entity", _("Đối tượng"), audit_entity_code, audit_entity_label, f.entity);
    filter_input(c, "entity_id", _("Mã đối tượng"), "number", entity_id);
    filter_input(c, "from", _("Từ ngày"), "date", f.from);
    filter_input(c, "to", _("Đến ngày"), "date", f.to);
    html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                _("Lọc"));
    if (n < 0) {
        page_alert(c, "error",
                   status == 400 ? _("Ngày không hợp lệ.")
                                 : _("Không đọc được dữ liệu. Hãy thử lại."));
        page_end(c);
        return;
    }
    html_printf(b, "<p>%s: %lld</p>", _("Số bản ghi"), (long long)total);
    html_printf(b,
                "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Thời gian"), _("Hành động"), _("Người thực hiện"), _("Đối tượng"),
                _("Thay đổi"));
    for (int i = 0; i < n; i++) {
        char when[24];
        int64_t t = clock_parse_iso(rows[i].at);
        if (t >= 0)
            clock_vn_datetime(t, when, sizeof when);
        else
            snprintf(when, sizeof when, "%s", rows[i].at ? rows[i].at : "");
        html_printf(b,
                    "<tr><td class=\"date\">%s</td><td class=\"action\" title=\"%s\">%s</td>"
                    "<td>%s%s%s</td><td>",
                    when, rows[i].action, audit_action_label(rows[i].action),
                    rows[i].actor_login ? rows[i].actor_login : _("Hệ thống (dòng lệnh)"),
                    rows[i].ip ? " · " : "", rows[i].ip ? rows[i].ip : "");
        entity_write(c, &rows[i]);
        html_raw(b, "</td><td>");
        if (rows[i].redacted)
            html_printf(b, "<span class=\"redacted\">%s</span>", _("(nội dung mật — đã ẩn)"));
        else
            diff_write(c, rows[i].before_json, rows[i].after_json);
        html_raw(b, "</td></tr>");
    }
    if (n == 0)
        html_printf(b, "<tr><td colspan=\"5\">%s</td></tr>", _("Không có bản ghi nào."));
    html_raw(b, "</tbody></table></div>");
    static const char *const keep[] = {"actor", "action", "entity", "entity_id",
                                       "from",  "to",     NULL};
    int off = f.offset < 0 ? 0 : f.offset;
    page_pager(c, &(pager){.path = "/admin/audit",
                           .keep = keep,
                           .param = "offset",
                           .per_page = AUDIT_PAGE,
                           .page = off / AUDIT_PAGE + 1,
                           .pages = (total + AUDIT_PAGE - 1) / AUDIT_PAGE,
                           .more = off + n < total});
    page_end(c);
}

void audit_web_routes(void)
{
    route_add("GET", "/admin/audit", audit_get, 0);
}
