/* Demo data of the document in the Party layout (issue 18): two drafts of the Văn phòng Thành
 * ủy made through the outgoing service as the chuyên viên would — a Kế hoạch in good form, with
 * its recipients and designated signer (the print preview shows it clean), and a hasty Kế
 * hoạch whose summary repeats the type name and that has no recipients yet (its page lists the
 * format errors in red, and Trình is refused until fixed). No rendering here: the demo stays
 * fast; the PDF and DOCX are made when someone opens them. Idempotent by subject. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/config.h"
#include "catalog/catalog.h"
#include "outgoing/outgoing.h"

static const db_query q_user = {"demo.dg_user", "SELECT id FROM users WHERE login = ?1", NULL};
static const db_query q_unit = {"demo.dg_unit",
                                "SELECT id FROM units WHERE name = ?1 AND valid_to IS NULL", NULL};
static const db_query q_done = {"demo.dg_done", "SELECT 1 FROM outgoing WHERE subject = ?1 LIMIT 1",
                                NULL};

#define GOOD_SUBJECT "Tổ chức hội nghị sơ kết công tác văn phòng cấp ủy năm 2026"
#define HASTY_SUBJECT "Kế hoạch tuyên truyền kỷ niệm Ngày truyền thống Văn phòng cấp ủy"

static int64_t id_of(db *d, const db_query *q, const char *text)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return 0;
    db_bind_text(s, 1, text);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}

static int fail(char **err_r, const char *what, const char *why)
{
    char buf[512];
    snprintf(buf, sizeof buf, "docgen demo: %s: %s", what, why ? why : "?");
    *err_r = strdup(buf);
    return -1;
}

int demo_docgen_seed(db *d, char **err_r)
{
    if (id_of(d, &q_done, GOOD_SUBJECT))
        return 0;
    arena *a = arena_new();
    int rc = -1;
    int64_t uid = id_of(d, &q_user, "chuyenvien"), boss = id_of(d, &q_user, "chanhvp");
    int64_t vptu = id_of(d, &q_unit, "Văn phòng Thành ủy Cần Thơ");
    int64_t ward = id_of(d, &q_unit, "Đảng ủy phường Bình Thủy");
    ctx probe = {.a = a, .db = d, .data_dir = config.data_dir};
    const user *u = uid ? auth_user_load(&probe, uid) : NULL;
    int64_t reg = vptu ? catalog_register_of_unit(d, vptu) : 0;
    if (!u || !reg) {
        rc = 0; /* not the demo office: nothing to add */
        goto out;
    }
    user me = *u;
    ctx c = {.a = a, .db = d, .user = &me, .data_dir = config.data_dir};
    out_recipient_in rcpt[] = {
        {.unit_id = ward, .copies = 1},
        {.name = "Các đồng chí Ủy viên Ban Thường vụ Thành ủy", .copies = 15},
        {.name = "Các ban Đảng Thành ủy", .copies = 5},
    };
    const char *err = NULL;
    int status = 0;
    out_draft good = {
        .register_id = reg,
        .doc_type = "ke_hoach",
        .subject = GOOD_SUBJECT,
        .body = "Thực hiện Chương trình công tác năm 2026 của Ban Thường vụ Thành ủy, Văn phòng "
                "Thành ủy xây dựng kế hoạch tổ chức hội nghị sơ kết công tác văn phòng cấp ủy "
                "như sau:\n"
                "I. MỤC ĐÍCH, YÊU CẦU\n"
                "1. Đánh giá đúng kết quả công tác tham mưu, giúp việc, phục vụ cấp ủy; chỉ rõ "
                "hạn chế, nguyên nhân và rút ra bài học kinh nghiệm.\n"
                "2. Hội nghị tổ chức trang trọng, thiết thực, tiết kiệm.\n"
                "II. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN\n"
                "Hội nghị tổ chức trong một buổi tại Hội trường Thành ủy; thành phần gồm lãnh "
                "đạo Văn phòng Thành ủy, chánh văn phòng các đảng ủy trực thuộc.\n"
                "III. TỔ CHỨC THỰC HIỆN\n"
                "Phòng Tổng hợp chủ trì chuẩn bị báo cáo sơ kết; Phòng Hành chính - Quản trị bảo "
                "đảm cơ sở vật chất, hậu cần phục vụ hội nghị.",
        .secrecy = 0,
        .urgency = 0,
        .signer_id = boss,
        .file_copy_to = "Phòng Tổng hợp",
        .copies = 25,
        .recipients = ward ? rcpt : rcpt + 1,
        .n_recipients = ward ? 3 : 2,
    };
    if (outgoing_create(&c, &good, &err, &status) <= 0) {
        rc = fail(err_r, "kế hoạch", err);
        goto out;
    }
    out_draft hasty = {
        .register_id = reg,
        .doc_type = "ke_hoach",
        .subject = HASTY_SUBJECT,
        .body = "Nhân kỷ niệm Ngày truyền thống Văn phòng cấp ủy (18/10), Văn phòng Thành ủy tổ "
                "chức các hoạt động tuyên truyền trên Cổng thông tin điện tử Thành ủy.",
        .copies = 10,
    };
    if (outgoing_create(&c, &hasty, &err, &status) <= 0) {
        rc = fail(err_r, "kế hoạch tuyên truyền", err);
        goto out;
    }
    rc = 0;
out:
    arena_free(&a);
    return rc;
}
