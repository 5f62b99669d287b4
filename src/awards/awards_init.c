/* awards_init: the rule keys and the candidates job (an idle sweep, like followup's
 * reminders: idempotent, so running it again only costs the queries). */
#include <stdatomic.h>

#include "awards/awards.h"
#include "base/clock.h"
#include "jobs/jobs.h"

void awards_rules_declare(void);

static int sweep_idle(db *d)
{
    static _Atomic int64_t last;
    int64_t now = clock_now(), prev = atomic_load(&last);
    if (now - prev < 3600 || !atomic_compare_exchange_strong(&last, &prev, now))
        return 0;
    char today[16];
    clock_vn_today(today, sizeof today);
    int n = awards_sweep(d, NULL, today);
    return n > 0 ? n : 0;
}

void awards_init(void)
{
    static atomic_bool done;
    if (atomic_exchange(&done, true))
        return;
    awards_rules_declare();
    jobs_add_tick(sweep_idle);
}
