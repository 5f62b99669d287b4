/* The rule keys of the awards (DOMAIN-2 §8 "keep configurable"): milestones, early windows,
 * discipline waits, occasions and lead time, gift multiples and the base salary — values with
 * effective dates an administrator changes on /admin/rules, never constants of the code. */
#include <stdio.h>
#include <string.h>

#include "awards/awards.h"
#include "base/i18n.h"
#include "rules/rules.h"

#define R(k, d, lo, hi, l, s)                                                                      \
    {                                                                                              \
        k, RULE_INT, d, lo, hi, NULL, l, s                                                         \
    }
static const rule_def defs[] = {
    R("awards.milestone_first", "30", 1, 100, N_("Huy hiệu Đảng: mốc đầu tiên (năm tuổi Đảng)"),
      N_("01-HD/TW 2021 mục 18")),
    R("awards.milestone_second", "40", 1, 100, N_("Huy hiệu Đảng: mốc thứ hai (năm)"),
      N_("01-HD/TW 2021 mục 18")),
    R("awards.milestone_step", "5", 1, 50, N_("Huy hiệu Đảng: các mốc sau cách nhau (năm)"),
      N_("01-HD/TW 2021 mục 18")),
    R("awards.milestone_last", "90", 1, 120, N_("Huy hiệu Đảng: mốc cuối (năm)"),
      N_("01-HD/TW 2021 mục 18")),
    R("awards.early_illness_months", "12", 0, 60,
      N_("Xét sớm vì bệnh nặng: tối đa (tháng), mốc thấp"), N_("01-HD/TW 2021 mục 18")),
    R("awards.early_illness_months_high", "24", 0, 60,
      N_("Xét sớm vì bệnh nặng: tối đa (tháng), từ mốc cao"), N_("01-HD/TW 2021 mục 18")),
    R("awards.early_high_from", "70", 1, 120, N_("Mốc cao (năm) được xét sớm dài hơn"),
      N_("01-HD/TW 2021 mục 18")),
    R("awards.early_posthumous_months", "12", 0, 60, N_("Truy tặng sớm tối đa (tháng)"),
      N_("01-HD/TW 2021 mục 18")),
    R("awards.wait_months_warning", "6", 0, 60,
      N_("Chờ sau kỷ luật cảnh cáo trước khi xét Huy hiệu (tháng)"), N_("01-HD/TW 2021 mục 18")),
    R("awards.wait_months_dismissal", "12", 0, 60,
      N_("Chờ sau kỷ luật cách chức trước khi xét Huy hiệu (tháng)"), N_("01-HD/TW 2021 mục 18")),
    R("awards.occasion_1", "203", 0, 1231, N_("Dịp trao Huy hiệu 1 (tháng×100+ngày; 0 = bỏ)"),
      N_("01-HD/TW 2021 mục 18: 3/2")),
    R("awards.occasion_2", "519", 0, 1231, N_("Dịp trao Huy hiệu 2 (tháng×100+ngày; 0 = bỏ)"),
      N_("01-HD/TW 2021 mục 18: 19/5")),
    R("awards.occasion_3", "902", 0, 1231, N_("Dịp trao Huy hiệu 3 (tháng×100+ngày; 0 = bỏ)"),
      N_("01-HD/TW 2021 mục 18: 2/9")),
    R("awards.occasion_4", "1107", 0, 1231, N_("Dịp trao Huy hiệu 4 (tháng×100+ngày; 0 = bỏ)"),
      N_("01-HD/TW 2021 mục 18: 7/11")),
    R("awards.lead_days", "60", 0, 365, N_("Lập danh sách đề nghị Huy hiệu trước dịp trao (ngày)"),
      N_("Suy luận [chưa xác minh]")),
    R("awards.base_salary", "2340000", 0, 1000000000, N_("Mức lương cơ sở (đồng)"),
      N_("NĐ 73/2024/NĐ-CP, từ 01/7/2024 [chưa xác minh]")),
    R("awards.gift_tenths_30", "15", 0, 1000, N_("Quà Huy hiệu 30 năm (phần mười lần lương cơ sở)"),
      N_("56-HD/VPTW 2015 [chưa xác minh]")),
    R("awards.gift_tenths_40", "20", 0, 1000, N_("Quà Huy hiệu 40 năm (phần mười lần lương cơ sở)"),
      N_("56-HD/VPTW 2015 [chưa xác minh]")),
    R("awards.gift_tenths_45", "0", 0, 1000,
      N_("Quà Huy hiệu 45 năm (phần mười lần lương cơ sở; 0 = chưa nhập)"),
      N_("Chưa thấy trong 56-HD/VPTW")),
    R("awards.gift_tenths_50", "30", 0, 1000, N_("Quà Huy hiệu 50 năm (phần mười lần lương cơ sở)"),
      N_("56-HD/VPTW 2015 [chưa xác minh]")),
    R("awards.gift_tenths_55", "35", 0, 1000, N_("Quà Huy hiệu 55 năm (phần mười lần lương cơ sở)"),
      N_("56-HD/VPTW 2015 [chưa xác minh]")),
    R("awards.gift_tenths_60", "50", 0, 1000, N_("Quà Huy hiệu 60 năm (phần mười lần lương cơ sở)"),
      N_("56-HD/VPTW 2015 [chưa xác minh]")),
    R("awards.gift_tenths_65", "60", 0, 1000, N_("Quà Huy hiệu 65 năm (phần mười lần lương cơ sở)"),
      N_("56-HD/VPTW 2015 [chưa xác minh]")),
    R("awards.gift_tenths_70", "80", 0, 1000, N_("Quà Huy hiệu 70 năm (phần mười lần lương cơ sở)"),
      N_("56-HD/VPTW 2015 [chưa xác minh]")),
    R("awards.gift_tenths_75", "100", 0, 1000,
      N_("Quà Huy hiệu 75 năm (phần mười lần lương cơ sở)"), N_("56-HD/VPTW 2015 [chưa xác minh]")),
    R("awards.gift_tenths_80", "150", 0, 1000,
      N_("Quà Huy hiệu 80 năm (phần mười lần lương cơ sở)"), N_("56-HD/VPTW 2015 [chưa xác minh]")),
    R("awards.gift_tenths_85", "0", 0, 1000,
      N_("Quà Huy hiệu 85 năm (phần mười lần lương cơ sở; 0 = chưa nhập)"),
      N_("Chưa thấy trong 56-HD/VPTW")),
    R("awards.gift_tenths_90", "0", 0, 1000,
      N_("Quà Huy hiệu 90 năm (phần mười lần lương cơ sở; 0 = chưa nhập)"),
      N_("Chưa thấy trong 56-HD/VPTW")),
};

