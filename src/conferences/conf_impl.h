#ifndef VP_CONF_IMPL_H
#define VP_CONF_IMPL_H
/* Private to conferences/: the shared endings of a service write and small readers. */
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "conferences/conferences.h"

#define CONF_MSG_BUSY N_("Cơ sở dữ liệu đang bận, vui lòng thử lại.")
#define CONF_MSG_NOT_FOUND N_("Không tìm thấy hội nghị.")
#define CONF_MSG_FORBIDDEN N_("Chỉ văn phòng của cấp ủy tổ chức hội nghị được làm việc này.")

/* Adds a refusal and returns -1 (`return conf_refuse(...)`). */
int conf_refuse(web_err *e, int status, const char *field, const char *msg);
/* Begins the write; -1 with 503 in e when the store is busy. */
int conf_begin(ctx *c, web_err *e);
/* Audits (entity "conference", id) with `after` (reference taken) and commits; -1 with e. */
int conf_commit(ctx *c, const char *action, int64_t id, json_t *after, web_err *e);
/* Loads the conference for a change: 404 when not visible, 403 when the caller may not manage
 * it (manage = true), 409 when it is cancelled. NULL then. */
const conference *conf_for_change(ctx *c, int64_t id, bool manage, web_err *e);
/* Writes the conference's own fields (validated) and audits them, in its own transaction:
 * "conference.update", or with amend "conference.amend" (allowed once the invitation exists;
 * reason recorded). 0 or -1 with e filled. */
int conf_write_fields(ctx *c, int64_t id, const conf_input *in, bool amend, const char *reason,
                      web_err *e);
/* The invitation's text for the conference as it stands (arena). */
const char *conf_invitation_body(ctx *c, const conference *k);
/* Whether unit_id is invited to the conference. */
bool conf_is_invitee(db *d, int64_t id, int64_t unit_id);
/* "YYYY-MM-DD" of a "YYYY-MM-DD HH:MM" into the arena. */
const char *conf_date_of(ctx *c, const char *at);
/* The outgoing document's issue status: 1 issued (issued_date into *date_r, may be NULL),
 * 0 not yet, -1 absent. Reads the table directly: the organiser's page must show the state of a
 * document the viewer might not be cleared to open. */
int conf_doc_issued(db *d, int64_t outgoing_id, const char **date_r, arena *a);
/* A display name of a user, "" when unknown. */
const char *conf_user_name(ctx *c, int64_t id);
/* Registers the study reports as a source of the reporting regime (conf_source.c). */
void conf_source_register(void);

#endif
