/* The format check of a draft (thể thức, 36-HD/VPTW): what breaks the layout rules, each
 * finding naming the field it is about, in Vietnamese. Errors refuse the submission to a
 * leader (the "outgoing" submit guard registered in docgen_init); warnings only inform. */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "docgen/docgen.h"
#include "docgen/docgen_impl.h"

#define CV_SUMMARY_MAX 250 /* bytes: a công văn summary is one or two lines of 12 pt */

static const db_query q_dup = {
    "docgen.check_dup",
    "SELECT count(*) FROM outgoing WHERE register_id = ?1 AND notation = ?2"
    " AND seq_period IS ?3 AND id <> ?4",
    NULL};

typedef struct findings {
    arena *a;
    docgen_issue *v;
    int n, cap;
} findings;

static void add(findings *f, const char *field, bool error, const char *msg)
{
    ARENA_GROW(f->a, f->v, f->n, f->cap);
    f->v[f->n++] = (docgen_issue){.field = field, .message = msg, .error = error};
}

static const char *lower(arena *a, const char *s)
{
    gchar *l = g_utf8_strdown(s ? s : "", -1);
    const char *r = arena_strdup(a, l);
    g_free(l);
    return r;
}

static bool starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

int docgen_check(db *d, arena *a, int64_t id, docgen_issue **issues_r)
{
    dg_model m;
    dg_layout l;
    if (dg_load(d, a, id, &m, &l) != 0)
        return -1;
    findings f = {.a = a, .cap = 8};
    f.v = arena_alloc(a, (size_t)f.cap * sizeof *f.v);
    const char *subj = lower(a, m.subject);
    const char *tname = lower(a, m.type_name);

    if (!*m.subject)
        add(&f, "subject", true, _("Trích yếu: chưa có trích yếu nội dung."));
    else if (*tname && starts(subj, tname))
        add(&f, "subject", true,
            arena_printf(a, _("Trích yếu: không nhắc lại tên loại «%s» ở đầu trích yếu."),
                         m.type_name));
    if (m.is_cong_van) {
        if (starts(subj, "v/v") || starts(subj, "về việc"))
            add(&f, "subject", false,
                _("Trích yếu: công văn tự in «V/v» trước trích yếu, không gõ lại «V/v»/«Về "
                  "việc»."));
        if (strlen(m.subject) > CV_SUMMARY_MAX)
            add(&f, "subject", false,
                _("Trích yếu: trích yếu công văn nên ngắn gọn (một đến hai dòng)."));
    } else if (starts(subj, "v/v")) {
        add(&f, "subject", true,
            arena_printf(a,
                         _("Trích yếu: chỉ công văn mới có trích yếu dạng «V/v …»; %s cần "
                           "trích yếu sau tên loại."),
                         m.type_name));
    }
    if (m.body_empty)
        add(&f, "body", true, _("Nội dung: văn bản chưa có nội dung."));
    if (m.n_recipients == 0)
        add(&f, "recipients", true, _("Nơi nhận: chưa có nơi nhận nào."));
    if (!m.has_signer)
        add(&f, "signer_id", false,
            _("Người ký: chưa chọn người ký, khối chữ ký sẽ để trống họ tên."));
    const char *place = l.el[DG_PLACE].text;
    if (!place || !*place)
        add(&f, "date", true,
            _("Ngày tháng: dòng địa danh, ngày tháng còn thiếu địa danh (Thể thức văn bản)."));
    if (m.issued) {
        int y, mo, dd;
        if (clock_parse_date(m.date, &y, &mo, &dd) != 0 ||
            !docgen_date_line(d, a, place ? place : "", m.date))
            add(&f, "date", true, _("Ngày tháng: ngày ban hành không đúng dạng."));
        db_stmt *s = db_stmt_get(d, &q_dup);
        if (s) {
            db_bind_int(s, 1, m.register_id);
            db_bind_text(s, 2, m.notation);
            db_bind_text(s, 3, m.seq_period);
            db_bind_int(s, 4, id);
            if (db_step(s) == DB_ROW && db_col_int(s, 0) > 0)
                add(&f, "number", true,
                    arena_printf(a, _("Số, ký hiệu: số %s đã dùng cho văn bản khác trong sổ."),
                                 m.notation));
            db_reset(s);
        }
    }
    /* A text that calls itself secret without the mark: the mark is what protects it. */
    const char *body_l = NULL;
    for (int i = 0; i < m.n_paras && !body_l; i++) {
        const char *p = lower(a, m.paras[i]);
        if (strstr(p, "bí mật nhà nước") || strstr(p, "tài liệu mật") || strstr(p, "(mật)"))
            body_l = p;
    }
    if (m.secrecy_level == 0 && (body_l || strstr(subj, "bí mật nhà nước")))
        add(&f, "secrecy", true,
            _("Độ mật: nội dung nói là tài liệu mật nhưng văn bản chưa có dấu độ mật."));
    *issues_r = f.v;
    return f.n;
}

const char *docgen_check_blocking(db *d, arena *a, int64_t id)
{
    docgen_issue *v;
    int n = docgen_check(d, a, id, &v);
    strbuf b = STRBUF_INIT;
    for (int i = 0; i < n; i++) {
        if (!v[i].error)
            continue;
        sb_adds(&b, b.len ? " " : _("Dự thảo chưa đúng thể thức: "));
        sb_adds(&b, v[i].message);
    }
    const char *r = b.len ? arena_strdup(a, b.buf) : NULL;
    sb_free(&b);
    return r;
}
