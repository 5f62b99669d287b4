#ifndef VP_PETITIONS_IMPL_H
#define VP_PETITIONS_IMPL_H
/* Private to petitions/: shared helpers of the service files and the pages. */
#include <jansson.h>

#include "petitions/petitions.h"

#define PET_MSG_BUSY "Cơ sở dữ liệu đang bận, vui lòng thử lại."

/* Rules keys (rules.h), declared in petitions_init. */
#define PET_KEY_QUOTA_PROVINCE "petitions.quota_province_days"
#define PET_KEY_QUOTA_COMMUNE "petitions.quota_commune_days"
#define PET_KEY_REMIND_BEFORE "petitions.remind_before_days"

int pet_index(const char *const *codes, const char *s); /* -1 when absent */
bool pet_protected_kind(const char *kind);              /* denunciation, mixed */
/* Folded, trimmed copy for keyed hashes ("" for NULL). malloc'd. */
char *pet_fold(const char *s);
/* The sealed JSON of an identity; NULL when all fields are empty. */
unsigned char *pet_ident_seal(const pet_ident *w, size_t *n_r);
/* Opened into the arena; NULL when absent or unreadable. */
const pet_ident *pet_ident_open(ctx *c, const void *box, size_t n);
/* Today in Vietnam into out[11]. */
void pet_today(char out[11]);
/* Validates a trimmed text: required, at most max bytes, valid UTF-8; adds to e under field. */
const char *pet_text(ctx *c, const char *s, const char *field, const char *label, size_t max,
                     bool required, web_err *e);
/* The petition's JSON for the API (no identity). */
json_t *pet_json(ctx *c, const petition *p);
const char *pet_vn_date(ctx *c, const char *iso);

/* pet_ocr.c: the job reading a scan's text ("petition_ocr", payload the petition_files id)
 * and its registration. */
int pet_ocr_job(db *d, const char *payload, const char *data_dir, char **err_r);
void pet_ocr_init(void);

#endif
