/* The members' transfers history (/members/moves): every move into or out of an organisation
 * in the caller's scope, by date, printable and as xlsx. The list by organisation and status is
 * /members (members_web.c). */
#include <string.h>

#include "base/i18n.h"
#include "db/db.h"
#include "http/router.h"
#include "members/members.h"
#include "members/members_impl.h"
#include "org/org.h"
#include "registers/registers.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

/* Moves whose member is now in scope or whose either end is, in [?2, ?3]. */
static const db_query q_all_moves = {
    "members.moves_all",
    "SELECT mv.moved_on, m.id, m.full_name, COALESCE(f.name, ''), t.name, mv.note"
    " FROM party_member_moves mv JOIN party_members m ON m.id = mv.member_id"
    " LEFT JOIN units f ON f.id = mv.from_unit_id JOIN units t ON t.id = mv.to_unit_id"
    " WHERE (mv.to_unit_id IN (SELECT value FROM json_each(?1))"
    "   OR mv.from_unit_id IN (SELECT value FROM json_each(?1))"
    "   OR m.unit_id IN (SELECT value FROM json_each(?1)))"
    " AND mv.moved_on >= ?2 AND mv.moved_on <= ?3"
    " ORDER BY mv.moved_on DESC, mv.id DESC LIMIT 5000",
    NULL};

static strbuf *B(ctx *c)
{
    return &c->rs->body;
}

static void h_moves(ctx *c)
{
    if (!members_may_read(c, 0)) {
        respond_forbidden(c);
        return;
    }
    const char *from = req_query(c->rq, "from"), *to = req_query(c->rq, "to");
    from = from && param_date(mem_date_in(c, from)) ? mem_date_in(c, from) : "0000-01-01";
    to = to && param_date(mem_date_in(c, to)) ? mem_date_in(c, to) : "9999-12-31";
    db_stmt *s = db_stmt_get(c->db, &q_all_moves);
    if (!s) {
        respond_error(c, 500, "db", _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return;
    }
    db_bind_text(s, 1, org_scope_json(c));
    db_bind_text(s, 2, from);
    db_bind_text(s, 3, to);
    int cap = 64, n = 0;
    const char **cells = arena_alloc(c->a, sizeof *cells * 5 * (size_t)cap);
    int64_t *ids = arena_alloc(c->a, sizeof *ids * (size_t)cap);
    while (db_step(s) == DB_ROW) {
        if (n == cap) {
            const char **w = arena_alloc(c->a, sizeof *w * 5 * (size_t)cap * 2);
            memcpy(w, cells, sizeof *cells * 5 * (size_t)n);
            int64_t *wi = arena_alloc(c->a, sizeof *wi * (size_t)cap * 2);
            memcpy(wi, ids, sizeof *ids * (size_t)n);
            cells = w, ids = wi, cap *= 2;
        }
        const char **r = cells + (size_t)n * 5;
        r[0] = mem_date_out(c, db_col_text(s, 0));
        ids[n] = db_col_int(s, 1);
        r[1] = arena_strdup(c->a, db_col_text(s, 2));
        r[2] = arena_strdup(c->a, db_col_text(s, 3));
        r[3] = arena_strdup(c->a, db_col_text(s, 4));
        r[4] = arena_strdup(c->a, db_col_text(s, 5));
        n++;
    }
    db_reset(s);
    const char *headers[] = {_("Ngày chuyển"), _("Họ và tên"), _("Từ"), _("Đến"), _("Ghi chú")};
    const char *format = req_query(c->rq, "format");
    if (format && strcmp(format, "xlsx") == 0) {
        export_table(c, "xlsx", "chuyen-sinh-hoat-dang", _("Quá trình chuyển sinh hoạt đảng"), 5,
                     headers, n, cells);
        return;
    }
    page_begin(c, _("Quá trình chuyển sinh hoạt đảng"), "members");
    html_printf(B(c),
                "<form class=\"filters no-print\" method=\"get\" action=\"/members/moves\"><label "
                "for=\"mv-from\">%s</label><input id=\"mv-from\" name=\"from\" type=\"date\" "
                "value=\"%s\"><label for=\"mv-to\">%s</label><input id=\"mv-to\" name=\"to\" "
                "type=\"date\" value=\"%s\"><button>%s</button></form>",
                _("Từ ngày"), from[0] == '0' ? "" : from, _("Đến ngày"), to[0] == '9' ? "" : to,
                _("Lọc"));
    html_printf(B(c),
                "<p class=\"no-print\"><a id=\"moves-xlsx\" href=\"/members/moves?from=%s&amp;"
                "to=%s&amp;format=xlsx\">%s</a> <button type=\"button\" data-print>%s</button> "
                "<a href=\"/members\">%s</a></p>",
                from, to, _("Tải Excel (.xlsx)"), _("In danh sách"), _("Về danh sách đảng viên"));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"member-moves-all\" class=\"cards\"><thead>"
                "<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                headers[0], headers[1], headers[2], headers[3], headers[4]);
    for (int i = 0; i < n; i++) {
        const char **r = cells + (size_t)i * 5;
        html_printf(B(c),
                    "<tr><td data-label=\"%s\" class=\"date\">%s</td><td data-label=\"%s\"><a "
                    "href=\"/members/%lld\">%s</a></td><td data-label=\"%s\">%s</td><td "
                    "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
                    headers[0], r[0], headers[1], (long long)ids[i], r[1], headers[2], r[2],
                    headers[3], r[3], headers[4], r[4]);
    }
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"5\" class=\"empty\">%s</td></tr>",
                    _("Chưa có lần chuyển sinh hoạt nào."));
    html_raw(B(c), "</tbody></table></div>");
    page_end(c);
}

void members_lists_routes(void)
{
    route_add("GET", "/members/moves", h_moves, 0);
}
