/* Role codes and labels (web/ctx.h). */
#include "web/ctx.h"

#include <string.h>

#include "base/i18n.h"

static const struct {
    enum role role;
    const char *code;
    const char *label;
} roles[] = {
    {ROLE_ADMIN, "admin", N_("Quản trị")},
    {ROLE_COMMITTEE_LEADER, "committee-leader", N_("Lãnh đạo cấp ủy")},
    {ROLE_OFFICE_LEADER, "office-leader", N_("Lãnh đạo văn phòng")},
    {ROLE_CLERK, "clerk", N_("Văn thư")},
    {ROLE_SPECIALIST, "specialist", N_("Chuyên viên")},
    {ROLE_UNIT, "unit", N_("Đơn vị cấp dưới")},
};

const char *const role_codes[] = {
    "admin", "committee-leader", "office-leader", "clerk", "specialist", "unit", NULL};

const char *role_code(enum role r)
{
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (roles[i].role == r)
            return roles[i].code;
    return "";
}

enum role role_from_code(const char *s)
{
    if (!s)
        return ROLE_NONE;
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (strcmp(roles[i].code, s) == 0)
            return roles[i].role;
    return ROLE_NONE;
}

const char *role_label(enum role r)
{
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (roles[i].role == r)
            return _(roles[i].label);
    return "";
}

bool role_is_leader(enum role r)
{
    return r == ROLE_OFFICE_LEADER || r == ROLE_COMMITTEE_LEADER;
}
