/* Sổ đăng ký văn bản đi (ND 30 Phụ lục IV, DOMAIN.md §2.1): the 10 legal columns, by period,
 * as a printable page (A4 landscape) and as json/csv/xlsx. */
#include <string.h>

#include "web/params.h"
#include "web/respond.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/catalog.h"
#include "catalog/vocab.h"
#include "registers/registers_impl.h"
#include "signing/signing.h"
#include "outgoing/outgoing.h"
#include "outgoing/outgoing.h"
#include "web/layout.h"
#include "http/router.h"

const char *const outreg_headers[OUTREG_COLS] = {
    N_("Số, ký hiệu"),  N_("Ngày tháng"),  N_("Tên loại và trích yếu nội dung"),
    N_("Người ký"),     N_("Nơi nhận"),    N_("Đơn vị, người nhận bản lưu"),
    N_("Số lượng bản"), N_("Ngày chuyển"), N_("Ký nhận"),
    N_("Ghi chú"),
};

/* Issued (and later recalled) documents of the period, in register order. */
static const db_query q_period = {
    "register_out.period",
    "SELECT id FROM outgoing WHERE status IN ('issued', 'recalled') AND issued_date >= ?1 "
    "AND issued_date <= ?2 ORDER BY register_id, issued_date, number, id",
    NULL,
};
static const db_query q_recipients = {
    "register_out.recipients",
    "SELECT name, min(sent_at) OVER () FROM outgoing_recipients WHERE outgoing_id = ?1 "
    "ORDER BY id",
    NULL,
};

static const char *vn(ctx *c, const char *iso)
{
    if (!iso || !*iso)
        return "";
    char buf[16];
    if (strlen(iso) > 10) {
        int64_t t = clock_parse_iso(iso);
        if (t < 0)
            return "";
        clock_vn_date(t, buf, sizeof buf);
    } else {
        clock_date_vn(iso, buf, sizeof buf);
    }
    return arena_strdup(c->a, buf);
}

int register_out_rows(ctx *c, const char *from, const char *to, const char ***cells_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_period);
    int n = 0, cap = 64;
    int64_t *ids = arena_alloc(c->a, sizeof *ids * (size_t)cap);
    if (s) {
        db_bind_text(s, 1, from);
        db_bind_text(s, 2, to);
        while (db_step(s) == DB_ROW) {
            ARENA_GROW(c->a, ids, n, cap);
            ids[n++] = db_col_int(s, 0);
        }
        db_reset(s);
    }
    const char **cells = arena_alloc(c->a, sizeof *cells * (size_t)(n ? n : 1) * OUTREG_COLS);
    int rows = 0;
    for (int i = 0; i < n; i++) {
        const outgoing *o = outgoing_get(c, ids[i]);
        if (!o)
            continue; /* not visible to the caller: no trace, not even an empty row */
        const char **r = &cells[(size_t)rows * OUTREG_COLS];
        strbuf to_list = STRBUF_INIT, note = STRBUF_INIT;
        const char *sent = NULL;
        db_stmt *rs = db_stmt_get(c->db, &q_recipients);
        if (rs) {
            db_bind_int(rs, 1, o->id);
            while (db_step(rs) == DB_ROW) {
                if (to_list.len)
                    sb_adds(&to_list, "; ");           /* not html: cell text */
                sb_adds(&to_list, db_col_text(rs, 0)); /* not html: cell text */
                if (!sent && db_col_text(rs, 1))
                    sent = arena_strdup(c->a, db_col_text(rs, 1));
            }
            db_reset(rs);
        }
        if (o->secrecy > 0)
            sb_printf(&note, "%s. ", secrecy_label(o->secrecy)); /* not html: cell text */
        if (o->urgency > 0)
            sb_printf(&note, "%s. ", urgency_label(o->urgency)); /* not html: cell text */
        if (o->status == OUT_RECALLED)
            sb_printf(&note, _("Đã thu hồi: %s. "),
                      o->recall_reason ? o->recall_reason : ""); /* not html: cell text */
        if (o->replaces_id) {
            const outgoing *old = outgoing_get(c, o->replaces_id);
            sb_printf(&note, _("Thay thế văn bản %s. "),
                      old && old->notation ? old->notation : ""); /* not html: cell text */
        }
        if (o->replaced_by_id) {
            const outgoing *nw = outgoing_get(c, o->replaced_by_id);
            sb_printf(&note, _("Bị thay thế bởi văn bản %s. "), /* not html: cell text */
                      nw && nw->notation ? nw->notation : "");
        }
        const char *sig = signing_register_mark(c, "out", o->id);
        if (*sig) /* the digital signature of its files (DOMAIN.md §3) */
            sb_printf(&note, "%s: %s. ", _("Chữ ký số"), sig); /* not html: cell text */
        r[0] = o->notation;
        r[1] = vn(c, o->issued_date);
        r[2] = arena_printf(c->a, "%s: %s", catalog_doc_type_name(c, o->doc_type), o->subject);
        r[3] = o->signer_name;
        r[4] = arena_strdup(c->a, sb_str(&to_list));
        r[5] = o->file_copy_to;
        r[6] = arena_printf(c->a, "%d", o->copies);
        r[7] = vn(c, sent);
        r[8] = NULL; /* signed by hand on the printed book */
        r[9] = note.len ? arena_strndup(c->a, note.buf, note.len - 1) : NULL;
        sb_free(&to_list);
        sb_free(&note);
        rows++;
    }
    *cells_r = cells;
    return rows;
}