void awards_rules_declare(void)
{
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++)
        rules_declare(&defs[i]);
}

bool awards_is_milestone(db *d, int years, const char *date)
{
    int64_t first = rules_int(d, "awards.milestone_first", date);
    int64_t second = rules_int(d, "awards.milestone_second", date);
    int64_t step = rules_int(d, "awards.milestone_step", date);
    int64_t last = rules_int(d, "awards.milestone_last", date);
    if (years == first)
        return true;
    if (years < second || years > last || step <= 0)
        return false;
    return (years - second) % step == 0;
}

int64_t awards_gift_tenths(db *d, int years, const char *date)
{
    char key[64];
    snprintf(key, sizeof key, "awards.gift_tenths_%d", years);
    if (!rules_def(key))
        return 0;
    return rules_int(d, key, date);
}

/* The occasion dates of the year of `from` and the next, sorted; the first >= from. */
const char *awards_next_occasion(db *d, const char *from, char *buf)
{
    int y = 0;
    if (sscanf(from, "%4d", &y) != 1)
        y = 2000;
    static const char *const keys[] = {"awards.occasion_1", "awards.occasion_2",
                                       "awards.occasion_3", "awards.occasion_4"};
    char best[11] = "";
    for (int yy = y; yy <= y + 1 && !*best; yy++)
        for (int i = 0; i < 4; i++) {
            int64_t md = rules_int(d, keys[i], from);
            if (md <= 0)
                continue;
            char cand[16];
            snprintf(cand, sizeof cand, "%04d-%02d-%02d", yy, (int)(md / 100) % 100,
                     (int)(md % 100));
            if (strcmp(cand, from) >= 0 && (!*best || strcmp(cand, best) < 0))
                memcpy(best, cand, 11);
        }
    if (!*best)
        snprintf(best, sizeof best, "%s", from); /* no occasion declared: the day itself */
    memcpy(buf, best, 11);
    return buf;
}
