/* Excel copies of the archive's lists an office prints and files: the holds in force, the
 * dossiers due for hand-over, the tombstones (registers/export.h writes the workbook). */
#include <string.h>

#include "archives/archives.h"
#include "archives/archives_impl.h"
#include "base/i18n.h"
#include "http/router.h"
#include "registers/registers.h"
#include "web/dates.h"
#include "web/respond.h"

static const char *vn(ctx *c, const char *iso)
{
    return iso && *iso ? web_date_vn(c, iso) : "";
}

void archives_holds_xlsx(ctx *c)
{
    if (!c->user || !archives_may_hold(c)) {
        respond_forbidden(c);
        return;
    }
    ar_hold *h;
    int n = archives_holds_list(c, 0, &h);
    if (n < 0)
        n = 0;
    const char *hd[] = {_("Số, ký hiệu"), _("Tiêu đề hồ sơ"), _("Lý do giữ"), _("Người đặt"),
                        _("Ngày đặt")};
    const char **cells = arena_alloc(c->a, sizeof *cells * (size_t)(n * 5 + 1));
    for (int i = 0; i < n; i++) {
        const char **r = cells + i * 5;
        r[0] = h[i].code, r[1] = h[i].title, r[2] = h[i].reason, r[3] = h[i].placed_by,
        r[4] = vn(c, h[i].placed_at);
    }
    export_table(c, "xlsx", "lenh-giu-ho-so", _("Lệnh giữ hồ sơ đang hiệu lực"), 5, hd, n, cells);
}

static void h_due_xlsx(ctx *c)
{
    if (!c->user) {
        respond_forbidden(c);
        return;
    }
    ar_dossier *d;
    int n = archives_due_list(c, false, &d);
    if (n < 0)
        n = 0;
    const char *hd[] = {_("Số, ký hiệu"),   _("Tiêu đề hồ sơ"), _("Đơn vị"),
                        _("Ngày kết thúc"), _("Hạn giao nộp"),  _("Số văn bản")};
    const char **cells = arena_alloc(c->a, sizeof *cells * (size_t)(n * 6 + 1));
    for (int i = 0; i < n; i++) {
        const char **r = cells + i * 6;
        r[0] = d[i].code, r[1] = d[i].title, r[2] = d[i].unit_name, r[3] = vn(c, d[i].closed_on),
        r[4] = vn(c, d[i].due), r[5] = arena_printf(c->a, "%d", d[i].doc_count);
    }
    export_table(c, "xlsx", "ho-so-den-han-giao-nop",
                 _("Hồ sơ đến hạn giao nộp vào lưu trữ cơ quan"), 6, hd, n, cells);
}

static void h_tombstones_xlsx(ctx *c)
{
    if (!c->user || !archives_may_hold(c)) {
        respond_forbidden(c);
        return;
    }
    ar_tombstone *t;
    int n = archives_tombstones(c, &t);
    if (n < 0)
        n = 0;
    const char *hd[] = {_("Số, ký hiệu"),   _("Tiêu đề hồ sơ"),   _("Năm"),
                        _("Ngày tiêu hủy"), _("Người thực hiện"), _("Số tệp đã hủy")};
    const char **cells = arena_alloc(c->a, sizeof *cells * (size_t)(n * 6 + 1));
    for (int i = 0; i < n; i++) {
        const char **r = cells + i * 6;
        r[0] = t[i].code, r[1] = t[i].title, r[2] = arena_printf(c->a, "%d", t[i].year),
        r[3] = vn(c, t[i].destroyed_at), r[4] = t[i].destroyed_by,
        r[5] = arena_printf(c->a, "%d", t[i].files);
    }
    export_table(c, "xlsx", "ho-so-da-tieu-huy", _("Hồ sơ đã tiêu hủy"), 6, hd, n, cells);
}

void archives_xlsx_routes(void)
{
    route_add("GET", "/archives/due.xlsx", h_due_xlsx, 0);
    route_add("GET", "/archives/tombstones.xlsx", h_tombstones_xlsx, 0);
}
