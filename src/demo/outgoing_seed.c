/* Demo data of the outgoing side for `init --demo` (DOMAIN.md §10), run after org_demo_seed:
 * committee terms of the Thành ủy, number registers for the city office and for every
 * commune-level committee. Clearly demo data; dates of terms are [inferred] from the congress
 * dates in DOMAIN.md §0 (1st Congress of the merged city, 26–28/9/2025). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "catalog/catalog.h"
#include "numbering/numbering.h"
#include "outgoing/outgoing.h"

static const db_query q_has_registers = {"seed.has_registers", "SELECT 1 FROM registers LIMIT 1",
                                         NULL};
/* Reads the org tree written by org_demo_seed (units table, 001_org.sql). */
static const db_query q_unit_by_abbr = {
    "seed.unit_by_abbr",
    "SELECT id FROM units WHERE abbr = ?1 AND valid_to IS NULL ORDER BY id LIMIT 1", NULL};
static const db_query q_root_active = {
    "seed.root_active",
    "SELECT id FROM units WHERE level = 'TINH' AND valid_to IS NULL ORDER BY id LIMIT 1", NULL};
static const db_query q_communes = {
    "seed.communes",
    "SELECT id, abbr, name FROM units WHERE level = 'XA' AND valid_to IS NULL ORDER BY id", NULL};
static const db_query q_term = {
    "seed.term", "INSERT INTO terms (unit_id, name, starts_on, ends_on) VALUES (?1, ?2, ?3, ?4)",
    NULL};
static const db_query q_register = {
    "seed.register",
    "INSERT INTO registers (unit_id, term_unit_id, name, policy, issuer_abbr, signer_role) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    NULL};

static int64_t one_id(db *d, const db_query *q, const char *arg)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return 0;
    if (arg)
        db_bind_text(s, 1, arg);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}

static int add_term(db *d, int64_t unit, const char *name, const char *from, const char *to)
{
    db_stmt *s = db_stmt_get(d, &q_term);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, from);
    db_bind_text(s, 4, to);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

static int add_register(db *d, int64_t unit, int64_t term_unit, const char *name,
                        const char *policy, const char *abbr, const char *signer_role)
{
    db_stmt *s = db_stmt_get(d, &q_register);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit);
    db_bind_int(s, 2, term_unit);
    db_bind_text(s, 3, name);
    db_bind_text(s, 4, policy);
    db_bind_text(s, 5, abbr);
    db_bind_text(s, 6, signer_role);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

static const db_query q_user_of = {"seed.user_of", "SELECT id FROM users WHERE login = ?1 LIMIT 1",
                                   NULL};
static const db_query q_reg_vptu = {
    "seed.reg_vptu", "SELECT id FROM registers WHERE issuer_abbr = ?1 ORDER BY id LIMIT 1", NULL};
static const db_query q_doc = {
    "seed.doc",
    "INSERT INTO outgoing (register_id, unit_id, doc_type, subject, body, secrecy, urgency, "
    "status, drafted_by, approved_by, approved_at, signed_by, signed_at, issued_by, issued_at, "
    "issued_date, number, notation, seq_period, copies, file_copy_to, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'issued', ?8, ?9, ?10, ?9, ?10, ?11, ?10, ?12, ?13, "
    "?14, ?15, ?16, 'Lưu: Văn thư, Văn phòng', ?10, ?10)",
    NULL};
static const db_query q_doc_version = {
    "seed.doc_version",
    "INSERT INTO outgoing_versions (outgoing_id, version, subject, body, created_by, created_at) "
    "VALUES (?1, 1, ?2, ?3, ?4, ?5)",
    NULL};
static const db_query q_doc_recipient = {
    "seed.doc_recipient",
    "INSERT INTO outgoing_recipients (outgoing_id, unit_id, name, copies, method, sent_at) "
    "VALUES (?1, NULL, ?2, 1, ?3, ?4)",
    NULL};

/* Issued documents of the office over both terms (numbered by the real allocator, so the
 * Party sequences restart at the 2025 congress), dispatched on paper/by post: history that
 * makes the register and the lists look like an office's, without filling units' queues. */
