/* Search on PostgreSQL (search/search_pg.h, issue 16): the query as a tsquery (pure, always
 * run), and, against a real server (`make test-pg` sets VP_TEST_PG; skipped without it), the
 * VI-TEXT.md cases through search_run: "dang" finds Đảng, đang, dâng; "đảng" never finds
 * "đang"; phrases, prefixes, exclusion, OR, document numbers, exact-before-folded ranking,
 * snippets, the issuer filter and the visibility rule. The documents are registered through
 * the incoming service, so the triggers and the indexer run as in production. */
#include "test_outgoing_fixture.h"
#include "test_search_same.h"

#include "db/db_impl.h"
#include "incoming/incoming.h"
#include "outgoing/outgoing.h"
#include "search/search.h"
#include "search/search_pg.h"
#include "search/search_scan.h"
#include "tasks/tasks.h"

static const char *url;

/* ---- the translation (no server) ----------------------------------------------------------- */

static char *tsq(const char *q, bool exact)
{
    search_query sq;
    if (search_query_parse(q, strlen(q), &sq) != 0)
        fail_msg("parse «%s»: %s", q, sq.error);
    char *t = search_pg_tsquery(sq.match, exact, 0, NULL);
    search_query_free(&sq);
    return t;
}

static void expect(const char *q, bool exact, const char *want)
{
    char *got = tsq(q, exact);
    if (!want) {
        if (got)
            fail_msg("«%s» exact: want NULL, got %s", q, got);
        return;
    }
    if (!got || strcmp(got, want) != 0)
        fail_msg("«%s»%s: want %s, got %s", q, exact ? " exact" : "", want, got ? got : "NULL");
    free(got);
}

static void test_tsquery(void **state)
{
    (void)state;
    /* rule 7: unmarked → folded key, marked → exact key */
    expect("dang", false, "'dang'");
    expect("Đảng", false, "'đảng'");
    expect("dang", true, "'dang'");
    expect("quy che", false, "'qui' & 'che'");
    /* phrases, mixed keys inside */
    expect("\"văn phong\"", false, "('văn' <-> 'phong')");
    /* document numbers become phrases of their parts */
    expect("36-HD/VPTW", false, "('36' <-> 'hd' <-> 'vptw')");
    /* prefix, and the y/i twin of an unmarked prefix */
    expect("nguyen*", false, "'nguyen':*");
    expect("ly*", false, "('\x02li' | '\x02ly')");
    expect("quy*", false, "('\x02qui' | '\x02quy')");
    /* a lone prefix of two to four characters: the vectors' lexeme of those characters
     * (search_pg.h); longer, or inside a phrase, or for the exact column, a partial match */
    expect("th*", false, "'\x02th'");
    expect("đả*", false, "'\x02đả'");
    expect("lyo*", false, "'\x02lyo'");
    expect("ngu*", false, "'\x02ngu'");
    expect("thủy*", false, "'\x02thủy'");
    expect("thành*", false, "'thành':*");
    expect("\"văn ph\"*", false, "('văn' <-> 'ph':*)");
    expect("th*", true, "'th':*");
    expect("thủy*", true, "'thủy':*");
    /* a phrase of marked words only means the same on the exact vector (search_pg.h) */
    static const struct {
        const char *q;
        bool exact_phrase;
        const char *words; /* its words ANDed, for the GIN index */
        bool exact_keys;   /* ranked on the exact vector */
    } ph[] = {{"\"chuyển đổi số\"", true, "('chuyển' & 'đổi' & 'số')", true},
              {"\"chuyển đổi\" -\"số hóa\"", false, NULL, true},
              {"\"chuyển đổi\" OR \"số hóa\"", true, "(('chuyển' & 'đổi') | ('số' & 'hóa'))", true},
              {"\"văn phòng\" 36-HD/VPTW", false, NULL, false},
              {"\"chuyển doi\"", false, NULL, false},
              {"\"chuyển đổi\" -lam", false, NULL, false},
              {"chuyển đổi", false, NULL, true},
              {"\"chuyển đổi\" thủy*", false, NULL, false},
              {"thành*", false, NULL, true},
              {"\"văn ph\"*", false, NULL, false},
              {"\"văn phò\"*", true, "('văn' & 'phò':*)", true}};
    for (size_t i = 0; i < sizeof ph / sizeof *ph; i++) {
        search_query sq;
        assert_int_equal(search_query_parse(ph[i].q, strlen(ph[i].q), &sq), 0);
        search_pg_shape sh;
        char *t = search_pg_tsquery(sq.match, false, 0, &sh);
        if ((sh.words != NULL) != ph[i].exact_phrase)
            fail_msg("«%s» (%s): want %d", ph[i].q, t, ph[i].exact_phrase);
        if (sh.words && strcmp(sh.words, ph[i].words) != 0)
            fail_msg("«%s» words: want %s, got %s", ph[i].q, ph[i].words, sh.words);
        if (sh.exact_keys != ph[i].exact_keys)
            fail_msg("«%s» (%s): exact keys, want %d", ph[i].q, t, ph[i].exact_keys);
        free(t);
        free(sh.words);
        search_query_free(&sq);
    }
    /* exclusion and OR */
    expect("dang -lam", false, "'dang' & !'lam'");
    expect("hòa OR khen", false, "('hòa' | 'khen')");
    expect("(dang OR doan) -nhap", false, "(('dang' | 'doan')) & !'nhap'");
    /* the exact column: the positive phrases only, in their typed spelling */
    expect("dang -lam", true, "'dang'");
    expect("(dang OR doan) -nhap", true, "'dang' | 'doan'");
    expect("\"văn phong\"", true, "('văn' <-> 'phong')");
}

