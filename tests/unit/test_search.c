/* Full-text search (search/search.h) over real incoming and outgoing documents: the VI-TEXT.md
 * match table, exact-diacritic ranking, document numbers, filters and facets, strict
 * permission filtering (the SQL rule compared with incoming_may_see/outgoing_may_see for every
 * user and document), the extraction job, the index state, and the sandbox's limits. */
#include <math.h>

#include "files/files.h"
#include "tasks/tasks.h"
#include "test_outgoing_fixture.h"
#include "test_search_same.h"

#include "files/blob.h"
#include "catalog/vocab.h"
#include "incoming/incoming.h"
#include "outgoing/outgoing.h"
#include "jobs/jobs.h"
#include "search/fts5_vi.h"
#include "search/search.h"
#include "search/search_sql.h"

static int64_t reg_in(struct fx *f, int who, const char *code, const char *issuer,
                      const char *subject, const char *secrecy, const char *date)
{
    in_new in = {
        .issuer_name = issuer,
        .code = code,
        .doc_type = "cong_van",
        .issued_date = date ? date : "2026-02-27",
        .subject = subject,
        .secrecy = secrecy,
        .duplicate_reason = "thử",
    };
    web_err e;
    int64_t n = 0;
    int64_t id = incoming_register(&f->c[who], &in, &n, &e);
    if (id < 0)
        fail_msg("register %s: %d %s %s", code, e.status, e.code, web_err_message(&e));
    return id;
}

static int64_t draft_out(struct fx *f, int who, const char *subject, const char *body, int secrecy)
{
    out_draft in = {.register_id = 1,
                    .doc_type = "bao_cao",
                    .subject = subject,
                    .body = body,
                    .secrecy = secrecy};
    const char *err = NULL;
    int status = 0;
    int64_t id = outgoing_create(&f->c[who], &in, &err, &status);
    if (id < 0)
        fail_msg("draft: %d %s", status, err);
    return id;
}

static search_result run(struct fx *f, int who, const char *q)
{
    search_filter flt = {.q = q, .secrecy = -1, .limit = 100};
    return search_or_fail(&f->c[who], &flt);
}

static bool has(const search_result *r, const char *kind, int64_t id)
{
    for (int i = 0; i < r->n_hits; i++)
        if (r->hits[i].id == id && strcmp(r->hits[i].kind, kind) == 0)
            return true;
    return false;
}

static int setup(void **state)
{
    (void)fx_value;
    fx_setup(state);
    struct fx *f = *state;
    if (!test_store_pg()) /* SQLite's FTS5 tokenizer; PostgreSQL's index is plain tables */
        assert_int_equal(fts5_vi_register(db_sqlite_handle(f->d)), 0);
    return 0;
}

