/* The conferences' start-up: rule keys, the audit resolver, the reminder hook, the routes. */
#include <stdatomic.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "conferences/conf_impl.h"
#include "conferences/conf_web.h"
#include "conferences/conferences.h"
#include "jobs/jobs.h"
#include "rules/rules.h"

static const rule_def rule_lead = {
    .key = "conferences.invite_lead_days",
    .type = RULE_INT,
    .dflt = "3",
    .min = 0,
    .max = 60,
    .label = N_("Gửi giấy mời hội nghị trước (ngày làm việc)"),
    .source = N_("QĐ 45/2018/QĐ-TTg, Điều 10 (tương tự, quy định của Nhà nước)"),
};
static const rule_def rule_conclusion = {
    .key = "conferences.conclusion_days",
    .type = RULE_INT,
    .dflt = "5",
    .min = 1,
    .max = 60,
    .label = N_("Hạn ban hành thông báo kết luận hội nghị (ngày làm việc sau hội nghị)"),
    .source = N_("QĐ 45/2018/QĐ-TTg (tương tự, quy định của Nhà nước)"),
};
static const rule_def rule_study = {
    .key = "conferences.study_report_days",
    .type = RULE_INT,
    .dflt = "10",
    .min = 1,
    .max = 120,
    .label = N_("Hạn báo cáo kết quả học tập, quán triệt (ngày làm việc sau hội nghị)"),
    .source = N_("Chưa kiểm chứng: mỗi hướng dẫn của Ban Tuyên giáo quy định riêng; mặc định "
                 "tạm đặt"),
};

static bool audit_may_see(ctx *c, const audit_row *row)
{
    return conf_get(c, row->entity_id) != NULL;
}

/* The reminder runs between jobs; it looks at most once a minute (a cheap indexed query). */
static int remind_idle(db *d)
{
    static _Atomic int64_t last;
    int64_t now = clock_now();
    if (now - atomic_load(&last) < 60)
        return 0;
    atomic_store(&last, now);
    conf_remind(d);
    return 0;
}

void conferences_init(void)
{
    rules_declare(&rule_lead);
    rules_declare(&rule_conclusion);
    rules_declare(&rule_study);
    jobs_add_tick(remind_idle);
    conf_source_register();
}

void conferences_routes(void)
{
    audit_register_entity("conference", audit_may_see);
    conf_pages();
    conf_posts();
    conf_api();
}
