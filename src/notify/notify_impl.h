#ifndef VP_NOTIFY_IMPL_H
#define VP_NOTIFY_IMPL_H
/* Private to notify/: the route lists of its pages and API, gathered by notify_routes. */
void notify_web_routes(void);
void notify_api_routes(void);

#endif