static void test_match_table(void **state)
{
    struct fx *f = *state;
    int64_t ct = reg_in(f, P_CLERK, "01-CV/UBND", "UBND thành phố",
                        "Thành phố Cần Thơ tổ chức hội nghị", NULL, NULL);
    int64_t dang = reg_in(f, P_CLERK, "02-CV/TU", "Thành ủy",
                          "Đảng bộ thành phố học tập nghị quyết", NULL, NULL);
    int64_t dangl =
        reg_in(f, P_CLERK, "03-CV/TU", "Thành ủy", "Cán bộ đang làm việc tại cơ sở", NULL, NULL);
    int64_t hb =
        reg_in(f, P_CLERK, "04-CV/TU", "Tỉnh ủy Hòa Bình", "Hợp tác với tỉnh Hòa Bình", NULL, NULL);
    int64_t nfd = reg_in(f, P_CLERK, "05-CV/TU", "Ban Tổ chức",
                         "Quyết định về ông NGUYE\xcc\x82\xcc\x83N VA\xcc\x86N A", NULL, NULL);
    int64_t vt =
        reg_in(f, P_CLERK, "06-CV/TU", "Ban Tuyên giáo", "Phòng văn thư lưu trữ", NULL, NULL);
    int64_t ql1 =
        reg_in(f, P_CLERK, "07-CV/TU", "Văn phòng", "Tăng cường quản lý tài sản", NULL, NULL);
    int64_t ql2 =
        reg_in(f, P_CLERK, "08-CV/TU", "Văn phòng", "Quy chế quản lí văn bản", NULL, NULL);
    int64_t hd = reg_in(f, P_CLERK, "36-HD/VPTW", "Văn phòng Trung ương",
                        "Hướng dẫn thể thức văn bản", NULL, NULL);
    int64_t qd =
        reg_in(f, P_CLERK, "123/QĐ-UBND", "UBND thành phố", "Quyết định khen thưởng", NULL, NULL);

    search_result r = run(f, P_CLERK, "can tho");
    assert_true(has(&r, "in", ct));
    r = run(f, P_CLERK, "dang");
    assert_true(has(&r, "in", dang));
    assert_true(has(&r, "in", dangl));
    r = run(f, P_CLERK, "đảng");
    assert_true(has(&r, "in", dang));
    assert_false(has(&r, "in", dangl));
    r = run(f, P_CLERK, "hoà bình");
    assert_true(has(&r, "in", hb));
    r = run(f, P_CLERK, "nguyen");
    assert_true(has(&r, "in", nfd));
    r = run(f, P_CLERK, "\"văn phòng\"");
    assert_false(has(&r, "in", vt));
    r = run(f, P_CLERK, "quan ly");
    assert_true(has(&r, "in", ql1));
    assert_true(has(&r, "in", ql2));
    r = run(f, P_CLERK, "vpt*");
    assert_true(has(&r, "in", hd));
    /* document numbers whole and by parts */
    r = run(f, P_CLERK, "36-HD/VPTW");
    assert_int_equal(r.total, 1);
    assert_true(has(&r, "in", hd));
    r = run(f, P_CLERK, "123/QĐ-UBND");
    assert_true(has(&r, "in", qd));
    assert_int_equal(r.total, 1);
    r = run(f, P_CLERK, "VPTW");
    assert_true(has(&r, "in", hd));
    /* exclusion and OR */
    r = run(f, P_CLERK, "dang -lam");
    assert_true(has(&r, "in", dang));
    assert_false(has(&r, "in", dangl));
    r = run(f, P_CLERK, "hòa OR khen");
    assert_true(has(&r, "in", hb) && has(&r, "in", qd));
    /* snippets: the original text, escaped, with the match marked */
    r = run(f, P_CLERK, "can tho");
    assert_true(r.n_hits >= 1);
    assert_non_null(strstr(r.hits[0].snippet_html, "<mark>Cần Thơ</mark>"));
}

static void test_ranking_exact_first(void **state)
{
    struct fx *f = *state;
    /* the folded-only hit is newer, so index order alone would put it first */
    int64_t plain =
        reg_in(f, P_CLERK, "11-CV/TU", "Thành ủy", "Ghi chú dang dở về đề án", NULL, NULL);
    int64_t marked =
        reg_in(f, P_CLERK, "12-CV/TU", "Thành ủy", "Nghị quyết của Đảng ủy", NULL, NULL);
    search_result r = run(f, P_CLERK, "dang");
    assert_true(r.n_hits >= 2);
    assert_int_equal(r.hits[0].id, plain);
    assert_true(r.hits[0].exact);
    assert_true(has(&r, "in", marked));
    r = run(f, P_CLERK, "Đảng");
    assert_int_equal(r.hits[0].id, marked);
    assert_false(has(&r, "in", plain));
    /* by date: newest issued first */
    search_filter flt = {.q = "dang", .secrecy = -1, .sort = SEARCH_SORT_DATE};
    int status;
    const char *code, *err;
    int64_t old = reg_in(f, P_CLERK, "13-CV/TU", "Thành ủy", "dang cũ", NULL, "2020-01-05");
    assert_int_equal(search_run(&f->c[P_CLERK], &flt, &r, &status, &code, &err), 0);
    assert_int_equal(r.hits[r.n_hits - 1].id, old);
}

/* A page of ranked hits carries the ranking's own scores (search.c: its hits are not scored
 * again): the same as the date-sorted page computes for the same documents, and in order. */