static int seed_documents(db *d, int64_t vptu)
{
    /* Realistic wording, each used once or twice over the two years: no dates or counters
     * pasted into a subject (a clerk would never write one). */
    static const struct {
        const char *type, *subject;
    } docs[] = {
        {"cong_van", "Về việc tổ chức hội nghị học tập, quán triệt nghị quyết của Trung ương"},
        {"ke_hoach", "Kế hoạch kiểm tra, giám sát của Văn phòng Thành ủy"},
        {"bao_cao", "Báo cáo kết quả thực hiện chương trình công tác của Văn phòng Thành ủy"},
        {"thong_bao", "Thông báo kết luận của Thường trực Thành ủy tại buổi làm việc với Ban "
                      "Tổ chức Thành ủy"},
        {"cong_van", "Về việc báo cáo tình hình tiếp công dân, xử lý đơn thư"},
        {"to_trinh", "Tờ trình về việc kiện toàn tổ chức bộ máy Văn phòng Thành ủy"},
        {"nghi_quyet", "Nghị quyết về nhiệm vụ trọng tâm công tác xây dựng Đảng"},
        {"cong_van", "Về việc chuẩn bị nội dung phục vụ hội nghị Ban Thường vụ Thành ủy"},
        {"cong_van", "Về việc góp ý dự thảo báo cáo chính trị trình đại hội"},
        {"bao_cao", "Báo cáo tình hình tư tưởng của cán bộ, đảng viên và Nhân dân thành phố"},
        {"ke_hoach", "Kế hoạch tổ chức các hoạt động kỷ niệm Ngày truyền thống Văn phòng cấp ủy"},
        {"cong_van", "Về việc rà soát, chỉnh lý tài liệu lưu trữ của các quận ủy, huyện ủy"},
        {"thong_bao", "Thông báo phân công nhiệm vụ trong Thường trực Thành ủy"},
        {"cong_van", "Về việc thực hiện chế độ thông tin, báo cáo định kỳ"},
        {"bao_cao", "Báo cáo kết quả công tác văn thư, lưu trữ và ứng dụng công nghệ thông tin"},
        {"cong_van", "Về việc bàn giao hồ sơ, tài liệu khi kết thúc hoạt động cấp huyện"},
        {"ke_hoach", "Kế hoạch phục vụ Đại hội đại biểu Đảng bộ thành phố"},
        {"to_trinh", "Tờ trình về việc phê duyệt dự toán kinh phí hoạt động của Thành ủy"},
        {"cong_van", "Về việc đăng ký nội dung chương trình làm việc của Ban Thường vụ"},
        {"bao_cao", "Báo cáo sơ kết công tác tài chính đảng"},
        {"cong_van", "Về việc triển khai gửi, nhận văn bản điện tử đến các đảng ủy trực thuộc"},
        {"thong_bao", "Thông báo lịch làm việc của Thường trực Thành ủy"},
        {"cong_van", "Về việc tăng cường công tác bảo vệ bí mật nhà nước"},
        {"ke_hoach", "Kế hoạch tập huấn nghiệp vụ công tác văn phòng cấp ủy cơ sở"},
    };
    enum { N_DOCS = sizeof docs / sizeof docs[0] };
    static const char *const to[] = {"Ban Tổ chức Trung ương", "Văn phòng Trung ương Đảng",
                                     "Báo Cần Thơ", "Ủy ban nhân dân thành phố"};
    int64_t drafter = one_id(d, &q_user_of, "chuyenvien");
    int64_t leader = one_id(d, &q_user_of, "chanhvp");
    int64_t clerk = one_id(d, &q_user_of, "vanthu");
    int64_t reg_id = one_id(d, &q_reg_vptu, "VPTU");
    if (!drafter || !leader || !clerk || !reg_id)
        return 0; /* no demo accounts: nothing to attribute documents to */
    arena *a = arena_new();
    ctx c = {.a = a, .db = d};
    const doc_register *reg = catalog_register_get(&c, reg_id);
    int rc = reg ? 0 : -1;
    for (int i = 0; rc == 0 && i < 60; i++) {
        /* One every 12 days from 8 January 2024. */
        int64_t t = 1704672000 + (int64_t)i * 12 * 86400 + 3 * 3600;
        char iso[32], date[16];
        clock_iso(t, iso, sizeof iso);
        snprintf(date, sizeof date, "%.10s", iso);
        const char *type = docs[(i * 7) % N_DOCS].type;
        int secrecy = i % 9 == 4 ? 1 : 0;
        long number;
        const char *notation, *period, *err;
        if (numbering_allocate(&c, reg, type, secrecy, date, &number, &notation, &period, &err)) {
            rc = -1;
            break;
        }
        const char *subject = docs[(i * 7) % N_DOCS].subject;
        const char *body = "Nội dung văn bản (dữ liệu mẫu).";
        db_stmt *s = db_stmt_get(d, &q_doc);
        if (!s) {
            rc = -1;
            break;
        }
        db_bind_int(s, 1, reg_id);
        db_bind_int(s, 2, vptu);
        db_bind_text(s, 3, type);
        db_bind_text(s, 4, subject);
        db_bind_text(s, 5, body);
        db_bind_int(s, 6, secrecy);
        db_bind_int(s, 7, i % 11 == 3 ? 1 : 0);
        db_bind_int(s, 8, drafter);
        db_bind_int(s, 9, leader);
        db_bind_text(s, 10, iso);
        db_bind_int(s, 11, clerk);
        db_bind_text(s, 12, date);
        db_bind_int(s, 13, number);
        db_bind_text(s, 14, notation);
        db_bind_text(s, 15, period);
        db_bind_int(s, 16, 2 + i % 4);
        if (db_exec(s) != DB_DONE) {
            rc = -1;
            break;
        }
        int64_t id = db_last_id(d);
        s = db_stmt_get(d, &q_doc_version);
        if (!s) {
            rc = -1;
            break;
        }
        db_bind_int(s, 1, id);
        db_bind_text(s, 2, subject);
        db_bind_text(s, 3, body);
        db_bind_int(s, 4, drafter);
        db_bind_text(s, 5, iso);
        if (db_exec(s) != DB_DONE) {
            rc = -1;
            break;
        }
        for (int k = 0; k < 2; k++) {
            s = db_stmt_get(d, &q_doc_recipient);
            if (!s) {
                rc = -1;
                break;
            }
            db_bind_int(s, 1, id);
            db_bind_text(s, 2, to[(i + k) % 4]);
            db_bind_text(s, 3, secrecy ? "paper" : "post");
            db_bind_text(s, 4, iso);
            if (db_exec(s) != DB_DONE)
                rc = -1;
        }
    }
    arena_free(&a);
    return rc;
}

