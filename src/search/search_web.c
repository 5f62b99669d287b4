/* Search pages: /search (the results with filters and facets; the frame's search box sends
 * here), /search/status (indexing queue and failed extractions, with a retry button), and
 * POST /search/reindex/{kind}/{id}. */
#include <stdlib.h>
#include <string.h>

#include "web/pager.h"
#include "web/dates.h"
#include "web/respond.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/catalog.h"
#include "catalog/vocab.h"
#include "web/layout.h"
#include "web/records.h"
#include "jobs/jobs.h"
#include "http/router.h"
#include "search/search.h"
#include "search/search_web.h"
#include "text/vi.h"

static const char *doc_url(ctx *c, const char *kind, int64_t id)
{
    return arena_printf(c->a, "/%s/%lld", strcmp(kind, "in") == 0 ? "incoming" : "outgoing",
                        (long long)id);
}

/* The current query string with one parameter replaced (value NULL removes it) and the page
 * reset, as an href. */
static const char *link_with(ctx *c, const char *name, const char *value)
{
    static const char *const keep[] = {"q",  "kind",    "type",   "issuer", "unit", "from",
                                       "to", "secrecy", "status", "year",   "sort", NULL};
    strbuf sb = STRBUF_INIT;
    sb_addc(&sb, '?'); /* not html: a URL, escaped by html_printf where it is written */
    bool first = true;
    for (int i = 0; keep[i]; i++) {
        const char *v = strcmp(keep[i], name) == 0 ? value : req_query(c->rq, keep[i]);
        if (!v || !*v)
            continue;
        if (!first)
            sb_addc(&sb, '&');
        first = false;
        sb_adds(&sb, keep[i]); /* not html: a URL, escaped where it is written */
        sb_addc(&sb, '=');
        url_encode(&sb, v);
    }
    const char *r = arena_strdup(c->a, sb_str(&sb));
    sb_free(&sb);
    return arena_printf(c->a, "/search%s", r);
}

static void select_opt(ctx *c, const char *value, const char *label, const char *current)
{
    html_printf(&c->rs->body, "<option value=\"%s\"%s>%s</option>", value,
                current && strcmp(current, value) == 0 ? " selected" : "", label);
}