static void test_hit_scores(void **state)
{
    struct fx *f = *state;
    static const char *subj[] = {"Kế hoạch kiểm tra đảng viên", "Đảng ủy kiểm tra kế hoạch",
                                 "Dang do ke hoach", "Kế hoạch năm", "Báo cáo kế hoạch đảng"};
    for (int i = 0; i < 25; i++) {
        char code[32];
        snprintf(code, sizeof code, "%d-KH/TU", 300 + i);
        reg_in(f, P_CLERK, code, "Thành ủy", subj[i % 5], i % 7 == 6 ? "mat" : NULL, NULL);
    }
    static const char *qs[] = {"ke hoach", "kế hoạch", "\"kế hoạch\" dang"};
    int status, checked = 0;
    const char *code, *err;
    /* the index walk and the tags (the scan ranks its first candidates itself, its MATCH then
     * holding the caller's tags: a tag is never an exact phrase), and the candidates' plan */
    static const int plans[] = {SEARCH_PLAN_INDEX, SEARCH_PLAN_TAGS, SEARCH_PLAN_SCOPED};
    for (int pl = 0; pl < 3; pl++)
        for (int q = 0; q < 3; q++)
            for (int u = 0; u < P_N; u++) {
                search_plan = plans[pl];
                search_filter df = {
                    .q = qs[q], .secrecy = -1, .limit = 100, .sort = SEARCH_SORT_DATE};
                search_result all;
                assert_int_equal(search_run(&f->c[u], &df, &all, &status, &code, &err), 0);
                for (int off = 0; off <= 10; off += 10) {
                    search_filter rf = {.q = qs[q], .secrecy = -1, .limit = 10, .offset = off};
                    search_result r;
                    assert_int_equal(search_run(&f->c[u], &rf, &r, &status, &code, &err), 0);
                    for (int i = 0; i < r.n_hits; i++) {
                        if (i > 0 && r.hits[i].score > r.hits[i - 1].score + 1e-9)
                            fail_msg("«%s» user %d: hit %d scores above the one before", qs[q], u,
                                     i);
                        int j = 0;
                        while (j < all.n_hits && (all.hits[j].id != r.hits[i].id ||
                                                  strcmp(all.hits[j].kind, r.hits[i].kind) != 0))
                            j++;
                        assert_true(j < all.n_hits);
                        if (all.hits[j].exact != r.hits[i].exact ||
                            fabs(all.hits[j].score - r.hits[i].score) > 1e-9)
                            fail_msg("plan %d, «%s» user %d: %lld scored %f/%d, %f/%d by date",
                                     plans[pl], qs[q], u, (long long)r.hits[i].id, r.hits[i].score,
                                     r.hits[i].exact, all.hits[j].score, all.hits[j].exact);
                        checked++;
                    }
                }
            }
    search_plan = SEARCH_PLAN_AUTO;
    assert_true(checked >= 180);
}

/* A document registered a moment ago is found at once even when the rows to index before it
 * fill more than one bounded indexing transaction (SEARCH_SYNC_TX_BYTES, or SEARCH_SYNC_TX_MS
 * on a loaded machine): a newer draft with the largest body a draft may have fills the first
 * one by itself (the flake of test_match_table on PostgreSQL under load). */
static void test_found_past_one_batch(void **state)
{
    struct fx *f = *state;
    int64_t small =
        reg_in(f, P_CLERK, "21-CV/TU", "Thành ủy", "Về việc kiểm kê xylophon", NULL, NULL);
    size_t n = OUT_MAX_BODY;
    char *body = malloc(n + 1);
    assert_non_null(body);
    for (size_t i = 0; i < n; i++)
        body[i] = i % 8 == 7 ? ' ' : 'a' + (char)(i / 8 % 26);
    body[n] = 0;
    int64_t big = draft_out(f, P_CLERK, "Báo cáo dài", body, 0);
    free(body);
    search_result r = run(f, P_CLERK, "xylophon");
    assert_true(has(&r, "in", small));
    assert_int_equal(r.total, 1);
    r = run(f, P_CLERK, "bao cao dai");
    assert_true(has(&r, "out", big));
}

/* Issue 17: the scoped scan (a caller's candidates merged with the index's rowids) and the
 * index scan give the same result — total, cut, ranking order, facets — for every user of the
 * fixture, several queries and filters. */
static int plan_runs;  /* searches compared, so a test can tell the comparison ran */
static int plan_found; /* of them, filtered ones with something found: not trivially equal */

/* Every plan (search.h) gives the index walk's result: the scoped candidates and the tags
 * (search_tags.c), for every user, query and filter the tags can carry. */
enum { PLAN_VARIANTS = 9 };

