/* The reporting regime's source "conferences" (reporting.h "sources of figures"): a unit's
 * study-results report of a conference (conference_study_reports) as the figures of its
 * study-results report type. Which figure fills which indicator is the type's data
 * ("conferences:members_total"); here only what each figure means:
 *   members_total, members_attended, pct (two decimals), mass_attendance, essays — as the unit
 *   reported them for the chosen conference;
 *   action_plan — 1 when the unit named its action plan (an incoming or outgoing document);
 *   conferences — the conferences starting in the report's data window for which the unit
 *   sent a study report. */
#include <math.h>
#include <string.h>

#include "base/i18n.h"
#include "conferences/conf_impl.h"
#include "reporting/reporting.h"
#include "web/dates.h"

#define CONF_SOURCE_MAX 50 /* conferences offered in the picker */

/* The conferences a unit sent a study report for, newest first. */
static const db_query q_reported = {
    "conf_source.reported",
    "SELECT k.id, k.title, k.starts_at FROM conference_study_reports s JOIN conferences k ON "
    "k.id = s.conference_id WHERE s.unit_id = ?1 ORDER BY k.starts_at DESC, k.id DESC LIMIT ?2",
    NULL};

/* The picker's rows; *in_window_r (may be NULL) counts those starting in [from, to]. */
static int collect(ctx *c, int64_t unit_id, const char *from, const char *to,
                   rep_source_ref **rows_r, int *in_window_r)
{
    rep_source_ref *v = arena_alloc(c->a, CONF_SOURCE_MAX * sizeof *v);
    *rows_r = v;
    db_stmt *s = db_stmt_get(c->db, &q_reported);
    if (!s)
        return 0;
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, CONF_SOURCE_MAX);
    int n = 0;
    /* Collected first: conf_get below runs statements of its own. */
    int64_t ids[CONF_SOURCE_MAX];
    while (n < CONF_SOURCE_MAX && db_step(s) == DB_ROW)
        ids[n++] = db_col_int(s, 0);
    db_reset(s);
    int kept = 0, in_window = 0;
    bool picked = false;
    for (int i = 0; i < n; i++) {
        const conference *k = conf_get(c, ids[i]); /* only what the caller may see */
        if (!k)
            continue;
        const char *day = conf_date_of(c, k->starts_at);
        bool in = strcmp(day, from) >= 0 && strcmp(day, to) <= 0;
        v[kept++] =
            (rep_source_ref){.id = k->id,
                             .label = arena_printf(c->a, "%s (%s)", k->title, web_date_vn(c, day)),
                             .in_period = in && !picked};
        picked = picked || in;
        in_window += in;
    }
    if (in_window_r)
        *in_window_r = in_window;
    return kept;
}

static int source_refs(ctx *c, int64_t unit_id, const char *from, const char *to,
                       rep_source_ref **rows_r)
{
    return collect(c, unit_id, from, to, rows_r, NULL);
}

static int source_fill(ctx *c, int64_t unit_id, const char *from, const char *to, int64_t ref,
                       json_t *out, web_err *e)
{
    rep_source_ref *refs;
    int in_window = 0;
    int n = collect(c, unit_id, from, to, &refs, &in_window);
    if (ref == 0)
        for (int i = 0; i < n && !ref; i++)
            if (refs[i].in_period)
                ref = refs[i].id;
    if (ref == 0)
        return conf_refuse(e, 422, "ref",
                           _("Trong kỳ báo cáo không có hội nghị nào đơn vị đã gửi báo cáo học "
                             "tập; hãy chọn hội nghị."));
    if (!conf_get(c, ref))
        return conf_refuse(e, 404, "ref", _(CONF_MSG_NOT_FOUND));
    conf_report_row *rows;
    int nr = conf_study_reports(c, ref, &rows);
    for (int i = 0; i < nr; i++) {
        if (rows[i].unit_id != unit_id)
            continue;
        json_object_set_new(out, "members_total", json_integer(rows[i].members_total));
        json_object_set_new(out, "members_attended", json_integer(rows[i].members_attended));
        json_object_set_new(out, "pct", json_real(round(rows[i].pct * 100) / 100));
        json_object_set_new(out, "mass_attendance", json_integer(rows[i].mass_attendance));
        json_object_set_new(out, "essays", json_integer(rows[i].essays));
        json_object_set_new(out, "action_plan", json_integer(rows[i].action_plan_kind ? 1 : 0));
        json_object_set_new(out, "conferences", json_integer(in_window));
        return 0;
    }
    return conf_refuse(e, 422, "ref", _("Đơn vị chưa gửi báo cáo học tập của hội nghị này."));
}

static const rep_source conf_report_source = {
    "conferences", N_("Lấy số liệu từ báo cáo học tập của hội nghị"), source_fill, source_refs};

void conf_source_register(void)
{
    reporting_source_register(&conf_report_source);
}
