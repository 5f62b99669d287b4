/* The registry of sources of figures (reporting.h "sources of figures") and the prefill of a
 * report from one. A source is another module's function, registered from its X_init: the
 * reporting regime sits on the same floor as petitions and conferences and must not include
 * them (src/LAYERS), and which of a source's codes fills which indicator is the form's data
 * (rep_indicator.source) so an administrator can remap it without a build. */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "base/i18n.h"
#include "reporting/reporting_impl.h"

static const rep_source *registry[REP_MAX_SOURCES];
static int n_registry;

void reporting_source_register(const rep_source *s)
{
    for (int i = 0; i < n_registry; i++)
        if (strcmp(registry[i]->name, s->name) == 0) {
            registry[i] = s;
            return;
        }
    if (n_registry < REP_MAX_SOURCES)
        registry[n_registry++] = s;
}

const rep_source *reporting_source_find(const char *name)
{
    for (int i = 0; name && i < n_registry; i++)
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    return NULL;
}

bool rep_source_ref_ok(const char *s)
{
    const char *colon = s ? strchr(s, ':') : NULL;
    if (!colon || colon == s || colon - s > 40 || !colon[1] || strlen(colon + 1) > 60)
        return false;
    for (const char *p = s; p < colon; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
            return false;
    for (const char *p = colon + 1; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_'))
            return false;
    return true;
}

/* Whether an indicator's source names `name` (the part before ':'); its code after it. */
static const char *source_code(const rep_indicator *d, const char *name)
{
    if (!d->source || d->section)
        return NULL;
    size_t n = strlen(name);
    return strncmp(d->source, name, n) == 0 && d->source[n] == ':' ? d->source + n + 1 : NULL;
}

int rep_form_sources(ctx *c, const rep_form *f, const rep_source ***rows_r)
{
    const rep_source **rows = arena_alloc(c->a, (REP_MAX_SOURCES + 1) * sizeof *rows);
    int n = 0;
    for (int i = 0; i < n_registry; i++)
        for (int k = 0; k < f->n_ind; k++)
            if (source_code(&f->ind[k], registry[i]->name)) {
                rows[n++] = registry[i];
                break;
            }
    *rows_r = rows;
    return n;
}

static json_t *as_indicator(const rep_indicator *d, json_t *x)
{
    double v = json_number_value(x);
    if (d->type == IND_BOOL)
        return json_boolean(v != 0);
    if (d->type == IND_INTEGER)
        return json_integer((json_int_t)llround(v));
    if (d->type == IND_DECIMAL || d->type == IND_PERCENT)
        return json_real(round(v * 100) / 100); /* two decimals, as the reader writes them */
    return NULL;                                /* text and choice take no figure */
}

int rep_prefill(ctx *c, const rep_instance *r, const char *source, int64_t ref, json_t **values_r,
                json_t **filled_r, web_err *e)
{
    *e = (web_err){0};
    *values_r = *filled_r = NULL;
    if (!rep_may_submit(c, r)) {
        web_err_add(e, 403, "forbidden", NULL, _("Chỉ đơn vị báo cáo mới lấy được số liệu."));
        return -1;
    }
    if (strcmp(r->status, "open") != 0 && strcmp(r->status, "returned") != 0) {
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Báo cáo đã nộp; chỉ lấy số liệu khi báo cáo chưa nộp hoặc bị trả lại."));
        return -1;
    }
    const rep_form *f = rep_form_for(c, r->type_id, NULL, r->form_id);
    if (!f) {
        web_err_add(e, 500, "internal", NULL, _("Không đọc được biểu mẫu của báo cáo."));
        return -1;
    }
    const rep_source *s = reporting_source_find(source);
    bool named = false;
    for (int i = 0; s && i < f->n_ind && !named; i++)
        named = source_code(&f->ind[i], s->name) != NULL;
    if (!named) {
        web_err_add(e, 422, "invalid_input", "source",
                    _("Biểu mẫu của báo cáo này không lấy số liệu từ nguồn đó."));
        return -1;
    }
    json_t *figures = json_object();
    if (s->fill(c, r->unit_id, r->data_from, r->cutoff, ref, figures, e) != 0) {
        json_decref(figures);
        return -1;
    }
    json_t *vals = rep_values_json(c, r, f), *filled = json_array();
    for (int i = 0; i < f->n_ind; i++) {
        const char *code = source_code(&f->ind[i], s->name);
        json_t *x = code ? json_object_get(figures, code) : NULL;
        json_t *v = json_is_number(x) ? as_indicator(&f->ind[i], x) : NULL;
        if (!v)
            continue;
        json_object_set_new(vals, f->ind[i].code, v);
        json_array_append_new(filled, json_string(f->ind[i].code));
    }
    json_decref(figures);
    *values_r = vals;
    *filled_r = filled;
    return 0;
}