static void plan_parity(struct fx *f)
{
    static const char *const queries[] = {
        "kiem tra", "kế hoạch", "cong tac", "liên ngành", "nhân sự", "báo cáo OR phối hợp", "ke*"};
    for (int u = 0; u < P_N; u++)
        for (size_t q = 0; q < sizeof queries / sizeof *queries; q++)
            for (int v = 0; v < PLAN_VARIANTS; v++) {
                search_filter flt = {.q = queries[q], .secrecy = -1, .limit = 3};
                if (v == 1)
                    flt.kind = "in";
                if (v == 2)
                    flt.secrecy = SECRECY_MAT;
                if (v == 3)
                    flt.sort = SEARCH_SORT_DATE;
                if (v == 4) {
                    flt.from = "2025-01-01";
                    flt.to = "2025-12-31";
                    flt.offset = 1;
                }
                if (v == 5)
                    flt.year = 2026;
                if (v == 6) {
                    flt.kind = "out";
                    flt.from = "2026-02-01";
                    flt.to = "2026-03-15";
                }
                if (v == 7)
                    flt.unit_id = f->c[P_CLERK].user->unit_id;
                if (v == 8) {
                    flt.doc_type = "cong_van";
                    flt.year = 2026;
                }
                search_result a, b, t;
                int status;
                const char *code, *err;
                search_plan = SEARCH_PLAN_INDEX;
                if (search_run(&f->c[u], &flt, &a, &status, &code, &err) != 0)
                    fail_msg("index: user %d «%s» v%d: %d %s", u, queries[q], v, status, err);
                search_plan = SEARCH_PLAN_SCOPED;
                if (search_run(&f->c[u], &flt, &b, &status, &code, &err) != 0)
                    fail_msg("scoped: user %d «%s» v%d: %d %s", u, queries[q], v, status, err);
                search_plan = SEARCH_PLAN_TAGS;
                if (search_run(&f->c[u], &flt, &t, &status, &code, &err) != 0)
                    fail_msg("tags: user %d «%s» v%d: %d %s", u, queries[q], v, status, err);
                search_plan = SEARCH_PLAN_AUTO;
                char what[96];
                snprintf(what, sizeof what, "«%s» variant %d (scoped)", queries[q], v);
                search_same(&a, &b, what, u);
                snprintf(what, sizeof what, "«%s» variant %d (tags)", queries[q], v);
                search_same(&a, &t, what, u);
                plan_runs++;
                plan_found += v >= 5 && a.total > 0;
            }
}

static void test_visibility_parity(void **state);

