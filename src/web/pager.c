/* The list pager (pager.h). One style for every list: the position in the middle, the links
 * either side, each link the list's address with its filters and the page's parameter. */
#include "web/pager.h"

#include "base/i18n.h"

static const char *page_href(ctx *c, const pager *p, int page)
{
    strbuf qs = STRBUF_INIT; /* not html: a URL, escaped where written */
    sb_adds(&qs, p->path);   /* not html: escaped where written */
    sb_addc(&qs, '?');
    for (const char *const *k = p->keep; k && *k; k++) {
        const char *v = req_query(c->rq, *k);
        if (v && *v) {
            sb_adds(&qs, *k); /* not html: escaped where written */
            sb_addc(&qs, '=');
            url_encode(&qs, v);
            sb_addc(&qs, '&');
        }
    }
    int64_t value =
        p->per_page > 0 && p->param[0] == 'o' ? (int64_t)(page - 1) * p->per_page : page;
    const char *href = arena_printf(c->a, "%s%s=%lld", sb_str(&qs), p->param, (long long)value);
    sb_free(&qs);
    return href;
}

void page_pager(ctx *c, const pager *p)
{
    int page = p->page < 1 ? 1 : p->page;
    bool next = p->pages > 0 ? page < p->pages || p->more : p->more;
    if (page == 1 && !next)
        return;
    strbuf *b = &c->rs->body;
    html_printf(b, "<nav class=\"pager no-print\" aria-label=\"%s\">", _("Phân trang"));
    if (page > 1)
        html_printf(b, "<a href=\"%s\" rel=\"prev\">%s</a> ", page_href(c, p, page - 1),
                    _("« Trang trước"));
    if (p->pages > 0 && p->at_least)
        html_printf(b, "<span class=\"pager-pos\">%s %d / %s %lld</span>", _("Trang"), page,
                    _("ít nhất"), (long long)p->pages);
    else if (p->pages > 0)
        html_printf(b, "<span class=\"pager-pos\">%s %d / %lld</span>", _("Trang"), page,
                    (long long)p->pages);
    else
        html_printf(b, "<span class=\"pager-pos\">%s %d</span>", _("Trang"), page);
    if (p->note)
        html_printf(b, " <span class=\"hint\">%s</span>", p->note);
    if (next)
        html_printf(b, " <a href=\"%s\" rel=\"next\">%s</a>", page_href(c, p, page + 1),
                    _("Trang sau »"));
    html_raw(b, "</nav>");
}