static void test_vectors(void **state)
{
    (void)state;
    const char *cols[6] = {"36-HD/VPTW", "Thành ủy", "Đảng bộ", "", "", "lý"};
    size_t lens[6];
    for (int i = 0; i < 6; i++)
        lens[i] = strlen(cols[i]);
    char *ex, *fo;
    search_pg_vectors(cols, lens, NULL, &ex, &fo);
    /* positions: a gap before each column; exact and folded keys share a position */
    assert_string_equal(ex, "'36':2A 'hd':3A 'vptw':4A 'thành':6C 'ủy':7C 'đảng':9B 'bộ':10B "
                            "'lý':14D ");
    assert_non_null(strstr(fo, "'đảng':9B 'dang':9B "));
    assert_non_null(strstr(fo, "'lý':14D 'li':14D "));
    /* the first two, three and four characters of every key, once each, without a position */
    const char *pre[] = {"đả", "đản", "đảng", "da", "dan", "dang", "lý",  "li",
                         "vp", "vpt", "vptw", "th", "thà", "thàn", "tha", "than",
                         "ủy", "uy",  "36",   "hd", "bộ",  "bo"};
    for (size_t i = 0; i < sizeof pre / sizeof *pre; i++) {
        char lexeme[32];
        snprintf(lexeme, sizeof lexeme, "'\x02%s' ", pre[i]);
        const char *at = strstr(fo, lexeme);
        if (!at || strstr(at + 1, lexeme))
            fail_msg("%s: want once in %s", pre[i], fo);
    }
    /* never five characters, never a key's tail */
    assert_null(strstr(fo, "'\x02thành'"));
    assert_null(strstr(fo, "'\x02tw'"));
    assert_null(strstr(ex, "\x02"));
    assert_null(strstr(ex, "'dang'"));
    free(ex);
    free(fo);
    /* a "word" PostgreSQL could not store is left out, the rest kept */
    char *big = malloc(3001);
    memset(big, 'a', 3000);
    big[3000] = 0;
    char body[3100];
    snprintf(body, sizeof body, "%s văn", big);
    const char *cols2[6] = {"", "", "", "", "", body};
    for (int i = 0; i < 6; i++)
        lens[i] = strlen(cols2[i]);
    search_pg_vectors(cols2, lens, NULL, &ex, &fo);
    assert_null(strstr(ex, "aaaa"));
    assert_non_null(strstr(ex, "'văn':"));
    free(ex);
    free(fo);
    free(big);
}

/* ---- against PostgreSQL --------------------------------------------------------------------- */

#define SKIP_WITHOUT_PG()                                                                          \
    do {                                                                                           \
        if (!url) {                                                                                \
            print_message("skipped: VP_TEST_PG is unset (run `make test-pg`)\n");                  \
            skip();                                                                                \
        }                                                                                          \
    } while (0)

/* A database of its own (the other suites share vp_test), migrated and seeded like the
 * fixture's SQLite office. */
static int pg_setup(void **state)
{
    (void)fx_setup;
    (void)fx_value;
    *state = NULL;
    if (!url)
        return 0;
    char *err = NULL;
    db *adm = NULL;
    if (db_open(url, &adm, &err) != 0)
        fail_msg("open %s: %s", url, err);
    if (db_exec_script(adm, "DROP DATABASE IF EXISTS vp_search_pg", &err) != 0 ||
        db_exec_script(adm, "CREATE DATABASE vp_search_pg", &err) != 0)
        fail_msg("create database: %s", err);
    db_close(&adm);
    struct fx *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/vp-test-pgs-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->blobs, sizeof f->blobs, "%s/blobs", f->dir);
    snprintf(f->tmp, sizeof f->tmp, "%s/tmp", f->dir);
    mkdir(f->blobs, 0750);
    mkdir(f->tmp, 0750);
    config.data_dir = f->dir;
    config.blob_dir = f->blobs;
    config.tmp_dir = f->tmp;
    char target[512];
    snprintf(target, sizeof target, "%s dbname=vp_search_pg", url); /* the last one counts */
    if (db_open(target, &f->d, &err) != 0)
        fail_msg("open %s: %s", target, err);
    if (db_migrate(f->d, &err) != 0)
        fail_msg("migrate: %s", err);
    if (db_exec_script(f->d, fx_seed_sql, &err) != 0)
        fail_msg("seed: %s", err);
    f->a = arena_new();
    fx_user(f, P_ADMIN, 1, "admin", ROLE_ADMIN, U_TU);
    fx_user(f, P_LEADER, 2, "thuongtruc", ROLE_COMMITTEE_LEADER, U_TU);
    fx_user(f, P_OFFICE, 3, "chanhvp", ROLE_OFFICE_LEADER, U_VPTU);
    fx_user(f, P_CLERK, 4, "vanthu", ROLE_CLERK, U_VPTU);
    fx_user(f, P_SPEC, 5, "chuyenvien", ROLE_SPECIALIST, U_VPTU);
    fx_user(f, P_UNIT, 6, "donvi", ROLE_UNIT, U_WARD);
    fx_user(f, P_SPEC2, 7, "chuyenvien2", ROLE_SPECIALIST, U_BTC);
    fx_user(f, P_WARD_CLERK, 8, "vanthu.binhthuy", ROLE_CLERK, U_WARD);
    fx_user(f, P_WARD_LEADER, 9, "thuongtruc.binhthuy", ROLE_COMMITTEE_LEADER, U_WARD);
    app_init();
    clock_set_fake(FX_NOW);
    *state = f;
    return 0;
}