static void test_secrecy_and_facets(void **state)
{
    struct fx *f = *state;
    int64_t open_id =
        reg_in(f, P_CLERK, "21-CV/TU", "Thành ủy", "Kế hoạch kiểm tra giám sát", NULL, NULL);
    int64_t secret =
        reg_in(f, P_CLERK, "22-CV/TU", "Thành ủy", "Kế hoạch kiểm tra nhân sự", "mat", NULL);
    int64_t out_secret = draft_out(f, P_CLERK, "Báo cáo kiểm tra mật", "Nội dung kiểm tra", 1);
    int64_t out_open = draft_out(f, P_CLERK, "Báo cáo kiểm tra thường", "Nội dung kiểm tra", 0);

    search_result r = run(f, P_CLERK, "kiem tra");
    assert_int_equal(r.total, 4);
    assert_true(has(&r, "in", secret) && has(&r, "out", out_secret));
    /* a specialist of the same unit: the ordinary ones only, in hits, total and facets */
    r = run(f, P_SPEC, "kiem tra");
    assert_int_equal(r.total, 2);
    assert_true(has(&r, "in", open_id) && has(&r, "out", out_open));
    assert_false(has(&r, "in", secret) || has(&r, "out", out_secret));
    int64_t sum = 0;
    for (int i = 0; i < r.n_kind; i++)
        sum += r.by_kind[i].count;
    assert_int_equal(sum, 2);
    /* a specialist of another unit: nothing at all */
    r = run(f, P_SPEC2, "kiem tra");
    assert_int_equal(r.total, 0);
    assert_int_equal(r.n_hits, 0);
    assert_int_equal(r.n_kind + r.n_type + r.n_year + r.n_unit, 0);
    r = run(f, P_SPEC2, "nhân sự");
    assert_int_equal(r.total, 0);
    /* the admin is technical: no secret documents */
    r = run(f, P_ADMIN, "kiem tra");
    assert_int_equal(r.total, 2);
    /* the leader sees all four; facets by kind say 2 + 2 */
    r = run(f, P_LEADER, "kiem tra");
    assert_int_equal(r.total, 4);
    assert_int_equal(r.n_kind, 2);
    assert_int_equal(r.by_kind[0].count, 2);
    /* filters */
    search_filter flt = {.q = "kiem tra", .secrecy = -1, .kind = "out"};
    int status;
    const char *code, *err;
    assert_int_equal(search_run(&f->c[P_LEADER], &flt, &r, &status, &code, &err), 0);
    assert_int_equal(r.total, 2);
    flt = (search_filter){.q = "kiem tra", .secrecy = SECRECY_MAT};
    assert_int_equal(search_run(&f->c[P_LEADER], &flt, &r, &status, &code, &err), 0);
    assert_int_equal(r.total, 2);
    /* routed to chuyenvien2 (another unit), the secret document becomes visible to them */
    in_assign a = {.lead = {.user_id = 7}, .due_date = "2026-03-10"};
    web_err e;
    assert_int_equal(routing_assign(&f->c[P_OFFICE], secret, &a, &e), 0);
    r = run(f, P_SPEC2, "kiem tra");
    assert_int_equal(r.total, 1);
    assert_true(has(&r, "in", secret));
    /* an ordinary one of another unit, routed to them: visible through the assignment alone */
    int64_t joint = reg_in(f, P_CLERK, "23-CV/TU", "Thành ủy", "Phối hợp liên ngành", NULL, NULL);
    r = run(f, P_SPEC2, "liên ngành");
    assert_int_equal(r.total, 0);
    in_assign a2 = {.lead = {.user_id = 7}, .due_date = "2026-03-10"};
    assert_int_equal(routing_assign(&f->c[P_OFFICE], joint, &a2, &e), 0);
    r = run(f, P_SPEC2, "liên ngành");
    assert_int_equal(r.total, 1);
    assert_true(has(&r, "in", joint));
    test_visibility_parity(state);
    plan_runs = plan_found = 0;
    plan_parity(f);
    assert_int_equal(plan_runs, P_N * 7 * PLAN_VARIANTS);
    assert_true(plan_found >= P_N);
}

/* Past the scan (search_scan_max lowered so a handful of documents reach it): the total says
 * "more", relevance pages go on in index order, and date order stays exact even for an old
 * registration dated after every newer one. */
static void test_scan_cut(void **state)
{
    struct fx *f = *state;
    int64_t recent =
        reg_in(f, P_CLERK, "31-CV/TU", "Thành ủy", "Tổng kết công tác năm", NULL, "2026-02-26");
    int64_t older[5];
    for (int i = 0; i < 5; i++) {
        char code[32], date[32];
        snprintf(code, sizeof code, "%d-CV/TU", 32 + i);
        snprintf(date, sizeof date, "2025-0%d-10", i + 1);
        older[i] = reg_in(f, P_CLERK, code, "Thành ủy", "Báo cáo công tác", NULL, date);
    }
    int saved = search_scan_max;
    search_scan_max = 3;
    search_result r = run(f, P_CLERK, "cong tac");
    assert_true(r.total_capped);
    assert_int_equal(r.total, 3);
    assert_false(r.ranked_all);
    assert_int_equal(r.n_hits, 6); /* three ranked, then the older ones */
    assert_true(has(&r, "in", recent) && has(&r, "in", older[0]));

    search_filter flt = {.q = "cong tac", .secrecy = -1, .sort = SEARCH_SORT_DATE, .limit = 2};
    int status;
    const char *code, *err;
    assert_int_equal(search_run(&f->c[P_CLERK], &flt, &r, &status, &code, &err), 0);
    assert_int_equal(r.n_hits, 2);
    assert_int_equal(r.hits[0].id, recent); /* older in the index than the scan */
    assert_int_equal(r.hits[1].id, older[4]);
    /* a page past the scanned rows: every match sorted */
    flt.offset = 4;
    assert_int_equal(search_run(&f->c[P_CLERK], &flt, &r, &status, &code, &err), 0);
    assert_int_equal(r.n_hits, 2);
    assert_int_equal(r.hits[0].id, older[1]);
    assert_int_equal(r.hits[1].id, older[0]);
    /* the cut scan through the candidates too */
    plan_parity(f);
    search_scan_max = saved;
}

