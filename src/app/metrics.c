/* Request metrics and request ids (app/metrics.h). */
#include "app/metrics.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "http/router.h"

/* The statuses counted one by one; anything else goes to the last slot ("other"). */
static const int statuses[] = {200, 201, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405,
                               409, 411, 413, 414, 415, 422, 429, 431, 500, 503, 507};
#define N_STATUS (sizeof statuses / sizeof statuses[0])

/* [route_id][status slot]; route_id 0 = no route matched (404s of unknown paths, refusals
 * before routing). Static and zero-initialised: nothing to set up, nothing to lock. */
static atomic_ullong requests[METRICS_MAX_ROUTES + 1][N_STATUS + 1];

/* Upper bounds in microseconds; the last slot is +Inf. */
static const int64_t bounds_us[] = {1000,   5000,   10000,   25000,   50000,   100000,
                                    250000, 500000, 1000000, 2500000, 5000000, 10000000};
#define N_BOUNDS (sizeof bounds_us / sizeof bounds_us[0])
static atomic_ullong latency[N_BOUNDS + 1];
static atomic_ullong latency_sum_us, latency_count;

static size_t status_slot(int status)
{
    for (size_t i = 0; i < N_STATUS; i++)
        if (statuses[i] == status)
            return i;
    return N_STATUS;
}

void metrics_observe(int route_id, int status, int64_t micros)
{
    if (route_id < 0 || route_id > METRICS_MAX_ROUTES)
        route_id = 0;
    if (micros < 0)
        micros = 0;
    atomic_fetch_add_explicit(&requests[route_id][status_slot(status)], 1, memory_order_relaxed);
    size_t b = 0;
    while (b < N_BOUNDS && micros > bounds_us[b])
        b++;
    atomic_fetch_add_explicit(&latency[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&latency_sum_us, (unsigned long long)micros, memory_order_relaxed);
    atomic_fetch_add_explicit(&latency_count, 1, memory_order_relaxed);
}

static uint32_t id_prefix;
static atomic_ullong id_next;
static pthread_once_t id_once = PTHREAD_ONCE_INIT;

static void id_init(void)
{
    if (getrandom(&id_prefix, sizeof id_prefix, 0) != (ssize_t)sizeof id_prefix)
        id_prefix = (uint32_t)time(NULL) ^ (uint32_t)getpid();
}

void metrics_request_id(char *buf, size_t cap)
{
    pthread_once(&id_once, id_init);
    unsigned long long n = atomic_fetch_add_explicit(&id_next, 1, memory_order_relaxed);
    snprintf(buf, cap, "%08" PRIx32 "%08llx", id_prefix, n & 0xffffffffULL);
}

int metrics_request_id_ok(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return 0;
    }
    return n >= 1 && n <= 64;
}

/* A label value: the route patterns hold only path characters, but escape as the format says. */
static void label(strbuf *out, const char *v)
{
    for (; *v; v++) {
        if (*v == '\\' || *v == '"')
            sb_addc(out, '\\');
        if (*v == '\n') {
            sb_adds(out, "\\n");
            continue;
        }
        sb_addc(out, *v);
    }
}

void metrics_render_http(strbuf *out)
{
    sb_adds(out, "# HELP vanphong_http_requests_total Requests answered, by route pattern, "
                 "method and status.\n"
                 "# TYPE vanphong_http_requests_total counter\n");
    for (int id = 0; id <= METRICS_MAX_ROUTES; id++) {
        const char *method = "", *pattern = "unmatched";
        unsigned flags;
        if (id > 0 && !route_at((size_t)(id - 1), &method, &pattern, &flags))
            break;
        for (size_t s = 0; s <= N_STATUS; s++) {
            unsigned long long n = atomic_load_explicit(&requests[id][s], memory_order_relaxed);
            if (n == 0)
                continue;
            sb_adds(out, "vanphong_http_requests_total{method=\"");
            label(out, method);
            sb_adds(out, "\",route=\"");
            label(out, pattern);
            if (s < N_STATUS)
                sb_printf(out, "\",status=\"%d\"} %llu\n", statuses[s], n);
            else
                sb_printf(out, "\",status=\"other\"} %llu\n", n);
        }
    }
    sb_adds(out, "# HELP vanphong_http_request_duration_seconds Time from the request read to "
                 "the response queued.\n"
                 "# TYPE vanphong_http_request_duration_seconds histogram\n");
    unsigned long long cum = 0;
    for (size_t b = 0; b <= N_BOUNDS; b++) {
        cum += atomic_load_explicit(&latency[b], memory_order_relaxed);
        if (b < N_BOUNDS)
            sb_printf(out, "vanphong_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                      (double)bounds_us[b] / 1e6, cum);
        else
            sb_printf(out, "vanphong_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                      cum);
    }
    sb_printf(out, "vanphong_http_request_duration_seconds_sum %.6f\n",
              (double)atomic_load_explicit(&latency_sum_us, memory_order_relaxed) / 1e6);
    sb_printf(out, "vanphong_http_request_duration_seconds_count %llu\n",
              atomic_load_explicit(&latency_count, memory_order_relaxed));
}