static int pg_teardown(void **state)
{
    return *state ? fx_teardown(state) : 0;
}

static int64_t reg_in(struct fx *f, int who, const char *code, const char *issuer,
                      const char *subject, const char *date)
{
    in_new in = {
        .issuer_name = issuer,
        .code = code,
        .doc_type = "cong_van",
        .issued_date = date ? date : "2026-02-27",
        .subject = subject,
        .duplicate_reason = "thử",
    };
    web_err e;
    int64_t n = 0;
    int64_t id = incoming_register(&f->c[who], &in, &n, &e);
    if (id < 0)
        fail_msg("register %s: %d %s %s (%s)", code, e.status, e.code, web_err_message(&e),
                 db_errmsg(f->d));
    return id;
}

/* The search's inline sync is bounded by time (SEARCH_SYNC_TX_MS): on a cold server the first
 * statements' PREPAREs can use it up before the oldest documents are indexed, which the job
 * workers would do in production. The tests index everything first. */
static void index_all(struct fx *f)
{
    int n;
    while ((n = search_sync(f->d, SEARCH_SYNC_BATCH)) > 0)
        ;
    assert_int_equal(n, 0);
}

static int64_t reg_secret(struct fx *f, int who, const char *code, const char *subject)
{
    in_new in = {
        .issuer_name = "Thành ủy",
        .code = code,
        .doc_type = "cong_van",
        .issued_date = "2026-02-27",
        .subject = subject,
        .secrecy = "mat",
        .duplicate_reason = "thử",
    };
    web_err e;
    int64_t n = 0;
    int64_t id = incoming_register(&f->c[who], &in, &n, &e);
    if (id < 0)
        fail_msg("register %s: %d %s %s", code, e.status, e.code, web_err_message(&e));
    return id;
}

static search_result run_f(struct fx *f, int who, const search_filter *flt)
{
    index_all(f);
    return search_or_fail(&f->c[who], flt);
}

static search_result run(struct fx *f, int who, const char *q)
{
    search_filter flt = {.q = q, .secrecy = -1, .limit = 100};
    return run_f(f, who, &flt);
}

static bool has(const search_result *r, int64_t id)
{
    for (int i = 0; i < r->n_hits; i++)
        if (r->hits[i].id == id && strcmp(r->hits[i].kind, "in") == 0)
            return true;
    return false;
}