/* The SQL rule against the services' own rule, for every user and document. */
static void test_visibility_parity(void **state)
{
    struct fx *f = *state;
    static const db_query q_all = {"t.all", "SELECT kind, doc_id FROM search_docs", NULL};
    static const db_query q_vis = {
        "t.vis",
        "SELECT 1 FROM search_docs d WHERE d.kind = ?6 AND d.doc_id = ?7 AND " SEARCH_VISIBLE,
        NULL};
    typedef struct {
        char kind[4];
        int64_t id;
    } doc;
    doc docs[200];
    int n = 0;
    db_stmt *s = db_stmt_get(f->d, &q_all);
    while (n < 200 && db_step(s) == DB_ROW) {
        snprintf(docs[n].kind, sizeof docs[n].kind, "%s", db_col_text(s, 0));
        docs[n].id = db_col_int(s, 1);
        n++;
    }
    db_reset(s);
    assert_true(n >= 4);
    for (int u = 0; u < P_N; u++)
        for (int i = 0; i < n; i++) {
            ctx *c = &f->c[u];
            bool want = strcmp(docs[i].kind, "in") == 0 ? incoming_may_see(c, docs[i].id)
                                                        : outgoing_may_see(c, docs[i].id);
            s = db_stmt_get(f->d, &q_vis);
            search_bind_visibility(c, s);
            db_bind_text(s, 6, docs[i].kind);
            db_bind_int(s, 7, docs[i].id);
            bool got = db_step(s) == DB_ROW;
            db_reset(s);
            if (got != want)
                fail_msg("user %d, %s %lld: SQL says %d, may_see says %d", u, docs[i].kind,
                         (long long)docs[i].id, got, want);
        }
}

static void test_invalid_queries(void **state)
{
    struct fx *f = *state;
    const char *bad[] = {"\"văn phòng", "-", "OR", "-dang", "(dang", "dang\xff"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        search_filter flt = {.q = bad[i], .secrecy = -1};
        search_result r;
        int status;
        const char *code, *err;
        assert_int_equal(search_run(&f->c[P_CLERK], &flt, &r, &status, &code, &err), -1);
        assert_int_equal(status, 400);
        assert_string_equal(code, "invalid_query");
        assert_non_null(err);
    }
}

/* An attachment goes through the extraction job into the index; a garbage one ends failed. */
static void test_extraction_job(void **state)
{
    struct fx *f = *state;
    int64_t id = reg_in(f, P_CLERK, "31-CV/TU", "Thành ủy", "Công văn có tệp đính kèm", NULL, NULL);
    const char *txt = "Phụ lục: danh sách đảng viên được tặng Huy hiệu 40 năm tuổi Đảng.\n";
    char sha[65];
    const char *err = NULL;
    assert_int_equal(blob_put_bytes(f->blobs, f->tmp, txt, strlen(txt), sha, &err), 0);
    static const db_query q_att = {
        "t.att",
        "INSERT INTO attachments (doc_kind, doc_id, sha256, filename, mime, size)"
        " VALUES ('in', ?1, ?2, ?3, ?4, ?5)",
        NULL};
    db_stmt *s = db_stmt_get(f->d, &q_att);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, sha);
    db_bind_text(s, 3, "phuluc.txt");
    db_bind_text(s, 4, "text/plain");
    db_bind_int(s, 5, (int64_t)strlen(txt));
    assert_int_equal(db_exec(s), DB_DONE);
    /* garbage: a "PDF" that is not one */
    const char *junk = "%PDF-1.4\n\x01\x02garbage garbage\n";
    char sha2[65];
    assert_int_equal(blob_put_bytes(f->blobs, f->tmp, junk, strlen(junk), sha2, &err), 0);
    s = db_stmt_get(f->d, &q_att);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, sha2);
    db_bind_text(s, 3, "hong.pdf");
    db_bind_text(s, 4, "application/pdf");
    db_bind_int(s, 5, (int64_t)strlen(junk));
    assert_int_equal(db_exec(s), DB_DONE);

    search_state st;
    assert_int_equal(search_index_state(&f->c[P_CLERK], "in", id, &st), 0);
    assert_string_equal(st.state, "queued");
    assert_int_equal(st.files, 2);
    assert_int_equal(search_index_state(&f->c[P_SPEC2], "in", id, &st), -1);

    db_thread_init(f->dbpath);
    if (!test_store_pg())
        fts5_vi_register(db_sqlite_handle(db_thread()));
    assert_int_equal(jobs_run_pending(10, f->dir), 2);
    db_thread_close();

    search_result r = run(f, P_CLERK, "huy hieu");
    assert_true(has(&r, "in", id));
    assert_non_null(strstr(r.hits[0].snippet_html, "tặng <mark>Huy hiệu</mark> 40"));
    assert_int_equal(search_index_state(&f->c[P_CLERK], "in", id, &st), 0);
    assert_string_equal(st.state, "failed");
    assert_int_equal(st.files_failed, 1);
    assert_non_null(st.error);
    search_failure *rows;
    assert_int_equal(search_failures(&f->c[P_CLERK], &rows, 10), 1);
    assert_string_equal(rows[0].filename, "hong.pdf");
    assert_int_equal(search_failures(&f->c[P_SPEC2], &rows, 10), 0);
    /* retry: queued again, audited */
    int status;
    assert_int_equal(search_reindex_doc(&f->c[P_SPEC], "in", id, &status), -1);
    assert_int_equal(status, 403);
    assert_int_equal(search_reindex_doc(&f->c[P_CLERK], "in", id, &status), 0);
    assert_int_equal(search_index_state(&f->c[P_CLERK], "in", id, &st), 0);
    assert_string_equal(st.state, "queued");
}