static const char *const *headers(ctx *c)
{
    const char **h = arena_alloc(c->a, sizeof *h * OUTREG_COLS);
    for (int i = 0; i < OUTREG_COLS; i++)
        h[i] = _(outreg_headers[i]);
    return h;
}

static void send_export(ctx *c, const char *format)
{
    const char *from, *to;
    if (!query_period(c, NULL, &from, &to))
        return;
    if (!export_format_ok(format)) {
        respond_error(c, 400, "invalid_parameter",
                      _("«format» không hợp lệ; chỉ nhận một trong (json, csv, xlsx)."));
        return;
    }
    const char **cells;
    int n = register_out_rows(c, from, to, &cells);
    char vf[16], vt[16];
    clock_date_vn(from, vf, sizeof vf);
    clock_date_vn(to, vt, sizeof vt);
    const char *title = arena_printf(c->a, _("SỔ ĐĂNG KÝ VĂN BẢN ĐI (từ %s đến %s)"), vf, vt);
    export_table(c, format, arena_printf(c->a, "so-van-ban-di-%s-%s", from, to), title, OUTREG_COLS,
                 headers(c), n, (const char *const *)cells);
}

static void h_api(ctx *c)
{
    static const char *const params[] = {"from", "to", "format", NULL};
    if (!params_check(c, params))
        return;
    const char *f = req_query(c->rq, "format");
    send_export(c, f && *f ? f : "json");
}

static void h_page(ctx *c)
{
    const char *f = req_query(c->rq, "format");
    if (f && *f && strcmp(f, "html") != 0) {
        send_export(c, f);
        return;
    }
    const char *from, *to;
    if (!query_period(c, NULL, &from, &to))
        return;
    const char **cells;
    int n = register_out_rows(c, from, to, &cells);
    page_begin(c, _("Sổ đăng ký văn bản đi"), "outgoing");
    strbuf *b = &c->rs->body;
    html_printf(b,
                "<form method=\"get\" action=\"/registers/outgoing\" class=\"table-tools "
                "no-print\"><label>%s <input type=\"date\" name=\"from\" value=\"%s\"></label> "
                "<label>%s <input type=\"date\" name=\"to\" value=\"%s\"></label> "
                "<button>%s</button> ",
                _("Từ ngày"), from, _("Đến ngày"), to, _("Xem"));
    html_printf(b,
                "<a href=\"/registers/outgoing?from=%s&amp;to=%s&amp;format=xlsx\">Excel</a> · "
                "<a href=\"/registers/outgoing?from=%s&amp;to=%s&amp;format=csv\">CSV</a> · "
                "<button type=\"button\" class=\"secondary\" data-print>%s</button></form>",
                from, to, from, to, _("In sổ (A4 ngang)"));
    char vf[16], vt[16];
    clock_date_vn(from, vf, sizeof vf);
    clock_date_vn(to, vt, sizeof vt);
    html_printf(b,
                "<div class=\"table-wrap landscape register\"><p class=\"print-title\">%s "
                "(%s – %s)</p><table id=\"register-outgoing\"><thead><tr>",
                _("SỔ ĐĂNG KÝ VĂN BẢN ĐI"), vf, vt);
    for (int i = 0; i < OUTREG_COLS; i++)
        html_printf(b, "<th>%s</th>", _(outreg_headers[i]));
    html_raw(b, "</tr></thead><tbody>");
    for (int r = 0; r < n; r++) {
        html_raw(b, "<tr>");
        for (int col = 0; col < OUTREG_COLS; col++) {
            const char *v = cells[(size_t)r * OUTREG_COLS + (size_t)col];
            html_printf(b, "<td class=\"%s\">%s</td>", col == 1 || col == 7 ? "date" : "",
                        v ? v : "");
        }
        html_raw(b, "</tr>");
    }
    if (n == 0)
        html_printf(b, "<tr><td colspan=\"10\" class=\"empty\">%s</td></tr>",
                    _("Không có văn bản đi trong khoảng thời gian này."));
    html_raw(b, "</tbody></table></div>");
    page_end(c);
}

void register_out_routes(void)
{
    route_add("GET", "/registers/outgoing", h_page, 0);
    route_add("GET", "/api/v1/registers/outgoing", h_api, ROUTE_API);
}
