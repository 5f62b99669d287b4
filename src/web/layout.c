/* The page frame: head, top bar, left navigation, flash messages, alerts, the home page, and
 * the two routes every deployment needs before any module (embedded assets, /healthz).
 *
 * Everything here writes through the escaping writers (strbuf.h); the only raw output is
 * string literals. No inline script or style: the CSP forbids them, so behaviour lives in
 * assets/app.js and looks in assets/app.css. */
#include "web/layout.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/dates.h"
#include "web/forms.h"
#include "web/respond.h"
#include "base/embed.h"
#include "base/i18n.h"
#include "http/router.h"
#include "text/vi.h"

#define FLASH_COOKIE "vp_flash"
/* A flash message is one sentence; anything longer in the cookie was not written by us. */
#define FLASH_MAX_BYTES 512
#define FLASH_MAX_AGE_S 60
#define MAX_HOME_SECTIONS 16

/* Registered at start-up, before any thread serves; read-only afterwards. */
static home_section_fn home_sections[MAX_HOME_SECTIONS];
static size_t n_home_sections;
static badge_fn badge;
#define MAX_NAV_COUNTS 8
static struct {
    const char *key, *title; /* title: an N_() message id, translated when written */
    nav_count_fn fn;
} nav_counts[MAX_NAV_COUNTS];
static size_t n_nav_counts;

void home_section_add(home_section_fn fn)
{
    if (n_home_sections >= MAX_HOME_SECTIONS) {
        fprintf(stderr, "vanphong: too many home sections (max %d)\n", MAX_HOME_SECTIONS);
        abort();
    }
    home_sections[n_home_sections++] = fn;
}

void layout_nav_count_add(const char *key, nav_count_fn fn, const char *title)
{
    if (n_nav_counts >= MAX_NAV_COUNTS) {
        fprintf(stderr, "vanphong: too many navigation counts (max %d)\n", MAX_NAV_COUNTS);
        abort();
    }
    nav_counts[n_nav_counts].key = key;
    nav_counts[n_nav_counts].title = title;
    nav_counts[n_nav_counts++].fn = fn;
}

void layout_set_badge(badge_fn fn)
{
    badge = fn;
}

/* ---- embedded assets ---------------------------------------------------------------- */

/* FNV-1a 64 of the content: a stable validator for ETag and for the ?v= cache buster, so a
 * new binary with a changed app.css is fetched at once and an unchanged one never. */
