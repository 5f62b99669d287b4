/* The demo office's exchange between installations (peers.h): the Thành ủy Cần Thơ's organ id
 * and one neighbouring installation configured by the administrator through the service, as
 * the admin would on /admin/peers — the Tỉnh ủy Vĩnh Long, reached over HTTPS. Its address is
 * a placeholder (.example), so "Kiểm tra kết nối" shows how a failed delivery looks (the last
 * error under "Thư gửi đi"); its public key is a fresh one. The organ ids are illustrative
 * (the real codes are issued by the central office's exchange platform). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "outgoing/outgoing.h"
#include "peers/peers.h"

static const db_query q_admin = {"demo.peers_admin", "SELECT id FROM users WHERE login = 'admin'",
                                 NULL};

int demo_peers_seed(db *d, char **err_r)
{
    db_stmt *s = db_stmt_get(d, &q_admin);
    int64_t admin_id = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    if (s)
        db_reset(s);
    if (!admin_id) {
        *err_r = strdup("demo peers: no admin");
        return -1;
    }
    arena *a = arena_new();
    ctx c = {.a = a, .db = d};
    c.user = auth_user_load(&c, admin_id);
    int rc = -1;
    web_err e = {0};
    if (!c.user || peers_set_self(&c, "000.00.31.T01", &e) != 0)
        goto out;
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    sodium_memzero(sk, sizeof sk);
    char b64[64];
    sodium_bin2base64(b64, sizeof b64, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
    peer_input in = {"Tỉnh ủy Vĩnh Long",
                     "000.00.00.H59",
                     "https://vanphong.tinhuyvinhlong.example",
                     b64,
                     "",
                     "",
                     true};
    if (peers_save(&c, 0, &in, &e) > 0)
        rc = 0;
out:
    if (rc != 0)
        *err_r = strdup(e.n ? web_err_message(&e) : "demo peers");
    arena_free(&a);
    return rc;
}