static void search_form(ctx *c)
{
    strbuf *b = &c->rs->body;
    const char *q = req_query(c->rq, "q");
    html_printf(
        b,
        "<form class=\"form search-form\" method=\"get\" action=\"/search\" role=\"search\">"
        "<div class=\"field\"><label for=\"s-q\">%s</label>"
        "<input id=\"s-q\" name=\"q\" type=\"search\" maxlength=\"500\" value=\"%s\" "
        "autofocus><span class=\"hint\">%s</span></div>",
        _("Từ cần tìm"), q ? q : "",
        _("Gõ có dấu để tìm đúng dấu, không dấu để tìm mọi cách viết. \"cụm từ\", "
          "tiền tố*, -loại trừ, OR; số ký hiệu như 36-HD/VPTW."));
    const char *kind = req_query(c->rq, "kind");
    html_printf(b,
                "<div class=\"field\"><label for=\"s-kind\">%s</label><select id=\"s-kind\" "
                "name=\"kind\">",
                _("Sổ"));
    select_opt(c, "", _("Tất cả"), kind);
    select_opt(c, "in", _("Văn bản đến"), kind);
    select_opt(c, "out", _("Văn bản đi"), kind);
    html_raw(b, "</select></div>");
    const char *type = req_query(c->rq, "type");
    html_printf(b,
                "<div class=\"field\"><label for=\"s-type\">%s</label><select id=\"s-type\" "
                "name=\"type\">",
                _("Loại văn bản"));
    select_opt(c, "", _("Tất cả"), type);
    doc_type *types;
    int nt = catalog_doc_types(c, &types);
    for (int i = 0; i < nt; i++)
        select_opt(c, types[i].code, types[i].name, type);
    html_raw(b, "</select></div>");
    const char *issuer = req_query(c->rq, "issuer");
    html_printf(b,
                "<div class=\"field\"><label for=\"s-issuer\">%s</label><input id=\"s-issuer\" "
                "name=\"issuer\" type=\"text\" maxlength=\"200\" value=\"%s\"></div>",
                _("Cơ quan ban hành"), issuer ? issuer : "");
    const char *from = req_query(c->rq, "from"), *to = req_query(c->rq, "to");
    html_printf(b,
                "<div class=\"field\"><label for=\"s-from\">%s</label><input id=\"s-from\" "
                "name=\"from\" type=\"date\" value=\"%s\"></div>"
                "<div class=\"field\"><label for=\"s-to\">%s</label><input id=\"s-to\" name=\"to\" "
                "type=\"date\" value=\"%s\"></div>",
                _("Từ ngày"), from ? from : "", _("Đến ngày"), to ? to : "");
    const char *sec = req_query(c->rq, "secrecy");
    html_printf(b,
                "<div class=\"field\"><label for=\"s-secrecy\">%s</label><select "
                "id=\"s-secrecy\" name=\"secrecy\">",
                _("Độ mật"));
    select_opt(c, "", _("Tất cả"), sec);
    for (int s = SECRECY_NONE; s <= SECRECY_TUYET_MAT; s++)
        select_opt(c, secrecy_code((enum secrecy)s), secrecy_label((enum secrecy)s), sec);
    html_raw(b, "</select></div>");
    const char *sort = req_query(c->rq, "sort");
    html_printf(b,
                "<div class=\"field\"><label for=\"s-sort\">%s</label><select id=\"s-sort\" "
                "name=\"sort\">",
                _("Sắp xếp"));
    select_opt(c, "relevance", _("Liên quan nhất"), sort);
    select_opt(c, "date", _("Mới nhất"), sort);
    html_raw(b, "</select></div>");
    const char *year = req_query(c->rq, "year"), *unit = req_query(c->rq, "unit");
    if (year && *year)
        html_printf(b, "<input type=\"hidden\" name=\"year\" value=\"%s\">", year);
    if (unit && *unit)
        html_printf(b, "<input type=\"hidden\" name=\"unit\" value=\"%s\">", unit);
    html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                _("Tìm"));
}

static void facet_list(ctx *c, const char *title, const char *param, const search_facet *v, int n)
{
    if (n == 0)
        return;
    strbuf *b = &c->rs->body;
    const char *cur = req_query(c->rq, param);
    html_printf(b, "<h3>%s</h3><ul class=\"facets\">", title);
    for (int i = 0; i < n && i < 12; i++) {
        bool on = cur && strcmp(cur, v[i].key) == 0;
        /* The attribute is markup, so it is chosen between two literals, never passed as %s. */
        html_printf(b, "<li><a href=\"%s\"", link_with(c, param, on ? NULL : v[i].key));
        if (on)
            html_raw(b, " aria-current=\"true\"");
        html_printf(b, ">%s</a> <span class=\"count\">%s</span></li>",
                    v[i].label ? v[i].label : v[i].key, web_number(c, v[i].count));
    }
    html_raw(b, "</ul>");
}

static void write_snippet(strbuf *b, const char *escaped)
{
    /* built by search.c with html_escape + html_raw("<mark>") */
    strbuf frag = {(char *)escaped, strlen(escaped), 0};
    html_frag(b, &frag);
}

/* What to try when nothing was found: without the filters, without the diacritics, any of the
 * words instead of all of them; each a link that runs it. */
