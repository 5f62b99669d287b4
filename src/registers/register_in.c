/* Sổ đăng ký văn bản đến (10 columns) and sổ theo dõi giải quyết văn bản đến (7 columns),
 * ND 30 Phụ lục IV, DOMAIN.md §2.2: rows of a receiving unit for an arrival period, printable
 * on A4 landscape and exported as json/csv/xlsx. Secret records the caller may not see are
 * left out entirely (the visibility rule of incoming.h applies to every row). */
#include <stdlib.h>
#include <string.h>

#include "web/dates.h"
#include "web/params.h"
#include "web/respond.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "registers/registers_impl.h"
#include "signing/signing.h"
#include "incoming/incoming.h"
#include "web/layout.h"
#include "http/router.h"
#include "org/org.h"

const char *const incoming_register_headers[10] = {
    N_("Ngày đến"),
    N_("Số đến"),
    N_("Tác giả"),
    N_("Số, ký hiệu"),
    N_("Ngày tháng VB"),
    N_("Tên loại & trích yếu"),
    N_("Đơn vị hoặc người nhận"),
    N_("Ngày chuyển"),
    N_("Ký nhận"),
    N_("Ghi chú"),
};
const char *const followup_headers[7] = {
    N_("Số đến"),
    N_("Tên loại, số, ký hiệu, ngày, cơ quan ban hành"),
    N_("Đơn vị/người nhận"),
    N_("Thời hạn giải quyết"),
    N_("Tiến độ giải quyết"),
    N_("Số ký hiệu văn bản trả lời"),
    N_("Ghi chú"),
};

/* ?5 unit, ?6..?7 arrival period; ?8 1 = follow-up book (routed documents only). */
static const db_query q_rows = {
    "register_in.rows",
    "SELECT i.arrival_date, i.arrival_number, i.issuer_name, i.code, i.issued_date,"
    " COALESCE(dt.name, i.doc_type), i.subject,"
    " (SELECT group_concat(COALESCE(u.name, n.name), '; ') FROM incoming_assignments a"
    " LEFT JOIN users u ON u.id = a.to_user_id LEFT JOIN units n ON n.id = a.to_unit_id"
    " WHERE a.incoming_id = i.id AND a.status <> 'cancelled'),"
    " i.routed_at, i.notes, i.secrecy, i.urgency, i.status, i.duplicate_reason, i.deadline,"
    " i.done_at, i.progress, i.reply_code, i.channel, i.id"
    " FROM incoming i LEFT JOIN doc_types dt ON dt.code = i.doc_type"
    " WHERE i.unit_id = ?5 AND i.arrival_date >= ?6 AND i.arrival_date <= ?7"
    " AND (?8 = 0 OR i.routed_at IS NOT NULL) AND " IN_VISIBLE_SQL
    " ORDER BY i.year, i.arrival_number",
    NULL,
};