static uint64_t content_hash(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Every page names its assets with a content hash; the embedded files never change while the
 * process runs, so the hashes are computed once (hashing app.css on every page cost ~5% of a
 * page's CPU). */
static char (*asset_hashes)[17];
static pthread_once_t asset_hashes_once = PTHREAD_ONCE_INIT;

static void asset_hashes_init(void)
{
    size_t n = 0;
    while (embedded_files[n].path)
        n++;
    asset_hashes = calloc(n + 1, sizeof *asset_hashes);
    if (!asset_hashes)
        abort();
    for (size_t i = 0; i < n; i++)
        snprintf(asset_hashes[i], sizeof asset_hashes[i], "%016llx",
                 (unsigned long long)content_hash(embedded_files[i].data, embedded_files[i].size));
}

static const char *asset_version(ctx *c, const char *path)
{
    (void)c;
    const struct embedded_file *f = embed_find(path);
    if (!f)
        return "0";
    pthread_once(&asset_hashes_once, asset_hashes_init);
    return asset_hashes[f - embedded_files];
}

static const char *content_type_for(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    if (dot)
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcmp(dot, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

static void serve_embedded(ctx *c, const char *name)
{
    if (!name || !*name || strchr(name, '/') || name[0] == '.') {
        respond_not_found(c);
        return;
    }
    const struct embedded_file *f = embed_find(arena_printf(c->a, "assets/%s", name));
    if (!f) {
        respond_not_found(c);
        return;
    }
    const char *etag =
        arena_printf(c->a, "\"%016llx\"", (unsigned long long)content_hash(f->data, f->size));
    const char *v = req_query(c->rq, "v");
    /* A versioned URL names exactly this content, so it may be cached for good. */
    bool versioned = v && strlen(v) == 16 && strncmp(v, etag + 1, 16) == 0;
    resp_header(c->a, c->rs, "ETag", etag);
    resp_header(c->a, c->rs, "Cache-Control",
                versioned ? "public, max-age=31536000, immutable" : "public, max-age=300");
    const char *inm = req_header(c->rq, "if-none-match");
    if (inm && strstr(inm, etag)) {
        c->rs->status = 304;
        return;
    }
    c->rs->status = 200;
    resp_header(c->a, c->rs, "Content-Type", content_type_for(name));
    sb_add(&c->rs->body, f->data, f->size);
}

static void h_asset(ctx *c)
{
    serve_embedded(c, req_param(c->rq, "name"));
}

static void h_favicon(ctx *c)
{
    serve_embedded(c, "favicon.svg");
}

static void h_healthz(ctx *c)
{
    c->rs->status = 200;
    resp_header(c->a, c->rs, "Content-Type", "text/plain; charset=utf-8");
    resp_header(c->a, c->rs, "Cache-Control", "no-store");
    html_raw(&c->rs->body, "ok\n");
}

/* ---- flash messages ----------------------------------------------------------------- */

static bool secure_cookies(void)
{
    const char *s = getenv("VANPHONG_SECURE_COOKIES");
    return s && strcmp(s, "1") == 0;
}

void page_flash_set(ctx *c, const char *message)
{
    if (!message || !*message)
        return;
    strbuf v = STRBUF_INIT;
    url_encode(&v, message);
    if (v.len <= FLASH_MAX_BYTES * 3)
        resp_header(c->a, c->rs, "Set-Cookie",
                    arena_printf(c->a, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s",
                                 FLASH_COOKIE, sb_str(&v), FLASH_MAX_AGE_S,
                                 secure_cookies() ? "; Secure" : ""));
    sb_free(&v);
}

/* Returns the pending flash message (arena) and clears the cookie, or NULL. The cookie is
 * client-controlled, so it is shown only as escaped text and only when it is short, valid
 * UTF-8 — never trusted as markup or as an instruction. */
static const char *flash_take(ctx *c)
{
    const char *raw = req_cookie(c->rq, FLASH_COOKIE);
    if (!raw)
        return NULL;
    resp_header(c->a, c->rs, "Set-Cookie",
                arena_printf(c->a, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s", FLASH_COOKIE,
                             secure_cookies() ? "; Secure" : ""));
    size_t n = strlen(raw);
    if (n == 0 || n > FLASH_MAX_BYTES * 3)
        return NULL;
    char *msg = http_percent_decode(c->a, raw, n, false);
    if (!msg)
        return NULL;
    size_t m = strlen(msg);
    if (m == 0 || m > FLASH_MAX_BYTES || !vi_valid_utf8(msg, m))
        return NULL;
    return msg;
}

/* ---- the frame ---------------------------------------------------------------------- */

struct nav_item {
    const char *key, *href, *label;
    const char *group; /* heading of the group the item opens; NULL continues the group above */
};

/* Labels are N_() so xgettext collects them; translated when written. Eighteen links in one
 * column are a wall: they are grouped as the office thinks of its work — the documents and
 * their keeping, directing the committee's work, the people and money of the Party. */
static const struct nav_item nav_main[] = {
    {"home", "/", N_("Trang chủ"), NULL},
    {"incoming", "/incoming", N_("Văn bản đến"), N_("Văn bản, hồ sơ")},
    {"outgoing", "/outgoing", N_("Văn bản đi"), NULL},
    {"dossiers", "/dossiers", N_("Hồ sơ"), NULL},
    {"archives", "/archives", N_("Lưu trữ"), NULL},
    {"tasks", "/tasks", N_("Công việc"), N_("Điều hành")},
    {"schedule", "/schedule", N_("Lịch công tác"), NULL},
    {"programmes", "/programmes", N_("Chương trình công tác"), NULL},
    {"conferences", "/conferences", N_("Hội nghị"), NULL},
    {"periodic", "/reports/periodic", N_("Báo cáo định kỳ"), NULL},
    {"reports", "/reports", N_("Báo cáo"), NULL},
    {"petitions", "/petitions", N_("Tiếp dân, đơn thư"), NULL},
    {"members", "/members", N_("Đảng viên"), N_("Đảng vụ, hậu cần")},
    {"partyfees", "/partyfees", N_("Đảng phí"), NULL},
    {"budget", "/budget", N_("Tài chính, ngân sách"), NULL},
    {"facilities", "/facilities", N_("Tài sản, phòng họp"), NULL},
    {"awards", "/awards", N_("Khen thưởng, đào tạo"), NULL},
    {"org", "/org", N_("Tổ chức"), NULL},
};

static const struct nav_item nav_admin[] = {
    {"admin", "/admin/users", N_("Người dùng"), NULL},
    {"audit", "/admin/audit", N_("Nhật ký hệ thống"), NULL},
    {"workdays", "/admin/workdays", N_("Lịch ngày làm việc"), NULL},
    {"rules", "/admin/rules", N_("Tham số nghiệp vụ"), NULL},
    {"peers", "/admin/peers", N_("Kết nối liên thông"), NULL},
    {"edxml_organs", "/admin/edxml/organs", N_("Cơ quan liên thông"), NULL},
    {"signing", "/admin/signing", N_("Chữ ký số"), NULL},
};

/* A count the frame draws on every page (the menu's counts, the unread badge): each is a query
 * over the user's documents, and together they were a third of a register page's time (perf,
 * docs/perf/pages-before.txt). Memoised per connection while the database is unchanged
 * (db_memo_get: any commit anywhere counts again), per user and day: every input of these
 * counts is the user's rows in the database, or today. */
static int frame_count(ctx *c, const char *what, int (*fn)(ctx *))
{
    const char *key =
        arena_printf(c->a, "frame|%s|%lld|%s", what, (long long)c->user->id, web_today(c));
    int64_t v;
    uint64_t version;
    if (db_memo_get(c->db, key, &v, &version))
        return (int)v;
    int n = fn(c);
    if (n >= 0)
        db_memo_put(c->db, key, n, version);
    return n;
}

/* The whole page, frame included, kept beside the body's entry once the body has been answered
 * from the memo: the frame (menu, its counts, the bell, the user's name, the session's CSRF token
 * in the logout form) is a function of the same session, user, day and database version as the
 * body, so a second hit is one copy instead of the frame's ~40 formatted menu links (docs/perf/
 * pages.md, pages2). Not with a flash message waiting: the frame then shows it once and clears
 * its cookie. The key carries the menu's item too: a handler may draw one path under two. */
static const char *full_key(ctx *c, const page_memo *m, const char *nav)
{
    if (req_cookie(c->rq, FLASH_COOKIE) || c->rs->body.len != 0)
        return NULL;
    return arena_printf(c->a, "full|%s|%s|%s", nav ? nav : "", i18n_lang(), m->key);
}

bool page_memo_hit(ctx *c, page_memo *m, const char *title, const char *nav)
{
    *m = (page_memo){0};
    if (!c->user || c->is_api || req_cookie(c->rq, FORM_COOKIE))
        return false;
    m->key = arena_printf(c->a, "page|%s|%lld|%lld|%s|%s", c->rq->path, (long long)c->session_id,
                          (long long)c->user->id, web_today(c),
                          c->rq->raw_query ? c->rq->raw_query : "");
    size_t len = 0;
    const char *full = full_key(c, m, nav);
    const char *page = full ? db_memo_get_text(c->db, full, &len, &m->version) : NULL;
    if (page) { /* the headers page_begin sets, then the page as it was answered */
        c->rs->status = 200;
        resp_header(c->a, c->rs, "Content-Type", "text/html; charset=utf-8");
        resp_header(c->a, c->rs, "Cache-Control", "no-store");
        sb_add(&c->rs->body, page, len);
        return true;
    }
    const char *body = db_memo_get_text(c->db, m->key, &len, &m->version);
    if (!body)
        return false;
    if (!title) { /* page_memo_store_titled: "title\0body" */
        size_t n = strnlen(body, len);
        if (n == len)
            return false;
        title = arena_strndup(c->a, body, n);
        body += n + 1;
        len -= n + 1;
    }
    page_begin(c, title, nav);
    sb_add(&c->rs->body, body, len);
    page_end(c);
    if (full)
        db_memo_put_text(c->db, full, c->rs->body.buf, c->rs->body.len, m->version);
    return true;
}

void page_memo_mark(ctx *c, page_memo *m)
{
    m->from = c->rs->body.len;
}

void page_memo_store_titled(ctx *c, page_memo *m, const char *title)
{
    strbuf *b = &c->rs->body;
    if (!m->key || b->len < m->from || !title)
        return;
    strbuf t = STRBUF_INIT;
    sb_add(&t, title, strlen(title) + 1); /* with its NUL: the separator */
    sb_add(&t, b->buf + m->from, b->len - m->from);
    db_memo_put_text(c->db, m->key, t.buf, t.len, m->version);
    sb_free(&t);
}

void page_memo_store(ctx *c, page_memo *m)
{
    strbuf *b = &c->rs->body;
    if (m->key && b->len >= m->from)
        db_memo_put_text(c->db, m->key, b->buf + m->from, b->len - m->from, m->version);
}

static void nav_link(ctx *c, const struct nav_item *it, const char *current)
{
    strbuf *b = &c->rs->body;
    bool here = current && strcmp(current, it->key) == 0;
    html_printf(b, "<li><a href=\"%s\" data-nav=\"%s\"", it->href, it->key);
    if (here)
        html_raw(b, " aria-current=\"page\"");
    html_printf(b, ">%s", _(it->label));
    for (size_t i = 0; i < n_nav_counts; i++) {
        if (strcmp(nav_counts[i].key, it->key) != 0)
            continue;
        int n = frame_count(c, nav_counts[i].key, nav_counts[i].fn);
        if (n > 0)
            html_printf(b, " <span class=\"nav-count\" title=\"%s\">%d</span>",
                        _(nav_counts[i].title), n);
    }
    html_raw(b, "</a></li>");
}

static void write_nav(ctx *c, const char *current)
{
    strbuf *b = &c->rs->body;
    html_printf(b, "<nav class=\"sidenav\" aria-label=\"%s\"><ul>", _("Chức năng"));
    for (size_t i = 0; i < sizeof nav_main / sizeof nav_main[0]; i++) {
        if (nav_main[i].group)
            html_printf(b, "</ul><h2 class=\"nav-group\">%s</h2><ul>", _(nav_main[i].group));
        nav_link(c, &nav_main[i], current);
    }
    html_raw(b, "</ul>");
    if (c->user->role == ROLE_ADMIN) {
        html_printf(b, "<h2 class=\"nav-group\">%s</h2><ul>", _("Quản trị"));
        for (size_t i = 0; i < sizeof nav_admin / sizeof nav_admin[0]; i++)
            nav_link(c, &nav_admin[i], current);
        html_raw(b, "</ul>");
    }
    html_raw(b, "</nav>");
}

static void write_topbar(ctx *c, const char *nav)
{
    strbuf *b = &c->rs->body;
    const user *u = c->user;
    html_raw(b, "<header class=\"topbar\">");
    html_printf(b,
                "<a class=\"brand\" href=\"/\"><img src=\"/assets/favicon.svg\" alt=\"\" "
                "width=\"24\" height=\"24\"><span>%s</span></a>",
                _("Văn phòng điện tử"));
    if (!u) {
        html_raw(b, "</header>");
        return;
    }
    if (u->unit_name)
        html_printf(b, "<span class=\"acting-unit\" title=\"%s\">%s</span>",
                    _("Đơn vị đang làm việc"), u->unit_name);

    const char *q = nav && strcmp(nav, "search") == 0 ? req_query(c->rq, "q") : NULL;
    html_printf(b,
                "<form class=\"search\" role=\"search\" method=\"get\" action=\"/search\">"
                "<label for=\"q\" class=\"vh\">%s</label>"
                "<input id=\"q\" name=\"q\" type=\"search\" maxlength=\"200\" value=\"%s\" "
                "placeholder=\"%s\" autocomplete=\"off\">"
                "<button type=\"submit\">%s</button></form>",
                _("Tìm kiếm"), q ? q : "", _("Tìm văn bản, hồ sơ… (phím /)"), _("Tìm"));

    /* The bell: the unread count, opening the list of notifications. */
    int count = badge ? frame_count(c, "badge", badge) : 0;
    html_printf(b,
                "<a class=\"notif\" id=\"notif-bell\" href=\"/notifications\" title=\"%s\">"
                "<svg class=\"bell\" width=\"18\" height=\"18\" viewBox=\"0 0 24 24\" "
                "aria-hidden=\"true\"><path fill=\"currentColor\" d=\"M12 22a2.5 2.5 0 0 0 "
                "2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 "
                "0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z\"/></svg><span class=\"vh\">%s</span>",
                _("Thông báo"), _("Thông báo"));
    if (count > 0)
        html_printf(b, " <span class=\"badge\" aria-label=\"%s\">%d</span>", _("chưa đọc"), count);
    html_raw(b, "</a>");

    html_printf(b,
                "<div class=\"who\"><a href=\"/account/password\" title=\"%s\"><span "
                "class=\"who-name\">%s</span> <span class=\"who-role\">%s</span></a></div>",
                _("Tài khoản — đổi mật khẩu"), u->name ? u->name : u->login, role_label(u->role));
    html_raw(b, "<form class=\"logout\" method=\"post\" action=\"/logout\">");
    form_csrf(c);
    html_printf(b, "<button type=\"submit\">%s</button></form>", _("Đăng xuất"));
    html_raw(b, "</header>");
}

void page_begin(ctx *c, const char *title, const char *nav)
{
    strbuf *b = &c->rs->body;
    c->rs->status = 200;
    resp_header(c->a, c->rs, "Content-Type", "text/html; charset=utf-8");
    resp_header(c->a, c->rs, "Cache-Control", "no-store");
    const char *flash = flash_take(c);

    html_printf(b,
                "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                "<title>%s — %s</title>"
                "<link rel=\"stylesheet\" href=\"/assets/app.css?v=%s\">"
                "<link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">"
                "<script src=\"/assets/app.js?v=%s\" defer></script></head>",
                i18n_lang(), title ? title : "", _("Văn phòng điện tử"),
                asset_version(c, "assets/app.css"), asset_version(c, "assets/app.js"));
    html_printf(b, "<body class=\"%s\"><a class=\"skip\" href=\"#main\">%s</a>",
                c->user ? "with-nav" : "bare", _("Bỏ qua, đến nội dung chính"));
    write_topbar(c, nav);
    html_raw(b, "<div class=\"frame\">");
    if (c->user)
        write_nav(c, nav);
    html_raw(b, "<main id=\"main\" tabindex=\"-1\">");
    if (title && *title)
        html_printf(b, "<h1>%s</h1>", title);
    if (flash)
        page_alert(c, "ok", flash);
    form_summary(c);
}

void page_end(ctx *c)
{
    strbuf *b = &c->rs->body;
    html_raw(b, "</main></div>");
    html_printf(b, "<footer class=\"foot\">%s</footer></body></html>\n",
                _("vanphong — văn phòng điện tử của cơ quan Đảng"));
}

void form_csrf(ctx *c)
{
    html_printf(&c->rs->body, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
                c->csrf_token ? c->csrf_token : "");
}

void page_alert(ctx *c, const char *kind, const char *message)
{
    if (!kind ||
        (strcmp(kind, "error") != 0 && strcmp(kind, "ok") != 0 && strcmp(kind, "warn") != 0))
        kind = "error";
    /* Errors interrupt a screen reader; confirmations are announced politely. */
    html_printf(&c->rs->body, "<div class=\"alert alert-%s\" role=\"%s\">%s</div>", kind,
                strcmp(kind, "ok") == 0 ? "status" : "alert", message ? message : "");
}

/* ---- the home page ------------------------------------------------------------------ */

/* What each role typically does first; shown when no module has contributed a section. */
static void home_quick_links(ctx *c)
{
    strbuf *b = &c->rs->body;
    enum role r = c->user->role;
    html_printf(b, "<section class=\"panel\"><h2>%s</h2><ul class=\"links\">",
                _("Bắt đầu làm việc"));
    if (r == ROLE_CLERK || r == ROLE_ADMIN)
        html_printf(b, "<li><a href=\"/incoming\">%s</a></li>", _("Vào sổ văn bản đến"));
    if (r != ROLE_UNIT)
        html_printf(b, "<li><a href=\"/incoming\">%s</a></li>", _("Xem văn bản đến"));
    html_printf(b, "<li><a href=\"/outgoing\">%s</a></li>", _("Xem văn bản đi"));
    if (r == ROLE_SPECIALIST || r == ROLE_OFFICE_LEADER || r == ROLE_COMMITTEE_LEADER)
        html_printf(b, "<li><a href=\"/tasks\">%s</a></li>", _("Công việc được giao"));
    if (r == ROLE_OFFICE_LEADER || r == ROLE_COMMITTEE_LEADER || r == ROLE_UNIT)
        html_printf(b, "<li><a href=\"/reports\">%s</a></li>", _("Báo cáo định kỳ"));
    html_printf(b, "<li><a href=\"/org\">%s</a></li>", _("Cây tổ chức và danh bạ"));
    if (r == ROLE_ADMIN) {
        html_printf(b, "<li><a href=\"/admin/users\">%s</a></li>", _("Quản lý người dùng"));
        html_printf(b, "<li><a href=\"/admin/audit\">%s</a></li>", _("Nhật ký hệ thống"));
    }
    html_printf(b, "<li><a href=\"/account/password\">%s</a></li>", _("Đổi mật khẩu"));
    html_raw(b, "</ul></section>");
}

static void h_home(ctx *c)
{
    if (!c->user) { /* the dispatcher sends anonymous visitors to /login; be safe anyway */
        respond_redirect(c, "/login");
        return;
    }
    const user *u = c->user;
    page_memo m;
    if (page_memo_hit(c, &m, _("Trang chủ"), "home"))
        return;
    page_begin(c, _("Trang chủ"), "home");
    page_memo_mark(c, &m);
    strbuf *b = &c->rs->body;
    html_printf(b, "<p class=\"greeting\">%s <strong>%s</strong>. ", _("Xin chào"),
                u->name ? u->name : u->login);
    html_printf(b, "%s: <strong>%s</strong>", _("Vai trò"), role_label(u->role));
    if (u->unit_name)
        html_printf(b, " · %s: <strong>%s</strong>", _("Đơn vị"), u->unit_name);
    html_raw(b, "</p>");
    if (n_home_sections == 0)
        home_quick_links(c);
    else {
        html_raw(b, "<div class=\"home-grid\">");
        for (size_t i = 0; i < n_home_sections; i++)
            home_sections[i](c);
        html_raw(b, "</div>");
    }
    page_memo_store(c, &m);
    page_end(c);
}

void layout_routes(void)
{
    route_add("GET", "/", h_home, 0);
    route_add("GET", "/assets/{name}", h_asset, ROUTE_PUBLIC);
    route_add("GET", "/favicon.ico", h_favicon, ROUTE_PUBLIC);
    route_add("GET", "/healthz", h_healthz, ROUTE_PUBLIC);
}