static void suggestions(ctx *c)
{
    strbuf *b = &c->rs->body;
    const char *q = req_query(c->rq, "q");
    html_printf(b, "<div class=\"panel search-suggest\"><p>%s</p><ul>",
                _("Không có văn bản nào khớp. Có thể thử:"));
    static const char *const filters[] = {"kind", "type",    "issuer", "unit", "from",
                                          "to",   "secrecy", "status", "year", NULL};
    bool filtered = false;
    for (int i = 0; filters[i]; i++) {
        const char *v = req_query(c->rq, filters[i]);
        filtered = filtered || (v && *v);
    }
    if (filtered) {
        strbuf u = STRBUF_INIT;
        sb_adds(&u, "/search?q="); /* not html: a URL, escaped by html_printf */
        url_encode(&u, q ? q : "");
        html_printf(b, "<li><a href=\"%s\">%s</a></li>", arena_strdup(c->a, sb_str(&u)),
                    _("Tìm lại không có bộ lọc"));
        sb_free(&u);
    }
    if (q && vi_has_marks(q, strlen(q))) {
        char *folded = vi_fold_text(q);
        if (folded) {
            html_printf(b, "<li><a href=\"%s\">%s</a></li>", link_with(c, "q", folded),
                        arena_printf(c->a, _("Tìm không dấu: %s"), folded));
            free(folded);
        }
    }
    if (q && !strchr(q, '"') && !strstr(q, "OR") && !strchr(q, '(') && !strchr(q, '-')) {
        strbuf any = STRBUF_INIT; /* the words joined by OR */
        int words = 0;
        for (const char *p = q; *p;) {
            while (*p == ' ')
                p++;
            const char *e = p;
            while (*e && *e != ' ')
                e++;
            if (e > p) {
                if (words++)
                    sb_adds(&any, " OR "); /* not html: a query, escaped where written */
                sb_add(&any, p, (size_t)(e - p));
            }
            p = e;
        }
        if (words > 1)
            html_printf(b, "<li><a href=\"%s\">%s</a></li>", link_with(c, "q", sb_str(&any)),
                        arena_printf(c->a, _("Tìm văn bản có một trong các từ: %s"), sb_str(&any)));
        sb_free(&any);
    }
    html_printf(
        b, "<li>%s</li></ul></div>",
        _("Kiểm tra chính tả, dùng ít từ hơn, hoặc tìm theo số ký hiệu (ví dụ 36-HD/VPTW)."));
}

static void results(ctx *c, const search_filter *f, const search_result *r)
{
    strbuf *b = &c->rs->body;
    /* The time taken is for the API (elapsed_ms) and the bench, not for the reader. */
    html_printf(b, "<p class=\"search-summary\">%s</p>",
                r->total_capped
                    ? arena_printf(c->a,
                                   _("Tìm thấy hơn %s văn bản; số đếm theo nhóm tính trên %s "
                                     "văn bản mới nhất."),
                                   web_number(c, r->total), web_number(c, r->total))
                    : arena_printf(c->a, _("Tìm thấy %s văn bản."), web_number(c, r->total)));
    if (!r->ranked_all)
        html_printf(b, "<p class=\"hint\">%s</p>",
                    arena_printf(c->a,
                                 _("Nhiều kết quả: chỉ %s văn bản khớp mới nhất được xếp theo độ "
                                   "liên quan; các văn bản cũ hơn xếp theo thứ tự mới trước. Hãy "
                                   "thêm từ hoặc bộ lọc để thu hẹp."),
                                 web_number(c, SEARCH_RANK_CANDIDATES)));
    if (r->total == 0) {
        suggestions(c);
        return;
    }
    html_raw(b, "<div class=\"search-layout\"><aside class=\"panel facets-panel\">");
    facet_list(c, _("Sổ"), "kind", r->by_kind, r->n_kind);
    facet_list(c, _("Loại văn bản"), "type", r->by_type, r->n_type);
    facet_list(c, _("Năm"), "year", r->by_year, r->n_year);
    facet_list(c, _("Đơn vị"), "unit", r->by_unit, r->n_unit);
    html_raw(b, "</aside><ol class=\"search-results\">");
    for (int i = 0; i < r->n_hits; i++) {
        const search_hit *h = &r->hits[i];
        html_printf(b, "<li class=\"search-hit\"><h2><a href=\"%s\">%s%s%s</a>",
                    doc_url(c, h->kind, h->id), h->code, *h->code ? " — " : "", h->subject);
        if (h->secrecy > 0)
            html_printf(b, " <span class=\"mark mark-secret\">%s</span>",
                        secrecy_label((enum secrecy)h->secrecy));
        char date[16] = "";
        if (h->issued_date)
            clock_date_vn(h->issued_date, date, sizeof date);
        html_printf(b, "</h2><p class=\"meta\">%s · %s · %s · %s</p><p class=\"snippet\">",
                    strcmp(h->kind, "in") == 0 ? _("Văn bản đến") : _("Văn bản đi"),
                    h->doc_type_name, date, h->issuer);
        write_snippet(b, h->snippet_html);
        html_raw(b, "</p></li>");
    }
    html_raw(b, "</ol></div>");
    static const char *const keep[] = {"q",  "kind",    "type",   "issuer", "unit", "from",
                                       "to", "secrecy", "status", "year",   "sort", NULL};
    int limit = f->limit > 0 ? f->limit : SEARCH_PAGE;
    int64_t last = r->total < SEARCH_MAX_OFFSET + limit ? r->total : SEARCH_MAX_OFFSET + limit;
    page_pager(c, &(pager){.path = "/search",
                           .keep = keep,
                           .param = "offset",
                           .per_page = limit,
                           .page = f->offset / limit + 1,
                           .pages = (last + limit - 1) / limit});
}