static void test_pg_match_table(void **state)
{
    SKIP_WITHOUT_PG();
    struct fx *f = *state;
    int64_t ct = reg_in(f, P_CLERK, "01-CV/UBND", "UBND thành phố",
                        "Thành phố Cần Thơ tổ chức hội nghị", NULL);
    int64_t dang =
        reg_in(f, P_CLERK, "02-CV/TU", "Thành ủy", "Đảng bộ thành phố học tập nghị quyết", NULL);
    int64_t dangl =
        reg_in(f, P_CLERK, "03-CV/TU", "Thành ủy", "Cán bộ đang làm việc tại cơ sở", NULL);
    int64_t dung = reg_in(f, P_CLERK, "04-CV/TU", "Ban Dân vận", "Lễ dâng hương tưởng niệm", NULL);
    int64_t hb =
        reg_in(f, P_CLERK, "05-CV/TU", "Tỉnh ủy Hòa Bình", "Hợp tác với tỉnh Hòa Bình", NULL);
    int64_t vt = reg_in(f, P_CLERK, "06-CV/TU", "Ban Tuyên giáo", "Phòng văn thư lưu trữ", NULL);
    int64_t vp = reg_in(f, P_CLERK, "07-CV/TU", "Văn phòng Thành ủy", "Văn phòng điện tử", NULL);
    int64_t ql1 = reg_in(f, P_CLERK, "08-CV/TU", "Văn phòng", "Tăng cường quản lý tài sản", NULL);
    int64_t ql2 = reg_in(f, P_CLERK, "09-CV/TU", "Văn phòng", "Quy chế quản lí văn bản", NULL);
    int64_t hd = reg_in(f, P_CLERK, "36-HD/VPTW", "Văn phòng Trung ương",
                        "Hướng dẫn thể thức văn bản", NULL);
    int64_t qd =
        reg_in(f, P_CLERK, "123/QĐ-UBND", "UBND thành phố", "Quyết định khen thưởng", NULL);

    /* "ủy" in the subject only: not a hit of the issuer filter below */
    int64_t subj =
        reg_in(f, P_CLERK, "10-CV/BTG", "Ban Tuyên giáo", "Thực hiện chỉ đạo của Thành ủy", NULL);

    search_result r = run(f, P_CLERK, "can tho");
    assert_true(has(&r, ct));
    r = run(f, P_CLERK, "dang");
    assert_true(has(&r, dang) && has(&r, dangl) && has(&r, dung));
    r = run(f, P_CLERK, "đảng");
    assert_true(has(&r, dang));
    assert_false(has(&r, dangl));
    assert_false(has(&r, dung));
    r = run(f, P_CLERK, "hoà bình"); /* new-style tone placement meets old style */
    assert_true(has(&r, hb));
    /* phrases: adjacent, in order, never across columns */
    r = run(f, P_CLERK, "\"văn phòng\"");
    assert_true(has(&r, vp));
    assert_false(has(&r, vt));
    r = run(f, P_CLERK, "\"phòng văn\"");
    assert_true(has(&r, vt));
    assert_false(has(&r, vp));
    r = run(f, P_CLERK, "quan ly");
    assert_true(has(&r, ql1) && has(&r, ql2));
    /* prefix, the y/i twin too */
    r = run(f, P_CLERK, "ly*");
    assert_true(has(&r, ql1) && has(&r, ql2));
    r = run(f, P_CLERK, "vpt*");
    assert_true(has(&r, hd));
    assert_int_equal(r.total, 1);
    /* two characters (the vectors' prefix lexemes): folded meets every spelling, marked only
     * its own, a code's part too */
    r = run(f, P_CLERK, "da*");
    assert_true(has(&r, dang) && has(&r, dangl) && has(&r, dung));
    r = run(f, P_CLERK, "đả*");
    assert_true(has(&r, dang));
    assert_false(has(&r, dangl) || has(&r, dung));
    r = run(f, P_CLERK, "vp*");
    assert_true(has(&r, hd));
    assert_int_equal(r.total, 1);
    r = run(f, P_CLERK, "qu*");
    assert_true(has(&r, ql1) && has(&r, ql2) && has(&r, qd));
    /* three and four characters (lexemes too): the same rules */
    r = run(f, P_CLERK, "dan*");
    assert_true(has(&r, dang) && has(&r, dangl) && has(&r, dung));
    r = run(f, P_CLERK, "đản*");
    assert_true(has(&r, dang));
    assert_false(has(&r, dangl) || has(&r, dung));
    r = run(f, P_CLERK, "dâng*");
    assert_true(has(&r, dung));
    assert_int_equal(r.total, 1);
    r = run(f, P_CLERK, "quyế*"); /* "Quyết định", "nghị quyết" */
    assert_true(has(&r, qd) && has(&r, dang));
    assert_int_equal(r.total, 2);
    r = run(f, P_CLERK, "vptw*");
    assert_true(has(&r, hd));
    assert_int_equal(r.total, 1);
    /* "quy*": quy chế, and quý/quỹ folded to qui; never "quản" */
    r = run(f, P_CLERK, "quy*");
    assert_true(has(&r, ql2) && has(&r, qd) && has(&r, dang));
    assert_false(has(&r, ql1));
    /* document numbers whole and by parts */
    r = run(f, P_CLERK, "36-HD/VPTW");
    assert_int_equal(r.total, 1);
    assert_true(has(&r, hd));
    r = run(f, P_CLERK, "123/QĐ-UBND");
    assert_int_equal(r.total, 1);
    assert_true(has(&r, qd));
    /* exclusion and OR */
    r = run(f, P_CLERK, "dang -lam");
    assert_true(has(&r, dang));
    assert_false(has(&r, dangl));
    r = run(f, P_CLERK, "hòa OR khen");
    assert_true(has(&r, hb) && has(&r, qd));
    assert_int_equal(r.total, 2);
    /* the issuer filter: the words in the issuer field only */
    search_filter flt = {.q = "thanh", .issuer = "ủy", .secrecy = -1, .limit = 100};
    r = run_f(f, P_CLERK, &flt);
    assert_true(has(&r, dang) && has(&r, vp));
    assert_false(has(&r, ct));
    assert_false(has(&r, subj));
    r = run(f, P_CLERK, "thanh uy");
    assert_true(has(&r, subj)); /* without the filter it is a hit */
    /* snippets: the stored text, escaped, the match marked — a phrase in one mark, as FTS5's
     * snippet() on SQLite (test_search.c's test_match_table) */
    r = run(f, P_CLERK, "can tho");
    assert_true(r.n_hits >= 1);
    assert_non_null(strstr(r.hits[0].snippet_html, "<mark>Cần Thơ</mark>"));
    /* facets come with the scan */
    assert_int_equal(r.n_kind, 1);
}

