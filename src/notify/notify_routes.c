/* notify_routes(): the notification pages and API, and the top-bar bell's count. */
#include "notify/notify.h"
#include "notify/notify_impl.h"
#include "web/layout.h"

void notify_routes(void)
{
    notify_web_routes();
    notify_api_routes();
    layout_set_badge(notify_unread_count);
}
