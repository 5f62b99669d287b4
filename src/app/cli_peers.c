/* `vanphong peer-key --data DIR`: this installation's organ id and Ed25519 public key, the two
 * things the administrator of another installation enters to accept its messages (peers.h). */
#include <stdio.h>
#include <stdlib.h>

#include "app/app.h"
#include "app/cli.h"
#include "base/args.h"
#include "base/i18n.h"
#include "db/db.h"
#include "peers/peers.h"

static const char help[] =
    N_("cách dùng: vanphong peer-key --data DIR\n"
       "  In mã định danh cơ quan và khóa công khai Ed25519 của hệ thống này (tạo khóa nếu chưa\n"
       "  có, trong DIR/keys/peer.key), để quản trị của hệ thống bên kia nhập vào trang Kết nối\n"
       "  liên thông.\n");

int cli_peer_key(int argc, char **argv)
{
    static const char *const values[] = {"--data", NULL};
    static const cli_spec spec = {"vanphong peer-key", help, values, NULL, 0, 0};
    int st = cli_parse(argc, argv, &spec);
    if (st >= 0)
        return st;
    const char *data = cli_opt(argc, argv, "--data");
    if (!data) {
        fputs(_(help), stderr);
        return 2;
    }
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        fprintf(stderr, "vanphong peer-key: %s\n", err ? err : "?");
        free(err);
        return 1;
    }
    char organ[32], pk[128];
    int rc = peers_self(db_thread(), organ, sizeof organ, pk, sizeof pk);
    db_thread_close();
    if (rc != 0) {
        fputs(_("vanphong peer-key: không đọc hoặc tạo được khóa\n"), stderr);
        return 1;
    }
    printf("organ_id: %s\npublic_key: %s\n", organ, pk);
    return 0;
}