static void page_search(ctx *c)
{
    search_filter f;
    web_err e = {0};
    int ferr = search_filter_from_query(c, &f, &e);
    const char *err = ferr ? web_err_message(&e) : NULL;
    const char *q = req_query(c->rq, "q");
    search_result r;
    int status = 200;
    const char *code = NULL;
    bool ran = false;
    if (ferr == 0 && q && *q)
        ran = search_run(c, &f, &r, &status, &code, &err) == 0;
    page_begin(c, _("Tìm kiếm văn bản"), "search");
    if (err)
        page_alert(c, "error", err);
    search_form(c);
    if (ran)
        results(c, &f, &r);
    if (search_may_manage(c))
        html_printf(&c->rs->body, "<p class=\"no-print\"><a href=\"/search/status\">%s</a></p>",
                    _("Tình trạng lập chỉ mục và tệp lỗi"));
    if (status >= 400 && status != 400)
        c->rs->status = status;
    page_end(c);
}

/* ---- status page ---------------------------------------------------------------------------- */

static void page_status(ctx *c)
{
    if (!search_may_manage(c)) {
        respond_not_found(c);
        return;
    }
    search_stats st;
    search_stats_get(c, &st);
    search_failure *rows;
    int n = search_failures(c, &rows, 200);
    page_begin(c, _("Tình trạng lập chỉ mục"), "search");
    strbuf *b = &c->rs->body;
    html_printf(b,
                "<dl class=\"props\"><dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%lld</dd>"
                "<dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%lld / %lld</dd>"
                "</dl>",
                _("Văn bản trong chỉ mục"), (long long)st.docs, _("Văn bản chờ cập nhật"),
                (long long)st.docs_dirty, _("Tệp chờ trích xuất"), (long long)st.files_queued,
                _("Tệp lỗi"), (long long)st.files_failed, _("Việc nền: chờ / đang chạy"),
                (long long)st.jobs_queued, (long long)st.jobs_running);
    html_printf(b, "<h2>%s</h2>", _("Tệp không trích xuất được văn bản"));
    if (n <= 0) {
        html_printf(b, "<p>%s</p>", _("Không có tệp lỗi."));
        page_end(c);
        return;
    }
    html_printf(b,
                "<div class=\"table-wrap\"><table class=\"search-failures\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th></tr></thead><tbody>",
                _("Văn bản"), _("Tệp"), _("Lỗi"), _("Lúc"));
    for (int i = 0; i < n; i++) {
        const search_failure *f = &rows[i];
        char at[24] = "";
        int64_t t = f->updated_at ? clock_parse_iso(f->updated_at) : -1;
        if (t >= 0)
            clock_vn_datetime(t, at, sizeof at);
        html_printf(b,
                    "<tr><td><a href=\"%s\">%s %s</a></td><td>%s</td><td>%s</td><td "
                    "class=\"date\">%s</td><td><form method=\"post\" action=\"/search/reindex/%s/"
                    "%lld\">",
                    doc_url(c, f->kind, f->doc_id), f->code ? f->code : "",
                    f->subject ? f->subject : "", f->filename ? f->filename : "",
                    f->error ? f->error : "", at, f->kind, (long long)f->doc_id);
        form_csrf(c);
        html_printf(b, "<button type=\"submit\" class=\"secondary\">%s</button></form></td></tr>",
                    _("Thử lại"));
    }
    html_raw(b, "</tbody></table></div>");
    page_end(c);
}

