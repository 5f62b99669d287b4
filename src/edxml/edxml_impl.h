#ifndef VP_EDXML_IMPL_H
#define VP_EDXML_IMPL_H
/* Shared inside edxml/. */
#include "edxml/edxml.h"

/* An organ by id: a unit of this installation (unit_r its id, never encrypted) or a known
 * outside organ (unit_r 0). 0 found, 1 unknown, -1 store error. */
int edxml_organ_lookup(db *d, const char *organ_id, const char **name_r, bool *encrypted_r,
                       int64_t *unit_r, arena *a);
extern const db_query q_organ;
/* Rule edxml.file_channel_encrypted: whether a file download counts as an encrypted channel. */
bool edxml_file_channel_encrypted(db *d);
void edxml_rules_declare(void);
void edxml_web_routes(void);
void edxml_api_routes(void);
void edxml_organs_routes(void); /* /admin/edxml/organs, /api/v1/edxml/organs */

#endif