typedef struct commune {
    int64_t id;
    char *abbr, *name;
} commune;

int docs_demo_seed(db *d, char **err_r)
{
    *err_r = NULL;
    if (one_id(d, &q_has_registers, NULL))
        return 0; /* already seeded */
    int64_t tu = one_id(d, &q_root_active, NULL);
    int64_t vptu = one_id(d, &q_unit_by_abbr, "VPTU");
    if (!tu || !vptu) {
        *err_r = strdup("docs demo seed: the demo org tree (Thành ủy, VPTU) is missing");
        return -1;
    }
    if (db_begin_write(d) != 0) {
        *err_r = strdup("docs demo seed: database busy");
        return -1;
    }
    int rc = 0;
    rc |= add_term(d, tu, "Nhiệm kỳ 2020–2025", "2020-10-17", "2025-09-28");
    rc |= add_term(d, tu, "Nhiệm kỳ 2025–2030", "2025-09-29", NULL);
    /* The office numbers in the name of the Thành ủy's office, following the committee's
     * terms; its documents are signed by the committee leaders. */
    rc |= add_register(d, vptu, tu, "Sổ văn bản đi Văn phòng Thành ủy", "party", "VPTU",
                       "office-leader");
    rc |= add_register(d, tu, tu, "Sổ văn bản đi Thành ủy", "party", "TU", "committee-leader");
    commune v[64];
    int n = 0;
    db_stmt *s = db_stmt_get(d, &q_communes);
    while (s && n < 64 && db_step(s) == DB_ROW) {
        v[n].id = db_col_int(s, 0);
        v[n].abbr = strdup(db_col_text(s, 1));
        v[n].name = strdup(db_col_text(s, 2));
        n++;
    }
    if (s)
        db_reset(s);
    for (int i = 0; i < n; i++) {
        /* Commune-level committees were formed on 1/7/2025 (DOMAIN.md §0). */
        char name[400];
        snprintf(name, sizeof name, "Sổ văn bản đi %s", v[i].name);
        rc |= add_term(d, v[i].id, "Nhiệm kỳ 2025–2030", "2025-07-01", NULL);
        rc |= add_register(d, v[i].id, v[i].id, name, "party", v[i].abbr, "committee-leader");
        free(v[i].abbr);
        free(v[i].name);
    }
    if (rc == 0)
        rc = seed_documents(d, vptu);
    if (rc == 0)
        rc = audit_log(d, NULL, "docs.demo_seed", "registers", 0, NULL, NULL);
    if (rc != 0 || db_commit(d) != 0) {
        db_rollback(d);
        *err_r = strdup("docs demo seed: could not write terms and registers");
        return -1;
    }
    return 0;
}
