/* The module's routes, its rule keys and its audit resolver (programmes.h). */
#include <string.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "programmes/programmes.h"
#include "programmes/programmes_web.h"
#include "rules/rules.h"
#include "web/layout.h"

/* DOMAIN-2 §1 "keep configurable": the lead time for an item's papers, and who approves. */
static const rule_def rule_lead = {
    .key = "programmes.item_lead_days",
    .type = RULE_INT,
    .dflt = "5",
    .min = 0,
    .max = 60,
    .label = N_("Hồ sơ nội dung chương trình trình trước ngày dự kiến (ngày làm việc)"),
    .source = N_("Quy chế làm việc của cấp ủy (mặc định, chưa kiểm chứng)"),
};
static const rule_def rule_approver = {
    .key = "programmes.approver_role",
    .type = RULE_TEXT,
    .dflt = "committee-leader",
    .choices = "committee-leader,office-leader",
    .label = N_("Người duyệt chương trình công tác"),
    .source = N_("Điều lệ Đảng Điều 20: Thường trực chuẩn bị, Ban Thường vụ quyết định"),
};

/* A row of the trail is shown whole to whoever may read the programme it names. */
static bool audit_may_see(ctx *c, const audit_row *row)
{
    return prog_get(c, row->entity_id) != NULL;
}

void programmes_init(void)
{
    rules_declare(&rule_lead);
    rules_declare(&rule_approver);
}

void programmes_routes(void)
{
    audit_register_entity("programme", audit_may_see);
    pw_routes();
    pw_api_routes();
    home_section_add(pw_home_section);
}
