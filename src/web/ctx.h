#ifndef VP_CTX_H
#define VP_CTX_H
/* The request context handed to every handler: request, response, arena, the thread's
 * database connection and the authenticated user.
 *
 * Handler order (STYLE.md, DESIGN.md): the dispatcher has already authenticated and, for
 * state changes made with a session cookie, checked the CSRF token. A handler then
 * authorizes (via its service), validates declared inputs, acts in one transaction with its
 * audit row, and redirects after POST. */
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "http/http.h"

enum role {
    ROLE_NONE = 0,
    ROLE_ADMIN,            /* quản trị */
    ROLE_COMMITTEE_LEADER, /* lãnh đạo cấp ủy: Thường trực, Ban Thường vụ */
    ROLE_OFFICE_LEADER,    /* lãnh đạo văn phòng */
    ROLE_CLERK,            /* văn thư */
    ROLE_SPECIALIST,       /* chuyên viên */
    ROLE_UNIT,             /* đơn vị cấp dưới */
};

typedef struct user {
    int64_t id;
    const char *login;
    const char *name;
    enum role role;
    int64_t unit_id;
    const char *unit_name;
    int64_t staff_id; /* 0 when the account is not tied to a staff record */
    /* Set by an administrator (reset, "require a change") or for the first administrator:
     * every page sends the user to /account/password and the API answers 403 until changed. */
    bool must_change_password;
} user;

typedef struct ctx {
    arena *a;
    http_req *rq;
    http_resp *rs;
    db *db;
    const user *user;       /* NULL when anonymous */
    int64_t session_id;     /* 0 for API-token or anonymous requests */
    const char *csrf_token; /* the session's token, for forms; NULL without a session */
    bool is_api;            /* path under /api/: errors are JSON */
    /* The failed form this page shows again (web/forms.h): this request's own, or the one
     * kept for it across a redirect, taken once; form_taken says it was looked for. */
    struct form_state *form;
    bool form_taken;
    const char *data_dir;
    /* The user's unit scope, computed once per request by org_scope_unit_ids (lists call it
     * several times per page; the tree walk is the costliest part of a home page). */
    struct {
        bool loaded, all;
        int n;
        int64_t *ids;
        const char *json; /* the ids as a JSON array (org_scope_json), NULL until asked */
    } scope;
} ctx;

/* Role codes as the CLI and API spell them: admin, committee-leader, office-leader, clerk,
 * specialist, unit. role_from_code returns ROLE_NONE for anything else. */
extern const char *const role_codes[]; /* the codes above, NULL-terminated */
const char *role_code(enum role r);
enum role role_from_code(const char *s);
const char *role_label(enum role r); /* Vietnamese label through gettext */
/* True for the roles that route documents and lead (office-leader, committee-leader). */
bool role_is_leader(enum role r);

#endif
