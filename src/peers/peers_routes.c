/* peers_init (rule keys, the kinds' tables, the built-in peers.ping, the delivery worker as an
 * idle hook, the key pair) and peers_routes. */
#include <curl/curl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/config.h"
#include "base/i18n.h"
#include "jobs/jobs.h"
#include "peers/peers_impl.h"
#include "rules/rules.h"

void peers_web_routes(void);
void peers_inbox_routes(void);

/* Every number of the transport is a rule value an office changes from a date on (rules.h). */
static const rule_def r_first = {"peers.retry_first_s",
                                 RULE_INT,
                                 "30",
                                 1,
                                 3600,
                                 NULL,
                                 N_("Liên thông: chờ trước lần gửi lại đầu tiên (giây)"),
                                 N_("Mặc định [chưa xác minh]; sau đó gấp đôi mỗi lần")};
static const rule_def r_max = {"peers.retry_max_s",
                               RULE_INT,
                               "3600",
                               1,
                               86400,
                               NULL,
                               N_("Liên thông: thời gian chờ dài nhất giữa hai lần gửi lại (giây)"),
                               N_("Mặc định [chưa xác minh]")};
static const rule_def r_give_up = {"peers.give_up_hours",
                                   RULE_INT,
                                   "72",
                                   0,
                                   720,
                                   NULL,
                                   N_("Liên thông: thôi gửi lại sau (giờ) và báo quản trị"),
                                   N_("Mặc định [chưa xác minh]")};
static const rule_def r_skew = {"peers.clock_skew_s",
                                RULE_INT,
                                "600",
                                30,
                                86400,
                                NULL,
                                N_("Liên thông: độ lệch thời gian gửi chấp nhận được (giây)"),
                                N_("Mặc định [chưa xác minh]")};
static const rule_def r_size = {"peers.max_body_mb",
                                RULE_INT,
                                "40",
                                1,
                                45,
                                NULL,
                                N_("Liên thông: dung lượng tối đa một gói tin (MB)"),
                                N_("Mặc định; giới hạn tải lên của máy chủ là 50 MB")};

#define MAX_KINDS 32
static struct {
    const char *kind;
    peers_handler fn;
    peers_reply_fn reply;
    peers_failed_fn failed;
} kinds[MAX_KINDS];
static int n_kinds;

static int slot(const char *kind)
{
    for (int i = 0; i < n_kinds; i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return i;
    if (n_kinds == MAX_KINDS) {
        fprintf(stderr, "vanphong: BUG: too many peer message kinds\n");
        return -1;
    }
    kinds[n_kinds].kind = kind;
    return n_kinds++;
}

void peers_on(const char *kind, peers_handler fn)
{
    int i = slot(kind);
    if (i >= 0 && !kinds[i].fn)
        kinds[i].fn = fn;
}

void peers_on_reply(const char *kind, peers_reply_fn fn)
{
    int i = slot(kind);
    if (i >= 0 && !kinds[i].reply)
        kinds[i].reply = fn;
}

void peers_on_failed(const char *kind, peers_failed_fn fn)
{
    int i = slot(kind);
    if (i >= 0 && !kinds[i].failed)
        kinds[i].failed = fn;
}

peers_failed_fn peers_failed_for(const char *kind)
{
    for (int i = 0; i < n_kinds; i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return kinds[i].failed;
    return NULL;
}

peers_handler peers_handler_for(const char *kind)
{
    for (int i = 0; i < n_kinds; i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return kinds[i].fn;
    return NULL;
}

peers_reply_fn peers_reply_for(const char *kind)
{
    for (int i = 0; i < n_kinds; i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return kinds[i].reply;
    return NULL;
}

/* peers.ping: the receiver answers "pong"; the sender records it on the peer's row. */
static int ping_handler(db *d, const peers_msg *m, strbuf *reply)
{
    sb_adds(reply, "pong");
    return 0;
}

static const db_query q_pinged = {
    "peers.pinged", "UPDATE peers SET last_ping_at = ?2, last_ping_reply = ?3 WHERE id = ?1", NULL};

static void ping_reply(db *d, const peers_msg *m, const void *reply, size_t n)
{
    char at[32];
    clock_iso(clock_now(), at, sizeof at);
    db_stmt *s = db_stmt_get(d, &q_pinged);
    if (!s)
        return;
    db_bind_int(s, 1, m->peer_id);
    db_bind_text(s, 2, at);
    db_bind_textn(s, 3, reply, n > 200 ? 200 : n);
    db_exec(s);
}

/* The workers call it whenever they have no job: deliver what is due, one at a time. */
static int deliver_idle(db *d)
{
    return peers_deliver_one(d);
}

void peers_init(void)
{
    static atomic_bool done;
    if (!atomic_exchange(&done, true)) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        rules_declare(&r_first);
        rules_declare(&r_max);
        rules_declare(&r_give_up);
        rules_declare(&r_skew);
        rules_declare(&r_size);
        peers_on("peers.ping", ping_handler);
        peers_on_reply("peers.ping", ping_reply);
        jobs_add_idle(deliver_idle);
    }
    /* The key pair exists from the first start, so the admin can hand the public key over. */
    peers_keys k;
    char *err = NULL;
    if (config.data_dir && peers_keys_get(&k, &err) != 0) {
        fprintf(stderr, "vanphong: %s\n", err ? err : "peer key");
        free(err);
    }
}

void peers_routes(void)
{
    peers_inbox_routes();
    peers_web_routes();
}
