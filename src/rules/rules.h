#ifndef VP_RULES_H
#define VP_RULES_H
/* Rule values (tham số nghiệp vụ): the numbers and choices a rule of the trade sets that are a
 * default or unverified — the invitation lead time, the conclusion-notice clock, the weekday the
 * calendar is published, reminder offsets, who may extend a deadline — kept as data with
 * effective dates, never as code. A module declares each key it reads, with its default, label
 * and source, once at start-up (its X_init); a row of rule_values overrides the default for the
 * dates it covers. The value in force on a date is what a record of that date obeys: records
 * from before a change keep the rule of their time.
 *
 * Table rule_values (migration 028_rules.sql), written only here; each change is audited
 * ("rule.set"). Keys are "module.name" ("conferences.invite_lead_days"). */
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "web/ctx.h"

#define RULES_MAX 128 /* declared keys */

typedef enum rule_type {
    RULE_INT,     /* a whole number within [min, max] */
    RULE_WEEKDAY, /* ISO weekday 1 (Monday) … 7 (Sunday) */
    RULE_TEXT,    /* a choice among the comma-separated words of `choices` */
} rule_type;

typedef struct rule_def {
    const char *key; /* "conferences.invite_lead_days" */
    rule_type type;
    const char *dflt;    /* the default, as text: "3" */
    int64_t min, max;    /* RULE_INT bounds */
    const char *choices; /* RULE_TEXT: "office-leader,committee-leader" */
    const char *label; /* Vietnamese, N_()-marked: "Gửi giấy mời trước (ngày làm việc)" */
    const char *source; /* where the default comes from: "QĐ 45/2018/QĐ-TTg (tương tự)" */
} rule_def;

/* Registers a key (static storage; called from X_init, before any request). A key declared
 * twice keeps the first. */
void rules_declare(const rule_def *def);
/* The declared keys in declaration order; count. */
int rules_defs(const rule_def *const **defs_r);
const rule_def *rules_def(const char *key);

/* The value in force on date ("YYYY-MM-DD"; NULL = today in Vietnam) as text, into buf
 * (>= 256 bytes): the row covering that date with the latest effective_from, else the
 * default. NULL for an undeclared key. */
const char *rules_text(db *d, const char *key, const char *date, char *buf, size_t n);
/* The same as a number (RULE_INT, RULE_WEEKDAY); an undeclared key or unreadable value gives
 * the default, or 0. */
int64_t rules_int(db *d, const char *key, const char *date);

/* Checks value against the key's type ("" or a Vietnamese message into err, >= 200 bytes). */
bool rules_valid(const char *key, const char *value, char *err, size_t n);
/* Sets key to value from effective_from (a date) on; the row in force before it is closed the
 * day before. Audited ("rule.set") in the same transaction. 0, or -1 with a message in err. */
int rules_set(db *d, const user *actor, const char *key, const char *value,
              const char *effective_from, const char *source, char *err, size_t n);

/* Who may set a value: the administrator (a NULL actor is the system: the CLI, tests). */
bool rules_may_set(const user *actor);
/* The rows of key, latest effective_from first (arena strings). Count or -1. */
typedef struct rule_value_row {
    const char *value, *effective_from, *effective_to, *source, *updated_at; /* to: "" = open */
} rule_value_row;
int rules_history(db *d, arena *a, const char *key, rule_value_row **rows_r);
/* /admin/rules, GET/POST /api/v1/rules (rules_web.c); registered by workdays_routes. */
void rules_routes(void);

#endif