static void test_xml_text(void **state)
{
    (void)state;
    const char *xml = "<w:document><w:body><w:p><w:r><w:t>Đảng bộ &amp; chính quyền</w:t></w:r>"
                      "</w:p><w:p><w:r><w:t>Số 36-HD/VPTW &#272;&#x1ea3;ng</w:t></w:r></w:p>"
                      "</w:body></w:document>";
    char *t = files_xml_text(xml, strlen(xml));
    assert_string_equal(t, "Đảng bộ & chính quyền\nSố 36-HD/VPTW Đảng\n");
    free(t);
}

static void test_sandbox_limits(void **state)
{
    (void)state;
    strbuf out = STRBUF_INIT;
    char *err = NULL;
    bool trunc = false;
    exec_limits lim = {5, 1, (size_t)256 << 20, (size_t)1 << 20, 1024};
    /* time limit */
    const char *sleep_argv[] = {"sleep", "10", NULL};
    int64_t t0 = clock_now_ms();
    assert_int_equal(jobs_exec(sleep_argv, NULL, &lim, &out, &trunc, &err), -1);
    assert_true(clock_now_ms() - t0 < 5000);
    assert_non_null(strstr(err, "timed out"));
    free(err);
    /* output cap */
    const char *yes_argv[] = {"yes", "Đảng", NULL};
    lim.wall_s = 10;
    assert_int_equal(jobs_exec(yes_argv, NULL, &lim, &out, &trunc, &err), 0);
    assert_true(trunc);
    assert_int_equal(out.len, 1024);
    sb_reset(&out);
    /* failing program: its stderr in the message */
    const char *sh_argv[] = {"sh", "-c", "echo hỏng >&2; exit 3", NULL};
    assert_int_equal(jobs_exec(sh_argv, NULL, &lim, &out, &trunc, &err), -1);
    assert_non_null(strstr(err, "exit 3"));
    assert_non_null(strstr(err, "hỏng"));
    free(err);
    /* memory limit: a shell asked to build a huge string dies */
    const char *mem_argv[] = {"sh", "-c",
                              "x=$(head -c 400000000 /dev/zero | tr '\\0' a); echo ${#x}", NULL};
    lim.mem_bytes = (size_t)64 << 20;
    assert_int_equal(jobs_exec(mem_argv, NULL, &lim, &out, &trunc, &err), -1);
    free(err);
    /* not found */
    const char *none_argv[] = {"no-such-program-vp", NULL};
    assert_int_equal(jobs_exec(none_argv, NULL, &lim, &out, &trunc, &err), -1);
    free(err);
    sb_free(&out);
}

/* An index written before the tags column (schema 059) is rebuilt with it the first time a
 * search opens it: the same results before and after, for every user, and the tags plan on it
 * gives the index walk's answers. */
