#ifndef VP_WEB_RECORDS_H
#define VP_WEB_RECORDS_H
/* Kinds of records, and what lower modules may ask about a record they do not own.
 *
 * Attachments, notifications and the audit trail point at documents ("in" 12, "out" 7), but
 * the modules that keep them sit below the documents (docs/ARCHITECTURE.md): they may not
 * include incoming/ or outgoing/. So each module that owns a kind of record registers, at
 * start-up (its *_routes()), who may see one; and a module that adds to a record's page (the
 * search index state, the routing panel) registers a section that the owner's page prints.
 * Registration happens before any request; after that the tables are read-only. */
#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"

/* 1 when the caller may see record id of this kind (and *secrecy_r is its secrecy level,
 * 0 = none), 0 when absent or not visible. */
typedef int (*record_visible_fn)(ctx *c, int64_t id, int *secrecy_r);
void record_kind_register(const char *kind, record_visible_fn visible);
/* Asks the owner of `kind`; false for an unknown kind. secrecy_r may be NULL. */
bool record_visible(ctx *c, const char *kind, int64_t id, int *secrecy_r);

/* A section printed into the page of a record of `kind` the caller may see, in order of
 * registration, where the owner's page calls record_sections_html. */
typedef void (*record_section_fn)(ctx *c, const char *kind, int64_t id);
void record_section_register(const char *kind, record_section_fn fn);
void record_sections_html(ctx *c, const char *kind, int64_t id);

#endif
