#include "catalog/vocab.h"

#include <string.h>

#include "base/i18n.h"
#include "org/org.h"

const char *const secrecy_codes[] = {"none", "mat", "toi_mat", "tuyet_mat", NULL};
const char *const urgency_codes[] = {"normal",          "khan", "thuong_khan", "hoa_toc",
                                     "hoa_toc_hen_gio", NULL};

const char *secrecy_code(enum secrecy s)
{
    return (unsigned)s < 4 ? secrecy_codes[s] : "none";
}

int secrecy_from_code(const char *s)
{
    for (int i = 0; s && i < 4; i++)
        if (strcmp(s, secrecy_codes[i]) == 0)
            return i;
    return -1;
}

const char *secrecy_label(enum secrecy s)
{
    switch (s) {
    case SECRECY_MAT:
        return _("Mật");
    case SECRECY_TOI_MAT:
        return _("Tối mật");
    case SECRECY_TUYET_MAT:
        return _("Tuyệt mật");
    default:
        return _("Thường");
    }
}

const char *urgency_code(enum urgency u)
{
    return (unsigned)u < 5 ? urgency_codes[u] : "normal";
}

int urgency_from_code(const char *s)
{
    for (int i = 0; s && i < 5; i++)
        if (strcmp(s, urgency_codes[i]) == 0)
            return i;
    return -1;
}

const char *urgency_label(enum urgency u)
{
    switch (u) {
    case URGENCY_KHAN:
        return _("Khẩn");
    case URGENCY_THUONG_KHAN:
        return _("Thượng khẩn");
    case URGENCY_HOA_TOC:
        return _("Hỏa tốc");
    case URGENCY_HOA_TOC_HEN_GIO:
        return _("Hỏa tốc hẹn giờ");
    default:
        return _("Thường");
    }
}

bool urgency_is_urgent(enum urgency u)
{
    return u >= URGENCY_THUONG_KHAN;
}

bool secrecy_paper_only(enum secrecy s)
{
    return s >= SECRECY_TOI_MAT;
}

bool secrecy_leader_may_see(const ctx *c)
{
    return c->user &&
           (c->user->role == ROLE_COMMITTEE_LEADER || c->user->role == ROLE_OFFICE_LEADER);
}

void docs_marks_html(strbuf *b, int secrecy, int urgency, bool overdue)
{
    if (secrecy > 0)
        html_printf(b, " <span class=\"mark mark-secret\">%s</span>",
                    secrecy_label((enum secrecy)secrecy));
    if (urgency >= URGENCY_HOA_TOC)
        html_printf(b, " <span class=\"mark mark-hoatoc\">%s</span>",
                    urgency_label((enum urgency)urgency));
    else if (urgency > 0)
        html_printf(b, " <span class=\"mark mark-urgent\">%s</span>",
                    urgency_label((enum urgency)urgency));
    if (overdue)
        html_printf(b, " <span class=\"mark mark-overdue\">%s</span>", _("Quá hạn"));
}

void docs_vis_bind(ctx *c, db_stmt *s)
{
    int64_t *ids = NULL;
    bool all = false;
    if (c->user)
        org_scope_unit_ids(c, &ids, &all);
    db_bind_int(s, 1, c->user ? c->user->id : -1);
    db_bind_int(s, 2, all ? 1 : 0);
    db_bind_text(s, 3, org_scope_json(c));
    db_bind_int(s, 4, c->user && secrecy_leader_may_see(c) ? 1 : 0);
}