/* search_fts rewritten in an older layout: without the tags column (schema 059 and older) or
 * with them but the 2- and 3-character prefix indexes only (session 9). */
static void old_layout(struct fx *f, bool tags)
{
    char *err = NULL;
    if (db_exec_script(
            f->d,
            tags ? "CREATE TABLE t_old AS SELECT rowid AS id, code, issuer, subject, signer,"
                   " doc_type, body, tags FROM search_fts;"
                   "DROP TABLE search_fts;"
                   "CREATE VIRTUAL TABLE search_fts USING fts5(code, issuer, subject, signer,"
                   " doc_type, body, tags, tokenize='vi', prefix='2 3');"
                   "INSERT INTO search_fts (rowid, code, issuer, subject, signer, doc_type, body,"
                   " tags) SELECT * FROM t_old; DROP TABLE t_old;"
                 : "CREATE TABLE t_old AS SELECT rowid AS id, code, issuer, subject, signer,"
                   " doc_type, body FROM search_fts;"
                   "DROP TABLE search_fts;"
                   "CREATE VIRTUAL TABLE search_fts USING fts5(code, issuer, subject, signer,"
                   " doc_type, body, tokenize='vi', prefix='2 3');"
                   "INSERT INTO search_fts (rowid, code, issuer, subject, signer, doc_type, body)"
                   " SELECT * FROM t_old; DROP TABLE t_old;",
            &err) != 0)
        fail_msg("old layout: %s", err);
}

/* 1 when search_fts has the tags column and the 4-character prefix index. */
static int layout_current(struct fx *f)
{
    static const db_query q_layout = {
        "t.layout",
        "SELECT (SELECT count(*) FROM pragma_table_info('search_fts') WHERE name = 'tags')"
        " * (SELECT instr(sql, 'prefix=''2 3 4''') > 0 FROM sqlite_master"
        " WHERE name = 'search_fts')",
        NULL};
    db_stmt *s = db_stmt_get(f->d, &q_layout);
    assert_int_equal(db_step(s), DB_ROW);
    int v = (int)db_col_int(s, 0);
    db_reset(s);
    return v;
}

static void test_index_upgrade(void **state)
{
    struct fx *f = *state;
    if (test_store_pg())
        skip(); /* FTS5 is SQLite's; PostgreSQL's index has no layout to upgrade */
    reg_in(f, P_CLERK, "41-CV/TU", "Thành ủy", "Kế hoạch kiểm tra năm 2026", "mat", NULL);
    reg_in(f, P_CLERK, "42-CV/TU", "Thành ủy", "Báo cáo công tác kiểm tra", NULL, "2025-06-01");
    reg_in(f, P_CLERK, "43-CV/TU", "Thành ủy", "Kiểm điểm công tác thủy lợi", NULL, NULL);
    static const char *queries[] = {"kiem tra", "kiểm*", "thủy*", "kiem*", "ki*"};
    enum { NQ = sizeof queries / sizeof *queries };
    search_result before[NQ][P_N];
    for (int q = 0; q < NQ; q++)
        for (int u = 0; u < P_N; u++)
            before[q][u] = run(f, u, queries[q]);
    assert_true(before[0][P_LEADER].total >= 2);
    assert_true(before[1][P_LEADER].total >= 3); /* the 4-character prefix: kiểm */
    assert_int_equal(layout_current(f), 1);
    for (int tags = 0; tags <= 1; tags++) {
        old_layout(f, tags);
        assert_int_equal(layout_current(f), 0);
        for (int q = 0; q < NQ; q++)
            for (int u = 0; u < P_N; u++) {
                search_result r = run(f, u, queries[q]);
                search_same(&before[q][u], &r,
                            tags ? "after the prefix upgrade" : "after the tags upgrade", u);
            }
        assert_int_equal(layout_current(f), 1);
    }
    plan_runs = 0;
    plan_parity(f);
    assert_int_equal(plan_runs, P_N * 7 * PLAN_VARIANTS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_match_table, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_ranking_exact_first, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_hit_scores, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_found_past_one_batch, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_secrecy_and_facets, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_scan_cut, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_index_upgrade, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_invalid_queries, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_extraction_job, setup, fx_teardown),
        cmocka_unit_test(test_xml_text),
        cmocka_unit_test(test_sandbox_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
