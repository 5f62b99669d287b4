#ifndef VP_PROGRAMMES_IMPL_H
#define VP_PROGRAMMES_IMPL_H
/* Private to programmes/: the shared helpers of the service files. */
#include <jansson.h>

#include "programmes/programmes.h"

#define PROG_MSG_BUSY "Cơ sở dữ liệu đang bận, vui lòng thử lại."

/* e gets status/code/field/message; returns -1. */
int prog_fail(web_err *e, int status, const char *field, const char *msg);
/* Begins a write; -1 with 503 in e when the store is busy. */
int prog_begin(ctx *c, web_err *e);
/* Audit row and commit; -1 (rolled back, e filled) on failure. */
int prog_commit(ctx *c, const char *action, int64_t id, json_t *after, web_err *e);
/* Office staff (clerk, specialist, office-leader) of the unit: their scope anchor is it. */
bool prog_is_office(ctx *c, int64_t unit_id);
bool prog_may_read_unit(ctx *c, int64_t unit_id);
/* Loads a programme without the visibility check (NULL when absent). */
const programme *prog_load(ctx *c, int64_t id);
const prog_item *prog_item_load(ctx *c, int64_t item_id);
bool prog_is_draft(const char *stored_status); /* DU_THAO or DIEU_CHINH */
bool prog_is_live(const programme *p);         /* DA_DUYET or BAN_HANH as read */
/* Checks an item's fields against the programme (its unit's level bodies, its period). */
int prog_item_validate(ctx *c, const programme *p, const item_in *in, web_err *e);
/* Adds the item's coordinating units (inside the caller's transaction): 0 or -1. */
int prog_item_coops_add(ctx *c, int64_t item_id, const item_in *in);
/* Inserts an item (inside the caller's transaction): the new id or -1. */
int64_t prog_item_insert(ctx *c, int64_t programme_id, const item_in *in, const char *status,
                         const char *reason, int64_t result_id, int64_t origin_id,
                         const char *origin_kind);
int prog_event_add(ctx *c, int64_t item_id, const char *action, const char *from, const char *to,
                   const char *reason, int64_t ref_item_id);
/* The due date of an item of p: planned_date, else the last day of planned_month, else the
 * programme's end. */
const char *prog_due_date(ctx *c, const programme *p, int planned_month, const char *planned_date);
bool prog_body_at_level(ctx *c, int64_t unit_id, const char *body, const char *kind,
                        const char **name_r);
bool prog_code_in(const char *s, const char *const *codes);
const char *prog_now(ctx *c);
/* Validates in (always) and, unless validate_only, inserts the programme row inside the
 * caller's transaction: the id (0 when validate_only) or -1 with e filled. */
int64_t prog_insert(ctx *c, const prog_new *in, int version, const char *status, int64_t parent_id,
                    int64_t supersedes_id, web_err *e, bool validate_only);
/* Copies an item into target (kind "pick", "carry" or "revise") with status, inside the
 * caller's transaction, after validating it there (a dissolved lead unit is refused): the new
 * id, or -1 (e filled when the copy was refused, empty on a store failure). */
int64_t prog_copy_item(ctx *c, const prog_item *it, const programme *target, const char *kind,
                       const char *status, web_err *e);

#endif
