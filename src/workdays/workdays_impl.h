#ifndef VP_WORKDAYS_IMPL_H
#define VP_WORKDAYS_IMPL_H
/* Private to workdays/: the pieces its page and its API share. */
#include "web/ctx.h"

/* "Ngày lễ", "Nghỉ bù, nghỉ hoán đổi", "Làm bù" for holiday, off, work. */
const char *workdays_kind_label(const char *kind);
void workdays_web_routes(void);
void workdays_api_routes(void);

#endif