/* "2026-03-01T02:00:00Z" (UTC) → "01/03/2026" in Vietnam time; "" for NULL. */
static const char *vn_day(ctx *c, const char *iso)
{
    if (!iso || !*iso)
        return "";
    int64_t t = clock_parse_iso(iso);
    if (t < 0)
        return "";
    char buf[16];
    clock_vn_date(t, buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

static const char *note_of(ctx *c, db_stmt *s, int notes_col)
{
    strbuf sb = STRBUF_INIT; /* plain text for a table cell, escaped where it is shown */
    int secrecy = (int)db_col_int(s, 10), urgency = (int)db_col_int(s, 11);
    const char *status = db_col_text(s, 12), *dup = db_col_text(s, 13);
    const char *notes = db_col_text(s, notes_col);
    if (secrecy > 0)
        sb_adds(&sb, secrecy_label((enum secrecy)secrecy)); /* not html: cell text */
    if (urgency > 0) {
        if (sb.len)
            sb_adds(&sb, "; ");                             /* not html: cell text */
        sb_adds(&sb, urgency_label((enum urgency)urgency)); /* not html: cell text */
    }
    if (status && strcmp(status, "recalled") == 0) {
        if (sb.len)
            sb_adds(&sb, "; ");           /* not html: cell text */
        sb_adds(&sb, _("Đã bị thu hồi")); /* not html: cell text */
    }
    if (dup) {
        if (sb.len)
            sb_adds(&sb, "; ");            /* not html: cell text */
        sb_adds(&sb, _("Vào sổ trùng: ")); /* not html: cell text */
        sb_adds(&sb, dup);                 /* not html: cell text */
    }
    if (notes && *notes) {
        if (sb.len)
            sb_adds(&sb, "; "); /* not html: cell text */
        sb_adds(&sb, notes);    /* not html: cell text */
    }
    const char *out = arena_strdup(c->a, sb_str(&sb));
    sb_free(&sb);
    return out;
}

static const char *progress_of(ctx *c, db_stmt *s, const char *today)
{
    const char *status = db_col_text(s, 12), *deadline = db_col_text(s, 14);
    const char *done_at = db_col_text(s, 15), *progress = db_col_text(s, 16);
    const char *head;
    if (strcmp(status, "done") == 0) {
        char day[16] = "";
        int64_t t = done_at ? clock_parse_iso(done_at) : -1;
        if (t >= 0)
            clock_vn_date(t, day, sizeof day);
        head = arena_printf(c->a, _("Đã xong ngày %s"), day);
    } else if (strcmp(status, "recalled") == 0) {
        head = _("Thu hồi");
    } else if (deadline && strcmp(deadline, today) < 0) {
        head = _("Quá hạn");
    } else {
        head = _("Đang xử lý");
    }
    return progress && *progress ? arena_printf(c->a, "%s: %s", head, progress) : head;
}

static int rows(ctx *c, int64_t unit_id, const char *from, const char *to, bool followup,
                const char ***cells_r)
{
    *cells_r = NULL;
    if (!c->user)
        return 0;
    int ncols = followup ? 7 : 10;
    db_stmt *s = db_stmt_get(c->db, &q_rows);
    if (!s)
        return -1;
    docs_vis_bind(c, s);
    db_bind_int(s, 5, unit_id > 0 ? unit_id : c->user->unit_id);
    db_bind_text(s, 6, from);
    db_bind_text(s, 7, to);
    db_bind_int(s, 8, followup ? 1 : 0);
    const char *today = web_today(c);
    int n = 0, cap = 64;
    const char **cells = arena_alloc(c->a, (size_t)(cap * ncols) * sizeof *cells);
    while (db_step(s) == DB_ROW) {
        if (n == cap) {
            const char **w = arena_alloc(c->a, (size_t)(cap * 2 * ncols) * sizeof *cells);
            memcpy(w, cells, (size_t)(n * ncols) * sizeof *cells);
            cells = w;
            cap *= 2;
        }
        const char **r = cells + n * ncols;
        const char *number = arena_printf(c->a, "%lld", (long long)db_col_int(s, 1));
        const char *receivers = arena_strdup(c->a, db_col_text(s, 7));
        if (!followup) {
            r[0] = web_date_vn(c, db_col_text(s, 0));
            r[1] = number;
            r[2] = arena_strdup(c->a, db_col_text(s, 2));
            r[3] = arena_strdup(c->a, db_col_text(s, 3));
            r[4] = web_date_vn(c, db_col_text(s, 4));
            r[5] = arena_printf(c->a, "%s: %s", db_col_text(s, 5), db_col_text(s, 6));
            r[6] = receivers ? receivers : "";
            r[7] = vn_day(c, db_col_text(s, 8));
            /* Ký nhận: on paper the receiver signs; the system records who took it over. */
            r[8] = strcmp(db_col_text(s, 18), "electronic") == 0 && receivers
                       ? _("Nhận qua hệ thống")
                       : "";
            r[9] = note_of(c, s, 9);
            /* The digital signature of its files (DOMAIN.md §3), in the notes column: the
             * ten columns stay the legal ones. */
            const char *sig = signing_register_mark(c, "in", db_col_int(s, 19));
            if (*sig)
                r[9] =
                    arena_printf(c->a, "%s%s%s: %s", r[9], *r[9] ? "; " : "", _("Chữ ký số"), sig);
        } else {
            r[0] = number;
            r[1] = arena_printf(c->a, _("%s số %s ngày %s của %s"), db_col_text(s, 5),
                                db_col_text(s, 3), web_date_vn(c, db_col_text(s, 4)),
                                db_col_text(s, 2));
            r[2] = receivers ? receivers : "";
            r[3] = web_date_vn(c, db_col_text(s, 14));
            r[4] = progress_of(c, s, today);
            r[5] = arena_strdup(c->a, db_col_text(s, 17));
            r[5] = r[5] ? r[5] : "";
            r[6] = note_of(c, s, 9);
        }
        n++;
    }
    db_reset(s);
    *cells_r = cells;
    return n;
}

int incoming_register_rows(ctx *c, int64_t unit_id, const char *from, const char *to,
                           const char ***cells_r)
{
    return rows(c, unit_id, from, to, false, cells_r);
}

int followup_rows(ctx *c, int64_t unit_id, const char *from, const char *to, const char ***cells_r)
{
    return rows(c, unit_id, from, to, true, cells_r);
}

/* ---- pages and API ---------------------------------------------------------------------- */

static void book(ctx *c, bool followup)
{
    static const char *const params[] = {"from", "to", "unit_id", "format", NULL};
    /* The page is also format=html; the API answers a file or JSON. */
    static const char *const formats[] = {"json", "csv", "xlsx", "html", NULL};
    static const char *const api_formats[] = {"json", "csv", "xlsx", NULL};
    if (!params_check(c, params))
        return;
    const char *from, *to;
    if (!query_period(c, NULL, &from, &to))
        return;
    web_err e = {0};
    int64_t unit_id = c->user->unit_id;
    int fmt = -1;
    query_id(c, "unit_id", &unit_id, &e);
    query_enum(c, "format", c->is_api ? api_formats : formats, &fmt, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    if (unit_id != c->user->unit_id && !org_unit_in_scope(c, unit_id)) {
        respond_not_found(c);
        return;
    }
    const unit *u = org_unit_get(c, unit_id);
    const char **cells;
    int n = rows(c, unit_id, from, to, followup, &cells);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    int ncols = followup ? 7 : 10;
    const char *const *hdr = followup ? followup_headers : incoming_register_headers;
    const char *headers[10];
    for (int i = 0; i < ncols; i++)
        headers[i] = _(hdr[i]);
    const char *title = arena_printf(
        c->a, "%s — %s — %s %s %s %s",
        followup ? _("SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN") : _("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"),
        u ? u->name : "", _("từ"), web_date_vn(c, from), _("đến"), web_date_vn(c, to));
    if (c->is_api || (fmt >= 0 && fmt != 3)) {
        const char *format = fmt >= 0 ? formats[fmt] : "json";
        const char *fname = arena_printf(
            c->a, "%s-%.4s", followup ? "so-theo-doi-van-ban-den" : "so-van-ban-den", from);
        export_table(c, format, fname, title, ncols, headers, n, cells);
        return;
    }
    page_begin(c, followup ? _("Sổ theo dõi giải quyết văn bản đến") : _("Sổ đăng ký văn bản đến"),
               "incoming");
    strbuf *b = &c->rs->body;
    const char *path = followup ? "/registers/followup" : "/registers/incoming";
    html_printf(b,
                "<form class=\"filters no-print\" method=\"get\" action=\"%s\">"
                "<input type=\"hidden\" name=\"unit_id\" value=\"%lld\">"
                "<label>%s <input type=\"date\" name=\"from\" value=\"%s\"></label> "
                "<label>%s <input type=\"date\" name=\"to\" value=\"%s\"></label> "
                "<button type=\"submit\">%s</button> ",
                path, (long long)unit_id, _("Từ ngày"), from, _("Đến ngày"), to, _("Xem"));
    html_printf(b,
                "<a href=\"%s?unit_id=%lld&amp;from=%s&amp;to=%s&amp;format=xlsx\">%s</a> · "
                "<a href=\"%s?unit_id=%lld&amp;from=%s&amp;to=%s&amp;format=csv\">%s</a>",
                path, (long long)unit_id, from, to, _("Tải Excel (.xlsx)"), path,
                (long long)unit_id, from, to, _("Tải CSV"));
    html_printf(b, " <button type=\"button\" class=\"secondary\" data-print>%s</button></form>",
                _("In sổ (A4 ngang)"));
    html_printf(b, "<div class=\"register landscape\"><p class=\"register-title\">%s</p>", title);
    html_printf(b, "<div class=\"table-wrap\"><table class=\"register\" id=\"%s\"><thead><tr>",
                followup ? "register-followup" : "register-incoming");
    for (int i = 0; i < ncols; i++)
        html_printf(b, "<th>%s</th>", headers[i]);
    html_raw(b, "</tr></thead><tbody>");
    for (int r = 0; r < n; r++) {
        html_raw(b, "<tr>");
        for (int k = 0; k < ncols; k++)
            html_printf(b, "<td>%s</td>", cells[r * ncols + k]);
        html_raw(b, "</tr>");
    }
    if (n == 0)
        html_printf(b, "<tr><td colspan=\"%d\">%s</td></tr>", ncols,
                    _("Không có văn bản nào trong kỳ này."));
    html_raw(b, "</tbody></table></div></div>");
    page_end(c);
}

static void h_register(ctx *c)
{
    book(c, false);
}

static void h_followup(ctx *c)
{
    book(c, true);
}

void register_in_routes(void)
{
    route_add("GET", "/registers/incoming", h_register, 0);
    route_add("GET", "/registers/followup", h_followup, 0);
    route_add("GET", "/api/v1/registers/incoming", h_register, ROUTE_API);
    route_add("GET", "/api/v1/registers/followup", h_followup, ROUTE_API);
}
