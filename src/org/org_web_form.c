/* Form pieces of the org pages: fields with their errors beside them and the typed value kept
 * (DESIGN.md "The look of it"), selects of codes and of units, date parsing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "web/layout.h"
#include "org/org_impl.h"
#include "web/params.h"

static void field_open(ctx *c, const org_err *e, const char *name, const char *label,
                       const char **msg_r)
{
    strbuf *b = &c->rs->body;
    const char *msg = e ? org_err_field(e, name) : NULL;
    if (msg)
        html_raw(b, "<div class=\"field has-error\">");
    else
        html_raw(b, "<div class=\"field\">");
    html_printf(b, "<label for=\"f-%s\">%s</label>", name, label);
    *msg_r = msg;
}

static void field_close(ctx *c, const char *msg, const char *hint)
{
    strbuf *b = &c->rs->body;
    if (msg)
        html_printf(b, "<span class=\"error\">%s</span>", msg);
    if (hint)
        html_printf(b, "<span class=\"hint\">%s</span>", hint);
    html_raw(b, "</div>");
}

void org_field(ctx *c, const org_err *e, const char *name, const char *label, const char *type,
               const char *value, int maxlength, bool required, const char *hint)
{
    strbuf *b = &c->rs->body;
    const char *msg;
    field_open(c, e, name, label, &msg);
    html_printf(b, "<input id=\"f-%s\" name=\"%s\" type=\"%s\" value=\"%s\"", name, name, type,
                value ? value : "");
    if (maxlength > 0)
        html_printf(b, " maxlength=\"%d\"", maxlength);
    if (required)
        html_raw(b, " required");
    if (msg)
        html_printf(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", name);
    html_raw(b, ">");
    if (msg) {
        html_printf(b, "<span class=\"error\" id=\"e-%s\">%s</span>", name, msg);
        msg = NULL;
    }
    field_close(c, msg, hint);
}

void org_textarea(ctx *c, const org_err *e, const char *name, const char *label, const char *value,
                  const char *hint)
{
    strbuf *b = &c->rs->body;
    const char *msg;
    field_open(c, e, name, label, &msg);
    html_printf(b, "<textarea id=\"f-%s\" name=\"%s\" rows=\"4\">%s</textarea>", name, name,
                value ? value : "");
    field_close(c, msg, hint);
}

void org_select(ctx *c, const org_err *e, const char *name, const char *label,
                const char *const *codes, const char *const *labels, int n, const char *selected,
                const char *none_label)
{
    strbuf *b = &c->rs->body;
    const char *msg;
    field_open(c, e, name, label, &msg);
    html_printf(b, "<select id=\"f-%s\" name=\"%s\">", name, name);
    if (none_label)
        html_printf(b, "<option value=\"\">%s</option>", none_label);
    for (int i = 0; i < n; i++) {
        bool sel = selected && strcmp(selected, codes[i]) == 0;
        html_printf(b, "<option value=\"%s\"%s>%s</option>", codes[i], sel ? " selected" : "",
                    labels[i]);
    }
    html_raw(b, "</select>");
    field_close(c, msg, NULL);
}

void org_unit_select(ctx *c, const org_err *e, const char *name, const char *label,
                     int64_t selected, const char *none_label, int64_t exclude_subtree)
{
    strbuf *b = &c->rs->body;
    const char *msg;
    field_open(c, e, name, label, &msg);
    html_printf(b, "<select id=\"f-%s\" name=\"%s\">", name, name);
    if (none_label)
        html_printf(b, "<option value=\"\">%s</option>", none_label);
    unit *rows;
    int *depth;
    int n = org_unit_list(c, false, &rows, &depth);
    int skip_below = -1; /* depth of an excluded unit while inside its subtree */
    for (int i = 0; i < n; i++) {
        if (skip_below >= 0 && depth[i] > skip_below)
            continue;
        skip_below = -1;
        if (exclude_subtree && rows[i].id == exclude_subtree) {
            skip_below = depth[i];
            continue;
        }
        html_printf(b, "<option value=\"%lld\"%s>", (long long)rows[i].id,
                    rows[i].id == selected ? " selected" : "");
        for (int k = 0; k < depth[i] && k < 8; k++)
            html_raw(b, "\u2003"); /* an em space per level: the tree shows in the list */
        html_printf(b, "%s</option>", rows[i].name);
    }
    html_raw(b, "</select>");
    field_close(c, msg, NULL);
}

const char *org_form_date(ctx *c, const char *v)
{
    if (!v || !*v)
        return NULL;
    int d, m, y;
    char tail;
    if (sscanf(v, "%d/%d/%d%c", &d, &m, &y, &tail) == 3 && y >= 1000 && y <= 9999)
        return arena_printf(c->a, "%04d-%02d-%02d", y, m, d);
    return v;
}

const char *org_form(ctx *c, const char *name)
{
    const char *v = org_trim(c->a, req_form(c->rq, name));
    return v && *v ? v : NULL;
}

const char *org_date_vn(ctx *c, const char *iso)
{
    if (!iso)
        return "";
    char buf[32];
    clock_date_vn(iso, buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

int64_t org_parse_id(const char *s)
{
    int64_t v = 0;
    return param_int(s, 1, INT64_MAX, &v) == PARAM_OK ? v : 0;
}