static void post_reindex(ctx *c)
{
    const char *k = req_param(c->rq, "kind");
    const char *kind = k && strcmp(k, "in") == 0 ? "in" : k && strcmp(k, "out") == 0 ? "out" : NULL;
    int64_t id = req_param_id(c->rq, "id");
    int status = 404;
    if (!kind || search_reindex_doc(c, kind, id, &status) != 0) {
        if (status == 403)
            respond_forbidden(c);
        else if (status == 500)
            respond_error(c, 500, "internal", _("Không ghi được dữ liệu. Hãy thử lại."));
        else
            respond_not_found(c);
        return;
    }
    page_flash_set(c, _("Đã xếp lại vào hàng chờ lập chỉ mục."));
    const char *back = req_form(c->rq, "back");
    respond_redirect(c, back && strcmp(back, "doc") == 0 ? doc_url(c, kind, id) : "/search/status");
}

/* The index state line in a document's files panel (places "in.files", "out.files"). */
static void state_section(ctx *c, const char *place, int64_t id)
{
    search_state_html(c, strncmp(place, "out", 3) == 0 ? "out" : "in", id);
}

void search_state_html(ctx *c, const char *kind, int64_t id)
{
    search_state st;
    if (search_index_state(c, kind, id, &st) != 0 || !st.state)
        return;
    strbuf *b = &c->rs->body;
    bool failed = strcmp(st.state, "failed") == 0;
    html_printf(b, "<p class=\"index-state%s\" id=\"index-state\">%s: <strong>%s</strong>",
                failed ? " overdue-text" : "", _("Chỉ mục tìm kiếm"), search_state_label(st.state));
    if (st.files)
        html_printf(b, " (%d %s, %d %s)", st.files, _("tệp"), st.files_pending, _("đang chờ"));
    if (failed && st.error)
        html_printf(b, " — %s", st.error);
    if (failed && search_may_manage(c)) {
        html_printf(b,
                    " <form class=\"inline no-print\" method=\"post\" "
                    "action=\"/search/reindex/%s/%lld\"><input type=\"hidden\" name=\"back\" "
                    "value=\"doc\">",
                    kind, (long long)id);
        form_csrf(c);
        html_printf(b, "<button type=\"submit\" class=\"secondary\">%s</button></form>",
                    _("Thử lại"));
    }
    html_raw(b, "</p>");
}

/* Dirty rows first; when none, a step of merging the index's segments. */
static int search_idle(db *d)
{
    int n = search_sync(d, SEARCH_SYNC_BATCH);
    return n != 0 ? n : search_tidy_idle(d);
}

void search_routes(void)
{
    route_add("GET", "/search", page_search, 0);
    route_add("GET", "/search/status", page_status, 0);
    route_add("POST", "/search/reindex/{kind}/{id}", post_reindex, 0);
    search_api_routes();
}

void search_init(void)
{
    record_section_register("in.files", state_section);
    record_section_register("out.files", state_section);
    jobs_register("extract", search_extract_job, search_extract_failed);
    jobs_add_idle(search_idle);
}
