/* Routes of petitions and citizen reception (petitions.h), and the home section. */
#include "base/i18n.h"
#include "petitions/petitions_impl.h"
#include "petitions/petitions_web_impl.h"
#include "web/layout.h"

#define B pet_B

/* What waits for the caller: the letters they handle that are due or overdue. */
static void home_section(ctx *c)
{
    if (!c->user || c->user->role == ROLE_ADMIN)
        return;
    pet_filter f = {.mine = true, .overdue = true, .limit = 5};
    petition *rows;
    int64_t total = 0;
    pet_list(c, &f, &rows, &total);
    html_printf(B(c), "<section class=\"panel\" id=\"home-petitions\"><h2>%s</h2><p>",
                _("Tiếp công dân, đơn thư"));
    if (total > 0)
        html_printf(B(c),
                    "<a class=\"mark mark-overdue\" href=\"/petitions?mine=1&amp;overdue=1\">%s: "
                    "%lld</a> · ",
                    _("Đơn tôi xử lý đã quá hạn"), (long long)total);
    html_printf(B(c),
                "<a href=\"/petitions\">%s</a> · <a href=\"/reception\">%s</a> · <a "
                "href=\"/reception/register\">%s</a></p></section>",
                _("Đơn thư"), _("Lịch tiếp công dân"), _("Sổ tiếp công dân"));
}

void petitions_routes(void)
{
    pet_web_routes();
    reception_routes();
    pet_api_routes();
    home_section_add(home_section);
}
