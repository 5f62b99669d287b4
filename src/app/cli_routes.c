/* `vanphong routes`: the route table as text, one route a line. It opens no data directory and
 * starts nothing: it registers the routes (app_routes) and prints them. The authorization
 * matrix (tests/http/authz.test.mjs) reads it so that a route added without a rule fails the
 * test. app/cli.h. */
#include <stdio.h>

#include "app/app.h"
#include "app/cli.h"
#include "base/args.h"
#include "base/i18n.h"
#include "http/router.h"

static const char routes_help[] =
    N_("cách dùng: vanphong routes\n"
       "\n"
       "In mọi tuyến của máy chủ web, mỗi tuyến một dòng, theo thứ tự đăng ký:\n"
       "  METHOD PATTERN FLAGS\n"
       "PATTERN có {tên} cho một tham số (\"/api/v1/units/{id}\"); FLAGS là danh sách cách nhau\n"
       "bằng dấu phẩy gồm \"public\" (không cần đăng nhập) và \"api\" (lỗi JSON, mã Bearer),\n"
       "hoặc \"-\". Không mở thư mục dữ liệu.\n");

static void print_route(const char *method, const char *pattern, unsigned flags)
{
    const char *f = (flags & ROUTE_PUBLIC) && (flags & ROUTE_API) ? "public,api"
                    : (flags & ROUTE_PUBLIC)                      ? "public"
                    : (flags & ROUTE_API)                         ? "api"
                                                                  : "-";
    printf("%s %s %s\n", method, pattern, f);
}

int cli_routes(int argc, char **argv)
{
    static const cli_spec spec = {"vanphong routes", routes_help, NULL, NULL, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    app_routes();
    const char *method, *pattern;
    unsigned flags;
    for (size_t i = 0; route_at(i, &method, &pattern, &flags); i++)
        print_route(method, pattern, flags);
    route_clear();
    return fflush(stdout) == 0 ? 0 : 1;
}