static void test_pg_ranking(void **state)
{
    SKIP_WITHOUT_PG();
    struct fx *f = *state;
    /* the folded-only hit is newer, so index order alone would put it first */
    int64_t plain = reg_in(f, P_CLERK, "11-CV/TU", "Thành ủy", "Ghi chú dang dở về đề án", NULL);
    int64_t marked = reg_in(f, P_CLERK, "12-CV/TU", "Thành ủy", "Nghị quyết của Đảng ủy", NULL);
    search_result r = run(f, P_CLERK, "dang");
    assert_int_equal(r.n_hits, 2);
    assert_int_equal(r.hits[0].id, plain);
    assert_true(r.hits[0].exact);
    assert_false(r.hits[1].exact);
    r = run(f, P_CLERK, "Đảng");
    assert_int_equal(r.n_hits, 1);
    assert_int_equal(r.hits[0].id, marked);
    /* by date: newest issued first */
    int64_t old = reg_in(f, P_CLERK, "13-CV/TU", "Thành ủy", "dang cũ", "2020-01-05");
    search_filter flt = {.q = "dang", .secrecy = -1, .sort = SEARCH_SORT_DATE};
    r = run_f(f, P_CLERK, &flt);
    assert_int_equal(r.n_hits, 3);
    assert_int_equal(r.hits[2].id, old);
    /* a cut scan: the pages past it come from SQL, in the same order */
    search_scan_max = 1;
    r = run_f(f, P_CLERK, &flt);
    assert_true(r.total_capped);
    assert_int_equal(r.n_hits, 3);
    assert_int_equal(r.hits[2].id, old);
    search_scan_max = SEARCH_COUNT_MAX;

    /* only the newest SEARCH_RANK_CANDIDATES are ranked (search.h, as on SQLite): the best
     * match comes first while it is among them, after them in index order once it is not */
    int64_t strong = reg_in(f, P_CLERK, "14-CV/TU", "Thành ủy",
                            "Thường kỳ: báo cáo thường kỳ, họp thường kỳ", NULL);
    search_filter tk = {.q = "thường kỳ", .secrecy = -1, .limit = 20};
    for (int i = 0; i < SEARCH_RANK_CANDIDATES; i++) {
        char code[32];
        snprintf(code, sizeof code, "%d-CV/TU", 100 + i);
        reg_in(f, P_CLERK, code, "Thành ủy", "Công văn thường kỳ", NULL);
        if (i == 9) {
            r = run_f(f, P_CLERK, &tk);
            assert_true(r.ranked_all);
            assert_int_equal(r.hits[0].id, strong);
        }
    }
    tk.offset = SEARCH_RANK_CANDIDATES - 10;
    r = run_f(f, P_CLERK, &tk);
    assert_int_equal(r.total, SEARCH_RANK_CANDIDATES + 1);
    assert_false(r.ranked_all);
    assert_int_equal(r.n_hits, 11);
    assert_int_equal(r.hits[10].id, strong);
}

static void test_pg_visibility(void **state)
{
    SKIP_WITHOUT_PG();
    struct fx *f = *state;
    /* registered by the city office: a ward's clerk does not see it */
    int64_t id = reg_in(f, P_CLERK, "21-CV/TU", "Thành ủy", "Kế hoạch kiểm tra giám sát", NULL);
    search_result r = run(f, P_CLERK, "giam sat");
    assert_true(has(&r, id));
    r = run(f, P_WARD_CLERK, "giam sat");
    assert_false(has(&r, id));
    assert_int_equal(r.total, 0);
    /* the SQL rule (SEARCH_VISIBLE, translated by the driver) against incoming_may_see for
     * every user: a secret document of the city office, one of the ward, an open one of the
     * ward; the total counts what SQL let through, the hits what may_see kept */
    int64_t docs[4] = {
        id, reg_secret(f, P_CLERK, "22-CV/TU", "Kế hoạch giám sát nhân sự"),
        reg_secret(f, P_WARD_CLERK, "23-CV/ĐU", "Giám sát đảng viên phường"),
        reg_in(f, P_WARD_CLERK, "24-CV/ĐU", "Đảng ủy phường", "Giám sát chi bộ khu vực", NULL)};
    for (int u = 0; u < P_N; u++) {
        r = run(f, u, "giam sat");
        int want = 0;
        for (int k = 0; k < 4; k++) {
            bool may = incoming_may_see(&f->c[u], docs[k]);
            want += may;
            if (has(&r, docs[k]) != may)
                fail_msg("user %d doc %d: hit %d, may_see %d", u, k, has(&r, docs[k]), may);
        }
        if (r.total != want || r.n_hits != want)
            fail_msg("user %d: total %lld, hits %d, may_see %d", u, (long long)r.total, r.n_hits,
                     want);
    }
    r = run(f, P_WARD_CLERK, "giam sat");
    assert_false(has(&r, docs[0]) || has(&r, docs[1]));
    assert_true(has(&r, docs[2]) && has(&r, docs[3]));
    r = run(f, P_SPEC2, "giam sat"); /* another department's specialist: the open ones in scope */
    assert_false(has(&r, docs[1]));

    /* the index state, the status page's counts and failures, a requeue (search_state.c's
     * statements, translated by the driver) */
    search_state st;
    assert_int_equal(search_index_state(&f->c[P_CLERK], "in", id, &st), 0);
    assert_string_equal(st.state, "indexed");
    assert_int_equal(search_index_state(&f->c[P_WARD_CLERK], "in", id, &st), -1);
    search_stats ss;
    assert_int_equal(search_stats_get(&f->c[P_CLERK], &ss), 0);
    assert_int_equal(ss.docs, 4);
    assert_int_equal(ss.docs_dirty, 0);
    search_failure *fails;
    assert_int_equal(search_failures(&f->c[P_CLERK], &fails, 10), 0);
    int st_code = 0;
    assert_int_equal(search_reindex_doc(&f->c[P_CLERK], "in", id, &st_code), 0);
    assert_int_equal(search_index_state(&f->c[P_CLERK], "in", id, &st), 0);
    assert_string_equal(st.state, "queued");
    r = run(f, P_CLERK, "giam sat"); /* the search's inline sync indexes it again */
    assert_true(has(&r, id));
    assert_int_equal(search_index_state(&f->c[P_CLERK], "in", id, &st), 0);
    assert_string_equal(st.state, "indexed");
    /* a bad query is refused as on SQLite */
    search_filter flt = {.q = "\"văn", .secrecy = -1};
    search_result bad;
    int status;
    const char *code, *err;
    assert_int_equal(search_run(&f->c[P_CLERK], &flt, &bad, &status, &code, &err), -1);
    assert_int_equal(status, 400);
}

