/* archives_routes (pages, API) and archives_init (rule keys, the upload guard). */
#include <stdatomic.h>

#include "archives/archives.h"
#include "archives/archives_impl.h"
#include "audit/audit.h"
#include "base/i18n.h"
#include "files/files.h"
#include "rules/rules.h"

void archives_web_routes(void);
void archives_api_routes(void);
void archives_cases_web_routes(void);
void archives_room_web_routes(void);
void archives_holds_web_routes(void);
void archives_xlsx_routes(void);
void archives_fixity_init(void);
int archives_attach_guard(ctx *c, const char *kind, int64_t doc_id, const char **err_r,
                          int *status_r);

/* DOMAIN-2.md §6 "keep configurable": the deposit deadlines and who decides are rule values. */
static const rule_def r_handover = {
    "archives.handover_years",
    RULE_INT,
    "1",
    1,
    10,
    NULL,
    N_("Hạn giao nộp hồ sơ vào lưu trữ cơ quan (năm sau năm kết thúc)"),
    N_("Nghị định 30/2020/NĐ-CP; Luật Lưu trữ 2024: 1 năm")};
static const rule_def r_historical = {
    "archives.historical_years",
    RULE_INT,
    "5",
    1,
    30,
    NULL,
    N_("Hạn nộp hồ sơ vĩnh viễn vào lưu trữ lịch sử (năm sau năm nộp lưu)"),
    N_("Luật Lưu trữ 2024: 5 năm (Luật 2011: 10 năm); khối Đảng [chưa xác minh]")};
static const rule_def r_decide = {
    "archives.decide_role",
    RULE_TEXT,
    "committee-leader",
    0,
    0,
    "office-leader,committee-leader",
    N_("Người quyết định tiêu hủy tài liệu hết giá trị"),
    N_("Công văn 879/VTLTNN-NVĐP: người đứng đầu cơ quan; khối Đảng [chưa xác minh]")};
static const rule_def r_scan = {"archives.scan_secret_approval",
                                RULE_INT,
                                "1",
                                0,
                                1,
                                NULL,
                                N_("Số hóa văn bản đến Mật, Tối mật cần phê duyệt (1 = có)"),
                                N_("Hướng dẫn 40-HD/VPTW, Công văn 14748-CV/VPTW")};

void archives_init(void)
{
    static atomic_bool done;
    if (atomic_exchange(&done, true))
        return;
    rules_declare(&r_handover);
    rules_declare(&r_historical);
    rules_declare(&r_decide);
    rules_declare(&r_scan);
    attach_guard_set(archives_attach_guard);
    archives_fixity_init();
}

/* The trail of the archive to its staff and the deciding leaders. */
static bool audit_may_see(ctx *c, const audit_row *row)
{
    (void)row;
    return archives_is_archivist(c) || ar_may_decide(c);
}

void archives_routes(void)
{
    archives_web_routes();
    archives_api_routes();
    archives_cases_web_routes();
    archives_room_web_routes();
    archives_holds_web_routes();
    archives_xlsx_routes();
    audit_register_entity("archive", audit_may_see);
}
