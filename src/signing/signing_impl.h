#ifndef VP_SIGNING_IMPL_H
#define VP_SIGNING_IMPL_H
/* Private to src/signing/: the tool runner and the private temporary directories. */
#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "db/db.h"
#include "signing/signing.h"

/* Runs a tool (no shell; jobs_exec's clean environment and limits). 0 when it exited 0;
 * otherwise -1 with *err_r (malloc'd English detail for the log; may be NULL). out may hold the
 * tool's output either way. */
int signing_run(const char *const argv[], strbuf *out, char **err_r);

/* A 0700 directory under the data directory's tmp/ for one operation's files (passwords,
 * certificates, PDFs); signing_tmp_remove deletes it and everything in it. 0/-1. */
int signing_tmp_make(char *dir, size_t n);
void signing_tmp_remove(const char *dir);
/* Writes data to dir/name with mode 0600; the path into path_r (size n). 0/-1. */
int signing_tmp_write(const char *dir, const char *name, const void *data, size_t len, char *path_r,
                      size_t n);
/* Reads a whole file into out. 0/-1. */

/* Makes sure the NSS database exists (lazily, once; config.data_dir). 0/-1 with *err_r. */
int signing_nss_ready(char **err_r);

/* The signer's newest active credential: its id, nickname (arena) and validity. False when the
 * user has none. */
typedef struct signer_key {
    int64_t id;
    const char *nickname, *not_before, *not_after, *subject;
} signer_key;
bool signing_signer_key(db *d, arena *a, int64_t user_id, signer_key *k);
bool signing_iso_expired(const char *not_before, const char *not_after); /* vs the clock */

/* Keeps r as the verification of the blob sha256 (replacing an older one); inside the caller's
 * write transaction. 0/-1. */
int signing_store_result(db *d, const char *sha256, const sig_result *r);

/* Registration of the pieces (signing_routes, signing_init). */
void signing_api_routes(void);  /* signing_api.c */
void signing_verify_init(void); /* verify.c: the attachment hook */

#endif