/* An outgoing draft: its body is indexed and found, the hit is of kind "out". */
static void test_pg_outgoing(void **state)
{
    SKIP_WITHOUT_PG();
    struct fx *f = *state;
    out_draft in = {.register_id = 1,
                    .doc_type = "bao_cao",
                    .subject = "Báo cáo tổng kết năm",
                    .body = "Công tác chuyển đổi số của các cơ quan Đảng",
                    .secrecy = 0};
    const char *err = NULL;
    int status = 0;
    int64_t id = outgoing_create(&f->c[P_CLERK], &in, &err, &status);
    if (id < 0)
        fail_msg("draft: %d %s (%s)", status, err, db_errmsg(f->d));
    search_result r = run(f, P_CLERK, "\"chuyen doi so\"");
    assert_int_equal(r.n_hits, 1);
    assert_int_equal(r.hits[0].id, id);
    assert_string_equal(r.hits[0].kind, "out");
    assert_non_null(strstr(r.hits[0].snippet_html, "<mark>chuyển đổi số</mark>"));
}

/* Which scan the automatic plan took: the statements prepared on the connection. */
static bool seen_tagged, seen_scoped;

static void note_plan(db_stmt *s)
{
    seen_tagged |=
        strcmp(s->q->name, "search.pg_window") == 0 || strcmp(s->q->name, "search.pg_rest") == 0;
    seen_scoped |= strcmp(s->q->name, "search.pg_scan_scoped") == 0;
}

static void plans_seen(struct fx *f)
{
    seen_tagged = seen_scoped = false;
    db_cache_each(f->d, note_plan);
}

/* A small scope (the ward's clerk in the fixture) is served by the windows with her units'
 * tags, whose cost follows her matches, except for a prefix (its GIN bitmap holds every word it
 * starts): then by her candidates. */
static void test_pg_small_scope_plan(void **state)
{
    SKIP_WITHOUT_PG();
    struct fx *f = *state;
    /* The city's hundred documents make the ward's one a small share (search_scope.c). */
    for (int i = 0; i < 100; i++) {
        char code[32];
        snprintf(code, sizeof code, "%d-CV/TU", 500 + i);
        reg_in(f, P_CLERK, code, "Thành ủy", "Giám sát thành phố", NULL);
    }
    int64_t id = reg_in(f, P_WARD_CLERK, "41-CV/ĐU", "Đảng ủy phường", "Giám sát chi bộ", NULL);
    index_all(f);
    assert_int_equal(search_scope_is_small(&f->c[P_WARD_CLERK]), 1);
    plans_seen(f);
    assert_false(seen_tagged || seen_scoped);
    search_result r = run(f, P_WARD_CLERK, "giám sát");
    assert_true(has(&r, id));
    plans_seen(f);
    assert_true(seen_tagged);
    assert_false(seen_scoped);
    /* a prefix of four characters is one lexeme (search_pg.h): windows as for a word */
    r = run(f, P_WARD_CLERK, "giám*");
    assert_true(has(&r, id));
    plans_seen(f);
    assert_true(seen_tagged);
    assert_false(seen_scoped);
    /* a longer one is a partial match, which the GIN index answers for the whole office at
     * each window: the small scope's candidates instead */
    r = run(f, P_WARD_CLERK, "phườn*");
    assert_true(has(&r, id));
    plans_seen(f);
    assert_true(seen_scoped);
}

/* The scan driven by a small scope's candidates (search.pg_scan_scoped) and the windowed scan
 * (search_pg_window.c: the query, its window's tags, the scope's unit tags and the filters'
 * in the GIN index) give what the plain scan gives — rows, order, total, facets — for every
 * user of the fixture, several queries and filters, also when the scan is cut, over documents
 * reaching a ward through each branch of the rule: its own (open and secret), the city's (not
 * reached), the city's assigned to the ward unit, to a ward user, a secret one of the city
 * assigned to the ward clerk, and outgoing drafts of both. Windows of two rowids, so that the
 * scan crosses many of them, whole blocks too, and widens them as it goes. */
/* ts_rank of row id on its folded vector is bm25, as search.pg_scan ranks (search_pg_shape:
 * a query of exact keys is ranked on the exact vector, which must give the same). */
static void rank_is(struct fx *f, const char *tq, int64_t id, double bm25)
{
    static const db_query q_folded_rank = {
        "test.folded_rank",
        "SELECT ts_rank(folded, CAST(?1 AS tsquery)) FROM search_fts WHERE rowid = ?2",
        NULL,
    };
    db_stmt *s = db_stmt_get(f->d, &q_folded_rank);
    assert_non_null(s);
    db_bind_text(s, 1, tq);
    db_bind_int(s, 2, id);
    assert_int_equal(db_step(s), DB_ROW);
    double want = db_col_double(s, 0);
    db_reset(s);
    if (want != bm25)
        fail_msg("«%s» row %lld: ranked %g, ts_rank on folded %g", tq, (long long)id, bm25, want);
}

static void test_pg_scoped_plan(void **state)
{
    SKIP_WITHOUT_PG();
    struct fx *f = *state;
    web_err e;
    search_pg_window = 2;
    /* documents before the ones below, in other windows and blocks than theirs */
    for (int i = 0; i < 100; i++) {
        char code[32];
        snprintf(code, sizeof code, "%d-CV/TU", 700 + i);
        reg_in(f, i % 3 ? P_CLERK : P_WARD_CLERK, code, i % 2 ? "Thành ủy" : "Đảng ủy phường",
               i % 5 ? "Giám sát định kỳ" : "Kế hoạch năm", i % 4 ? NULL : "2025-03-04");
    }
    int64_t ward = reg_in(f, P_WARD_CLERK, "31-CV/ĐU", "Đảng ủy phường", "Giám sát chi bộ", NULL);
    /* "đảng" and "viên" apart: a hit of «"giám sát" -"đảng viên"» (search_pg_tsquery's words_r
     * under a NOT) */
    reg_in(f, P_WARD_CLERK, "30-CV/ĐU", "Đảng ủy phường", "Giám sát đảng bộ và viên chức", NULL);
    int64_t ward_secret = reg_secret(f, P_WARD_CLERK, "32-CV/ĐU", "Giám sát đảng viên");
    int64_t city = reg_in(f, P_CLERK, "33-CV/TU", "Thành ủy", "Giám sát thành phố", NULL);
    int64_t to_unit = reg_in(f, P_CLERK, "34-CV/TU", "Thành ủy", "Giám sát phối hợp", "2025-05-02");
    int64_t to_user = reg_in(f, P_CLERK, "35-CV/TU", "Thành ủy", "Giám sát chuyên đề", NULL);
    int64_t city_secret = reg_secret(f, P_CLERK, "36-CV/TU", "Giám sát nhân sự mật");
    in_assign a = {.lead = {.unit_id = U_WARD}, .due_date = "2026-03-10"};
    assert_int_equal(routing_assign(&f->c[P_OFFICE], to_unit, &a, &e), 0);
    in_assign b = {.lead = {.user_id = f->users[P_WARD_LEADER].id}, .due_date = "2026-03-10"};
    assert_int_equal(routing_assign(&f->c[P_OFFICE], to_user, &b, &e), 0);
    in_assign s = {.lead = {.user_id = f->users[P_WARD_CLERK].id}, .due_date = "2026-03-10"};
    assert_int_equal(routing_assign(&f->c[P_OFFICE], city_secret, &s, &e), 0);
    out_draft od = {.register_id = 3,
                    .doc_type = "bao_cao",
                    .subject = "Báo cáo giám sát",
                    .body = "Kết quả giám sát",
                    .secrecy = 0};
    const char *err = NULL;
    int status = 0;
    if (outgoing_create(&f->c[P_WARD_CLERK], &od, &err, &status) <= 0)
        fail_msg("ward draft: %d %s", status, err);
    od.register_id = 1;
    if (outgoing_create(&f->c[P_CLERK], &od, &err, &status) <= 0)
        fail_msg("city draft: %d %s", status, err);
    index_all(f);

    /* marked phrases (their phrase tested on the exact column: search_pg_shape), one in
     * the wrong order (its words in many documents, the phrase in none), a mixed one */
    static const char *const queries[] = {"giam sat",     "\"giám sát\"",
                                          "giám*",        "gi*",
                                          "sat -mat",     "nhân sự OR chi bộ",
                                          "không có",     "ke hoach",
                                          "\"sát giám\"", "\"giám sát\" -\"đảng viên\"",
                                          "\"giam sát\"", "\"giám sát định kỳ\""};
    int runs = 0, found = 0;
    for (int u = 0; u < P_N; u++)
        for (size_t q = 0; q < sizeof queries / sizeof *queries; q++)
            for (int v = 0; v < 6; v++) {
                search_filter flt = {.q = queries[q], .secrecy = -1, .limit = 100};
                /* the cut scan: its rows, total and the page past it */
                search_scan_max = v >= 4 ? 7 : SEARCH_COUNT_MAX;
                if (v == 4)
                    flt.doc_type = "cong_van";
                if (v == 5)
                    flt.from = "2025-02-01", flt.to = "2026-03-31", flt.offset = 9, flt.limit = 5;
                if (v == 1)
                    flt.sort = SEARCH_SORT_DATE;
                if (v == 2)
                    flt.year = 2025;
                if (v == 3)
                    flt.kind = "in", flt.offset = 1;
                search_result x, y, z;
                const char *code;
                search_plan = SEARCH_PLAN_INDEX;
                if (search_run(&f->c[u], &flt, &x, &status, &code, &err) != 0)
                    fail_msg("index: user %d «%s»: %d %s", u, queries[q], status, err);
                search_plan = SEARCH_PLAN_SCOPED;
                int rc = search_run(&f->c[u], &flt, &y, &status, &code, &err);
                search_plan = SEARCH_PLAN_TAGS;
                int rt = search_run(&f->c[u], &flt, &z, &status, &code, &err);
                search_plan = SEARCH_PLAN_AUTO;
                if (rc != 0 || rt != 0)
                    fail_msg("scoped/tags: user %d «%s»: %d %s", u, queries[q], status, err);
                char what[96];
                snprintf(what, sizeof what, "«%s» v%d (scoped)", queries[q], v);
                search_same(&x, &y, what, u);
                snprintf(what, sizeof what, "«%s» v%d (tags)", queries[q], v);
                search_same(&x, &z, what, u);
                runs++;
                found += x.total > 0;
            }
    search_scan_max = SEARCH_COUNT_MAX;
    assert_true(runs > 150 && found > 80);
    /* the rest at once (a small scope's single statement) that finds more rows than it may
     * read goes back to windows: the same scan as the windows all along, for every user */
    search_scan_max = 1; /* REST_ROWS_MAX: 16 rows */
    /* the newest rows indexed again, so that they lie last in the table: a bitmap's first rows
     * are then old ones, and a rest cut by its LIMIT would show them */
    char *err_s = NULL;
    int ranked = 0; /* searches of exact keys with rows, ranked on the exact vector */
    if (db_exec_script(f->d,
                       "UPDATE search_docs SET dirty = 1"
                       " WHERE id > (SELECT max(id) - 40 FROM search_docs)",
                       &err_s) != 0)
        fail_msg("dirty: %s", err_s ? err_s : "?");
    index_all(f);
    for (int u = 0; u < P_N; u++)
        for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
            search_query sq;
            assert_int_equal(search_query_parse(queries[q], strlen(queries[q]), &sq), 0);
            search_pg_shape sh;
            char *tq = search_pg_tsquery(sq.match, false, 0, &sh),
                 *te = search_pg_tsquery(sq.match, true, 0, NULL);
            search_filter flt = {.q = queries[q], .secrecy = -1, .limit = 100};
            scan one = {0}, win = {0};
            assert_int_equal(search_pg_scan_windows(&f->c[u], tq, te, &sh, &flt, true, true, &one),
                             0);
            assert_int_equal(search_pg_scan_windows(&f->c[u], tq, te, &sh, &flt, true, false, &win),
                             0);
            assert_int_equal(one.n, win.n);
            assert_int_equal(one.cut, win.cut);
            for (int i = 0; i < one.n; i++) {
                assert_int_equal(one.v[i].rowid, win.v[i].rowid);
                /* ranked on the exact vector or the folded one: ts_rank on the folded one */
                if (one.v[i].ranked)
                    rank_is(f, tq, one.v[i].rowid, one.v[i].bm25);
            }
            ranked += one.n > 0 && sh.exact_keys;
            free(tq);
            free(te);
            free(sh.words);
            search_query_free(&sq);
        }
    search_scan_max = SEARCH_COUNT_MAX;
    assert_true(ranked > 10);
    /* the ward clerk: her own, the one sent to her unit and the secret one sent to her; not the
     * city's own nor the one sent to her leader alone (it is his) — by the automatic plan */
    search_result r = run(f, P_WARD_CLERK, "giam sat");
    assert_true(has(&r, ward) && has(&r, ward_secret) && has(&r, to_unit) && has(&r, city_secret));
    assert_false(has(&r, city));
    assert_int_equal(has(&r, to_user), incoming_may_see(&f->c[P_WARD_CLERK], to_user));
    search_pg_window = SEARCH_PG_WINDOW; /* the vectors' tags were written with windows of 2 */
}

/* An assignment is a tag of the document (pg/064: search_tags_of, and its triggers mark the
 * document dirty): the ward clerk finds the city's document once it is sent to her ward, and
 * no longer once it is sent elsewhere instead — by the windows, as by the plain scan. */
static void test_pg_assignment_tags(void **state)
{
    SKIP_WITHOUT_PG();
    struct fx *f = *state;
    web_err e;
    int64_t id = reg_in(f, P_CLERK, "51-CV/TU", "Thành ủy", "Rà soát quy hoạch cán bộ", NULL);
    search_result r = run(f, P_WARD_CLERK, "quy hoạch");
    assert_false(has(&r, id));
    in_assign a = {.lead = {.unit_id = U_WARD}, .due_date = "2026-03-10"};
    assert_int_equal(routing_assign(&f->c[P_OFFICE], id, &a, &e), 0);
    r = run(f, P_WARD_CLERK, "quy hoạch");
    assert_true(has(&r, id));
    in_assign b = {.lead = {.unit_id = U_BTC}, .due_date = "2026-03-10"};
    assert_int_equal(routing_assign(&f->c[P_OFFICE], id, &b, &e), 0);
    r = run(f, P_WARD_CLERK, "quy hoạch");
    assert_int_equal(has(&r, id), incoming_may_see(&f->c[P_WARD_CLERK], id));
    assert_false(has(&r, id));
    search_filter flt = {.q = "quy hoạch", .secrecy = -1, .limit = 100};
    search_plan = SEARCH_PLAN_INDEX;
    search_result x = search_or_fail(&f->c[P_WARD_CLERK], &flt);
    search_plan = SEARCH_PLAN_AUTO;
    search_same(&x, &r, "assignment moved", P_WARD_CLERK);
}

int main(void)
{
    url = getenv("VP_TEST_PG");
    if (url && !*url)
        url = NULL;
    if (getenv("CMOCKA_FILTER")) /* one test at a time while debugging */
        cmocka_set_test_filter(getenv("CMOCKA_FILTER"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tsquery),
        cmocka_unit_test(test_vectors),
        cmocka_unit_test_setup_teardown(test_pg_match_table, pg_setup, pg_teardown),
        cmocka_unit_test_setup_teardown(test_pg_ranking, pg_setup, pg_teardown),
        cmocka_unit_test_setup_teardown(test_pg_visibility, pg_setup, pg_teardown),
        cmocka_unit_test_setup_teardown(test_pg_outgoing, pg_setup, pg_teardown),
        cmocka_unit_test_setup_teardown(test_pg_scoped_plan, pg_setup, pg_teardown),
        cmocka_unit_test_setup_teardown(test_pg_small_scope_plan, pg_setup, pg_teardown),
        cmocka_unit_test_setup_teardown(test_pg_assignment_tags, pg_setup, pg_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
